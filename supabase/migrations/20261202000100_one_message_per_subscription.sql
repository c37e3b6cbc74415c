-- A resident's 「允许」 to requestSubscribeMessage is a one-time subscription: WeChat delivers one
-- message on it and refuses the next (43101). So a sign-up hears once: the first message due goes
-- out (a promotion, a change, a cancellation, else its one reminder), and that ends its subscription.

-- One reminder per subscribed sign-up: a day before, or an hour before when signed up later than that.
create or replace function schedule_reminders(p_signup activity_signups, p_activity activities) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into activity_notifications (user_id, activity_id, kind, due_at)
  select p_signup.user_id, p_activity.id, r.kind, r.due_at
  from (values ('day_before', p_activity.starts_at - interval '1 day'),
               ('hour_before', p_activity.starts_at - interval '1 hour')) as r(kind, due_at)
  where p_signup.subscribed and p_signup.status = 'confirmed' and r.due_at > now()
  order by r.due_at
  limit 1
  on conflict do nothing;
$$;

-- Moves waitlisted sign-ups up in arrival order while the first in line fits; the caller holds
-- the activity row lock. A subscribed promotion is told at once: that message is its one message.
create or replace function promote_waitlist(p_activity_id uuid) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_next activity_signups;
begin
  loop
    select * into v_activity from activities where id = p_activity_id;
    select * into v_next from activity_signups
      where activity_id = p_activity_id and status = 'waitlisted' order by arrival limit 1;
    exit when v_next.id is null or v_activity.confirmed_seats + v_next.seats > v_activity.capacity;
    update activity_signups set status = 'confirmed', confirmed_at = now() where id = v_next.id
      returning * into v_next;
    update activities set confirmed_seats = confirmed_seats + v_next.seats,
                          waitlisted_seats = waitlisted_seats - v_next.seats where id = p_activity_id;
    if v_next.subscribed then
      insert into activity_notifications (user_id, activity_id, kind, due_at)
        values (v_next.user_id, p_activity_id, 'promoted', now()) on conflict do nothing;
    end if;
  end loop;
end
$$;

-- Claims due messages, one per sign-up (the earliest), and none for a sign-up whose message is
-- in flight or waiting for a retry: of two senders, only one can spend a subscription.
create or replace function api_notifications_claim(p_limit int) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  with due as (
    select n.id, n.user_id, n.activity_id, n.due_at from activity_notifications n
    where n.status = 'pending' and n.due_at <= now()
      and not exists (select 1 from activity_notifications f
                      where f.user_id = n.user_id and f.activity_id = n.activity_id
                        and f.status = 'pending' and f.attempts > 0 and f.due_at > now())
    order by n.due_at limit p_limit for update skip locked
  ), claimed as (
    update activity_notifications n set due_at = now() + interval '5 minutes', attempts = attempts + 1
    where n.id in (select distinct on (user_id, activity_id) id from due order by user_id, activity_id, due_at, id)
    returning n.*
  )
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
    'id', c.id, 'kind', c.kind, 'attempts', c.attempts, 'openid', u.openid,
    'activity', jsonb_build_object('id', a.id, 'title', a.title, 'startsAt', a.starts_at, 'location', a.location))
    order by c.id), '[]'::jsonb))
  from claimed c join users u on u.id = c.user_id join activities a on a.id = c.activity_id;
$$;

-- p_outcome: sent, retry (back in the queue, at most three attempts) or refused (the user has no
-- subscription left: never retried). Sent or refused, the subscription is spent: the sign-up's
-- other pending messages are skipped and it queues no more.
create or replace function api_notification_done(p_id bigint, p_outcome text, p_error text default null) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_done activity_notifications;
begin
  update activity_notifications set
    status = case p_outcome when 'sent' then 'sent' when 'refused' then 'skipped'
                  else case when attempts >= 3 then 'failed' else 'pending' end end,
    sent_at = case when p_outcome = 'sent' then now() end,
    due_at = case when p_outcome = 'retry' then now() + interval '2 minutes' * attempts else due_at end,
    last_error = p_error
  where id = p_id
  returning * into v_done;
  if p_outcome in ('sent', 'refused') then
    update activity_signups set subscribed = false
      where activity_id = v_done.activity_id and user_id = v_done.user_id and subscribed;
    update activity_notifications set status = 'skipped', last_error = 'subscription spent'
      where activity_id = v_done.activity_id and user_id = v_done.user_id and status = 'pending';
  end if;
  return jsonb_build_object('id', v_done.id, 'status', v_done.status);
end
$$;

