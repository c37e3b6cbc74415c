-- Activities: sign-up with capacity and waiting list, tickets and check-in, hours, reminders.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000400_activities.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- Position in the waiting list: the waitlisted sign-ups that arrived earlier, plus one.
create function signup_json(p_signup activity_signups) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_strip_nulls(jsonb_build_object(
    'id', p_signup.id, 'status', p_signup.status, 'seats', p_signup.seats,
    'position', case when p_signup.status = 'waitlisted' then
      1 + (select count(*) from activity_signups w where w.activity_id = p_signup.activity_id
           and w.status = 'waitlisted' and w.arrival < p_signup.arrival) end,
    'checkedInAt', p_signup.checked_in_at, 'checkedOutAt', p_signup.checked_out_at
  ));
$$;

-- The activity as the API shows it, with the scope it belongs to.
create function activity_json(p_activity activities, p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_activity.id, 'title', p_activity.title, 'kind', p_activity.kind,
    'description', p_activity.description, 'coverUrl', p_activity.cover_url,
    'location', p_activity.location, 'latitude', p_activity.latitude, 'longitude', p_activity.longitude,
    'startsAt', p_activity.starts_at, 'endsAt', p_activity.ends_at,
    'signupDeadline', coalesce(p_activity.signup_deadline, p_activity.starts_at),
    'capacity', p_activity.capacity, 'audience', p_activity.audience, 'hours', p_activity.hours,
    'cancelRule', p_activity.cancel_rule, 'status', p_activity.status,
    'confirmedCount', p_activity.confirmed_seats, 'waitlistCount', p_activity.waitlisted_seats,
    'mySignup', (select signup_json(s) from activity_signups s
                 where s.activity_id = p_activity.id and s.user_id = p_user_id and s.status <> 'cancelled'),
    'communityId', p_activity.community_id,
    'unitId', p_activity.unit_id,
    'scopeName', case when p_activity.community_id is not null then scope_name('community', p_activity.community_id)
                      when p_activity.unit_id is not null then scope_name('unit', p_activity.unit_id) end
  );
$$;
-- A resident's 「允许」 to requestSubscribeMessage is a one-time subscription: WeChat delivers one
-- message on it and refuses the next (43101). So a sign-up hears once: the first message due goes
-- out (a promotion, a change, a cancellation, else its one reminder), and that ends its subscription.

-- One reminder per subscribed sign-up: a day before, or an hour before when signed up later than that.
create function schedule_reminders(p_signup activity_signups, p_activity activities) returns void
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
create function promote_waitlist(p_activity_id uuid) returns void
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

-- Every subscribed, still-active sign-up of an activity hears about a change or a cancellation.
create function notify_signups(p_activity_id uuid, p_kind text) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into activity_notifications (user_id, activity_id, kind, due_at)
  select user_id, activity_id, p_kind, now() from activity_signups
  where activity_id = p_activity_id and subscribed and status <> 'cancelled' and user_id is not null;
$$;

-- ============================================================================
-- API functions: residents
-- ============================================================================
create function api_activities_list(p_user_id uuid, p_kind text, p_limit int, p_after_start timestamptz default null,
                                    p_after_id uuid default null) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(activity_json(a, p_user_id) order by a.starts_at, a.id), '[]'::jsonb))
  from (select * from activities
        where status = 'published' and ends_at > now() and (p_kind is null or kind = p_kind)
          and (p_after_start is null or (starts_at, id) > (p_after_start, p_after_id))
        order by starts_at, id limit least(greatest(p_limit, 1), 100) + 1) a;
$$;

create function api_activity_get(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  return activity_json(v_activity, p_user_id);
end
$$;

-- The activity row lock orders sign-ups: seats and waiting-list order hold under concurrency.
create function api_activity_signup(p_user_id uuid, p_activity_id uuid, p_seats int, p_subscribe boolean) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
  v_status text;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_activity.status <> 'published' or now() >= coalesce(v_activity.signup_deadline, v_activity.starts_at) then
    raise exception 'signup_closed';
  end if;
  if exists (select 1 from activity_signups where activity_id = p_activity_id and user_id = p_user_id and status <> 'cancelled') then
    raise exception 'already_signed_up';
  end if;
  -- Nobody jumps the queue: with people waiting, newcomers wait too.
  v_status := case when v_activity.waitlisted_seats = 0 and v_activity.confirmed_seats + p_seats <= v_activity.capacity
                   then 'confirmed' else 'waitlisted' end;
  insert into activity_signups (activity_id, user_id, seats, status, subscribed, confirmed_at)
    values (p_activity_id, p_user_id, p_seats, v_status, p_subscribe, case when v_status = 'confirmed' then now() end)
    returning * into v_signup;
  update activities set
    confirmed_seats = confirmed_seats + case when v_status = 'confirmed' then p_seats else 0 end,
    waitlisted_seats = waitlisted_seats + case when v_status = 'waitlisted' then p_seats else 0 end
  where id = p_activity_id;
  perform schedule_reminders(v_signup, v_activity);
  return signup_json(v_signup);
end
$$;

create function api_activity_signup_cancel(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  select * into v_signup from activity_signups
    where activity_id = p_activity_id and user_id = p_user_id and status <> 'cancelled';
  if not found then
    raise exception 'not_found';
  end if;
  if v_signup.checked_in_at is not null or v_activity.cancel_rule = 'never'
     or (v_activity.cancel_rule = 'until_deadline' and now() >= coalesce(v_activity.signup_deadline, v_activity.starts_at)) then
    raise exception 'cancel_not_allowed';
  end if;
  update activity_signups set status = 'cancelled', cancelled_at = now() where id = v_signup.id;
  update activities set
    confirmed_seats = confirmed_seats - case when v_signup.status = 'confirmed' then v_signup.seats else 0 end,
    waitlisted_seats = waitlisted_seats - case when v_signup.status = 'waitlisted' then v_signup.seats else 0 end
  where id = p_activity_id;
  delete from activity_notifications where user_id = p_user_id and activity_id = p_activity_id and status = 'pending';
  perform promote_waitlist(p_activity_id);
  return jsonb_build_object('status', 'cancelled');
end
$$;

-- The ticket of a confirmed sign-up, shown as a QR to the organiser at the door.
create function api_activity_ticket(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_signup activity_signups;
begin
  select * into v_signup from activity_signups
    where activity_id = p_activity_id and user_id = p_user_id and status = 'confirmed';
  if not found then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('ticket', v_signup.ticket, 'signup', signup_json(v_signup),
    'activity', (select jsonb_build_object('id', id, 'title', title, 'startsAt', starts_at, 'endsAt', ends_at,
                                           'location', location) from activities where id = p_activity_id));
end
$$;

create function api_activities_mine(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  return jsonb_build_object(
    'hoursTotal', (select coalesce(sum(hours), 0) from volunteer_hours where user_id = p_user_id),
    'items', coalesce((
      select jsonb_agg(jsonb_build_object(
               'activity', jsonb_build_object('id', a.id, 'title', a.title, 'kind', a.kind, 'startsAt', a.starts_at,
                                              'endsAt', a.ends_at, 'location', a.location, 'status', a.status),
               'signup', signup_json(s),
               'hours', (select coalesce(sum(h.hours), 0) from volunteer_hours h where h.user_id = p_user_id and h.activity_id = a.id))
             order by a.starts_at desc)
      from activity_signups s join activities a on a.id = s.activity_id
      where s.user_id = p_user_id and s.status <> 'cancelled'), '[]'::jsonb)
  );
end
$$;

-- Creates (p_activity_id null) or edits an activity; p_fields holds the columns to set. The
-- organiser must hold the activity's scope (community_id / unit_id; neither: the county). An edit
-- that names community_id or unit_id moves the activity to exactly that scope (the other one
-- cleared), which needs the scope it leaves and the one it enters.
create function api_activity_save(p_user_id uuid, p_activity_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_moves boolean := p_fields ? 'community_id' or p_fields ? 'unit_id';
  v_community uuid := p_fields ->> 'community_id';
  v_unit uuid := p_fields ->> 'unit_id';
begin
  perform require_user(p_user_id);
  if v_community is not null and v_unit is not null then
    raise exception 'invalid_request' using detail = '{"reason": "活动只能属于一个社区或一个单位"}';
  end if;
  if p_activity_id is not null then
    select * into v_activity from activities where id = p_activity_id for update;
    if not found then
      raise exception 'not_found';
    end if;
    perform require_organizer(p_user_id, v_activity.scope_kind, v_activity.scope_id);
  end if;
  if p_activity_id is null or v_moves then
    perform require_organizer(p_user_id,
      case when v_community is not null then 'community' when v_unit is not null then 'unit' else 'county' end,
      coalesce(v_community, v_unit));
  end if;
  if v_community is not null and not exists (select 1 from communities where id = v_community) then
    raise exception 'community_not_found';
  end if;
  if v_unit is not null and not exists (select 1 from units where id = v_unit) then
    raise exception 'not_found' using detail = '{"unit": "not found"}';
  end if;

  if p_activity_id is null then
    insert into activities (title, kind, description, cover_url, location, latitude, longitude, starts_at, ends_at,
                            signup_deadline, capacity, audience, hours, cancel_rule, created_by, community_id, unit_id)
    select f.title, f.kind, coalesce(f.description, ''), f.cover_url, f.location, f.latitude, f.longitude,
           f.starts_at, f.ends_at, f.signup_deadline, f.capacity, coalesce(f.audience, 'all'), coalesce(f.hours, 0),
           coalesce(f.cancel_rule, 'until_deadline'), p_user_id, v_community, v_unit
    from jsonb_populate_record(null::activity_fields, p_fields) as f
    returning * into v_activity;
    perform audit(p_user_id, 'activity.create',
      jsonb_build_object('activityId', v_activity.id, 'communityId', v_community, 'unitId', v_unit, 'fields', p_fields));
    return activity_json(v_activity, p_user_id);
  end if;

  if v_activity.status = 'cancelled' then
    raise exception 'activity_cancelled';
  end if;
  if (p_fields ? 'capacity') and (p_fields->>'capacity')::int < v_activity.confirmed_seats then
    raise exception 'capacity_below_confirmed';
  end if;
  update activities a set
    title = coalesce(f.title, a.title), kind = coalesce(f.kind, a.kind), description = coalesce(f.description, a.description),
    cover_url = coalesce(f.cover_url, a.cover_url), location = coalesce(f.location, a.location),
    latitude = coalesce(f.latitude, a.latitude), longitude = coalesce(f.longitude, a.longitude),
    starts_at = coalesce(f.starts_at, a.starts_at), ends_at = coalesce(f.ends_at, a.ends_at),
    signup_deadline = coalesce(f.signup_deadline, a.signup_deadline), capacity = coalesce(f.capacity, a.capacity),
    audience = coalesce(f.audience, a.audience), hours = coalesce(f.hours, a.hours),
    cancel_rule = coalesce(f.cancel_rule, a.cancel_rule),
    community_id = case when v_moves then v_community else a.community_id end,
    unit_id = case when v_moves then v_unit else a.unit_id end,
    updated_at = now()
  from jsonb_populate_record(null::activity_fields, p_fields) as f
  where a.id = p_activity_id
  returning a.* into v_activity;
  -- Reminders follow a moved start.
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending' and kind in ('day_before', 'hour_before');
  perform schedule_reminders(s, v_activity) from activity_signups s where s.activity_id = p_activity_id;
  perform notify_signups(p_activity_id, 'changed');
  perform promote_waitlist(p_activity_id);
  perform audit(p_user_id, 'activity.edit', jsonb_build_object('activityId', p_activity_id, 'fields', p_fields));
  select * into v_activity from activities where id = p_activity_id;
  return activity_json(v_activity, p_user_id);
end
$$;

create function api_activity_cancel(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_organizer(p_user_id, v_activity.scope_kind, v_activity.scope_id);
  if v_activity.status <> 'published' then
    raise exception 'not_found';
  end if;
  update activities set status = 'cancelled', updated_at = now() where id = p_activity_id returning * into v_activity;
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending';
  perform notify_signups(p_activity_id, 'cancelled');
  perform audit(p_user_id, 'activity.cancel', jsonb_build_object('activityId', p_activity_id));
  return activity_json(v_activity, p_user_id);
end
$$;

-- The door: p_action 'in' or 'out' with the ticket read from the resident's QR. Check-in opens
-- 30 minutes before the start and closes at the end. Check-out credits the activity's hours when
-- the resident was present for at least 60% of it, never more than the time present.
create function api_activity_checkin(p_user_id uuid, p_activity_id uuid, p_ticket text, p_action text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
  v_present interval;
  v_hours numeric(4, 1) := 0;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_organizer(p_user_id, v_activity.scope_kind, v_activity.scope_id);
  select * into v_signup from activity_signups where ticket = p_ticket for update;
  if not found then
    raise exception 'invalid_ticket';
  end if;
  if v_signup.activity_id <> p_activity_id then
    raise exception 'wrong_activity';
  end if;
  if v_signup.status <> 'confirmed' then
    raise exception 'invalid_ticket';
  end if;
  if p_action = 'in' then
    if v_signup.checked_in_at is not null then
      raise exception 'already_checked_in';
    end if;
    if now() < v_activity.starts_at - interval '30 minutes' or now() > v_activity.ends_at then
      raise exception 'checkin_not_open';
    end if;
    update activity_signups set checked_in_at = now() where id = v_signup.id returning * into v_signup;
  elsif p_action = 'out' then
    if v_signup.checked_in_at is null then
      raise exception 'not_checked_in';
    end if;
    if v_signup.checked_out_at is not null then
      raise exception 'already_checked_out';
    end if;
    update activity_signups set checked_out_at = now() where id = v_signup.id returning * into v_signup;
    v_present := least(v_signup.checked_out_at, v_activity.ends_at) - greatest(v_signup.checked_in_at, v_activity.starts_at);
    if v_present >= 0.6 * (v_activity.ends_at - v_activity.starts_at) then
      v_hours := least(v_activity.hours, floor(extract(epoch from v_present) / 360) / 10);
    end if;
    if v_hours > 0 then
      insert into volunteer_hours (user_id, activity_id, hours, source)
        values (v_signup.user_id, p_activity_id, v_hours, 'checkout');
    end if;
    perform record_participation(v_signup.user_id, 'activity_attended', 'activity', p_activity_id::text);
  else
    raise exception 'invalid_request';
  end if;
  perform audit(p_user_id, case p_action when 'in' then 'activity.checkin' else 'activity.checkout' end,
    jsonb_build_object('activityId', p_activity_id, 'signupId', v_signup.id, 'hoursCredited', v_hours));
  return jsonb_build_object('signup', signup_json(v_signup), 'hoursCredited', v_hours,
    'nickname', roster_name(v_signup.user_id));
end
$$;

-- Hours added by hand, with the reason kept beside them; never more than the activity's length.
create function api_activity_hours_add(p_user_id uuid, p_activity_id uuid, p_signup_id uuid, p_hours numeric, p_reason text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_organizer(p_user_id, v_activity.scope_kind, v_activity.scope_id);
  select * into v_signup from activity_signups where id = p_signup_id and activity_id = p_activity_id and status = 'confirmed';
  if not found then
    raise exception 'not_found';
  end if;
  if p_hours * interval '1 hour' > v_activity.ends_at - v_activity.starts_at then
    raise exception 'hours_exceed_activity';
  end if;
  insert into volunteer_hours (user_id, activity_id, hours, source, reason, created_by)
    values (v_signup.user_id, p_activity_id, p_hours, 'manual', p_reason, p_user_id);
  perform audit(p_user_id, 'activity.hours',
    jsonb_build_object('activityId', p_activity_id, 'signupId', p_signup_id, 'hours', p_hours, 'reason', p_reason));
  return jsonb_build_object('hours', (select coalesce(sum(hours), 0) from volunteer_hours
                                      where user_id = v_signup.user_id and activity_id = p_activity_id));
end
$$;

-- The roster: every active sign-up with its check-in state and hours; names are nicknames (see roster_name).
create function api_activity_roster(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_organizer(p_user_id, v_activity.scope_kind, v_activity.scope_id);
  return jsonb_build_object('activity', activity_json(v_activity, p_user_id), 'items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'signupId', s.id, 'nickname', roster_name(s.user_id), 'community', c.name, 'seats', s.seats,
             'status', s.status, 'signedUpAt', s.created_at, 'checkedInAt', s.checked_in_at, 'checkedOutAt', s.checked_out_at,
             'hours', (select coalesce(sum(h.hours), 0) from volunteer_hours h where h.activity_id = p_activity_id and h.user_id = s.user_id))
           order by s.status, s.arrival)
    from activity_signups s left join users u on u.id = s.user_id left join communities c on c.id = u.community_id
    where s.activity_id = p_activity_id and s.status <> 'cancelled'), '[]'::jsonb));
end
$$;

-- ============================================================================
-- The reminder sender (scheduled)
-- ============================================================================
-- Claims due messages: each goes to one sender only (SKIP LOCKED) and is not claimed again for
-- five minutes, so a crashed run is retried later, never twice at once. One per sign-up (the
-- earliest), and none for a sign-up whose message is in flight or waiting for a retry: of two
-- senders, only one can spend a subscription.
create function api_notifications_claim(p_limit int) returns jsonb
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
create function api_notification_done(p_id bigint, p_outcome text, p_error text default null) returns jsonb
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
