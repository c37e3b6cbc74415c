-- Activities 志愿服务 · 文明课堂 · 道德讲堂 · 文明劝导: organisers publish, residents sign up (a
-- waiting list beyond capacity, promoted in arrival order), tickets are checked in and out, and
-- volunteer hours are credited only for real presence. Reminders wait in an outbox for the
-- scheduled sender.

-- ============================================================================
-- Tables
-- ============================================================================
create table activities (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 60),
  kind text not null check (kind in ('volunteer', 'class', 'lecture', 'persuasion', 'other')),
  description text not null default '' check (char_length(description) <= 5000),
  cover_url text check (char_length(cover_url) <= 500),
  location text not null check (char_length(location) between 1 and 100),
  latitude numeric(9, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  signup_deadline timestamptz,
  capacity int not null check (capacity between 1 and 10000),
  audience text not null default 'all' check (audience in ('all', 'students', 'families')),
  hours numeric(4, 1) not null default 0 check (hours >= 0),
  cancel_rule text not null default 'until_deadline' check (cancel_rule in ('anytime', 'until_deadline', 'never')),
  status text not null default 'published' check (status in ('published', 'cancelled')),
  confirmed_seats int not null default 0 check (confirmed_seats >= 0),
  waitlisted_seats int not null default 0 check (waitlisted_seats >= 0),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (signup_deadline is null or signup_deadline <= ends_at),
  check (hours * interval '1 hour' <= ends_at - starts_at),
  check (confirmed_seats <= capacity)
);
create index activities_upcoming on activities (starts_at) where status = 'published';
comment on table activities is '活动: seats are counted on the row, kept in the same transaction as each sign-up.';

create sequence activity_signup_arrival;

create table activity_signups (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references activities (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  seats int not null default 1 check (seats between 1 and 5),
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
  arrival bigint not null default nextval('activity_signup_arrival'),
  ticket text not null unique default replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
  subscribed boolean not null default false,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  checked_in_at timestamptz,
  checked_out_at timestamptz
);
create unique index activity_signups_one_active on activity_signups (activity_id, user_id) where status <> 'cancelled';
create index activity_signups_queue on activity_signups (activity_id, arrival) where status = 'waitlisted';
create index activity_signups_user on activity_signups (user_id, created_at desc);
comment on table activity_signups is 'One sign-up per user per activity (seats = the user and family members); the ticket is a 64-hex random secret shown as a QR.';

create table volunteer_hours (
  id bigint generated always as identity primary key,
  user_id uuid references users (id) on delete set null,
  activity_id uuid not null references activities (id) on delete cascade,
  hours numeric(4, 1) not null check (hours > 0),
  source text not null check (source in ('checkout', 'manual')),
  reason text check (char_length(reason) <= 200),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (source = 'checkout' or reason is not null)
);
create index volunteer_hours_user on volunteer_hours (user_id);
comment on table volunteer_hours is '志愿时长: credited at check-out for real presence, or by hand by an organiser with a reason (the audit trail).';

create table activity_notifications (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  activity_id uuid not null references activities (id) on delete cascade,
  kind text not null check (kind in ('day_before', 'hour_before', 'promoted', 'changed', 'cancelled')),
  due_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts int not null default 0,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index activity_notifications_due on activity_notifications (due_at) where status = 'pending';
create unique index activity_notifications_once on activity_notifications (user_id, activity_id, kind)
  where kind in ('day_before', 'hour_before', 'promoted');
comment on table activity_notifications is 'The outbox of WeChat subscribe messages; the scheduled sender claims due rows, sends, and records the outcome.';

insert into participation_kinds (kind, label, points, daily_cap) values
  ('activity_attended', '参加活动', 10, null);

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
                 where s.activity_id = p_activity.id and s.user_id = p_user_id and s.status <> 'cancelled')
  );
$$;

-- Day-before and hour-before reminders for a confirmed, subscribed sign-up, when still ahead.
create function schedule_reminders(p_signup activity_signups, p_activity activities) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into activity_notifications (user_id, activity_id, kind, due_at)
  select p_signup.user_id, p_activity.id, r.kind, r.due_at
  from (values ('day_before', p_activity.starts_at - interval '1 day'),
               ('hour_before', p_activity.starts_at - interval '1 hour')) as r(kind, due_at)
  where p_signup.subscribed and p_signup.status = 'confirmed' and r.due_at > now()
  on conflict do nothing;
$$;

-- Moves waitlisted sign-ups up in arrival order while the first in line fits; the caller holds
-- the activity row lock.
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
      perform schedule_reminders(v_next, v_activity);
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

-- ============================================================================
-- API functions: organisers
-- ============================================================================
-- The columns organisers set, as api_activity_save reads them from its jsonb argument.
create type activity_fields as (
  title text, kind text, description text, cover_url text, location text, latitude numeric, longitude numeric,
  starts_at timestamptz, ends_at timestamptz, signup_deadline timestamptz, capacity int, audience text, hours numeric,
  cancel_rule text
);

-- Creates (p_activity_id null) or edits an activity; p_fields holds the columns to set. An edit
-- notifies the subscribed sign-ups; a capacity raised promotes the waiting list.
create function api_activity_save(p_user_id uuid, p_activity_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_organizer(p_user_id);
  if p_activity_id is null then
    insert into activities (title, kind, description, cover_url, location, latitude, longitude, starts_at, ends_at,
                            signup_deadline, capacity, audience, hours, cancel_rule, created_by)
    select f.title, f.kind, coalesce(f.description, ''), f.cover_url, f.location, f.latitude, f.longitude,
           f.starts_at, f.ends_at, f.signup_deadline, f.capacity, coalesce(f.audience, 'all'), coalesce(f.hours, 0),
           coalesce(f.cancel_rule, 'until_deadline'), p_user_id
    from jsonb_populate_record(null::activity_fields, p_fields) as f
    returning * into v_activity;
    return activity_json(v_activity, p_user_id);
  end if;

  select * into v_activity from activities where id = p_activity_id for update;
  if not found then
    raise exception 'not_found';
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
    cancel_rule = coalesce(f.cancel_rule, a.cancel_rule), updated_at = now()
  from jsonb_populate_record(null::activity_fields, p_fields) as f
  where a.id = p_activity_id
  returning a.* into v_activity;
  -- Reminders follow a moved start.
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending' and kind in ('day_before', 'hour_before');
  perform schedule_reminders(s, v_activity) from activity_signups s where s.activity_id = p_activity_id;
  perform notify_signups(p_activity_id, 'changed');
  perform promote_waitlist(p_activity_id);
  select * into v_activity from activities where id = p_activity_id;
  return activity_json(v_activity, p_user_id);
end
$$;

create function api_activity_cancel(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_organizer(p_user_id);
  update activities set status = 'cancelled', updated_at = now() where id = p_activity_id and status = 'published'
    returning * into v_activity;
  if not found then
    raise exception 'not_found';
  end if;
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending';
  perform notify_signups(p_activity_id, 'cancelled');
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
  perform require_organizer(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
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
  return jsonb_build_object('signup', signup_json(v_signup), 'hoursCredited', v_hours,
    'nickname', (select nickname from users where id = v_signup.user_id));
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
  perform require_organizer(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  select * into v_signup from activity_signups where id = p_signup_id and activity_id = p_activity_id and status = 'confirmed';
  if v_activity.id is null or v_signup.id is null then
    raise exception 'not_found';
  end if;
  if p_hours * interval '1 hour' > v_activity.ends_at - v_activity.starts_at then
    raise exception 'hours_exceed_activity';
  end if;
  insert into volunteer_hours (user_id, activity_id, hours, source, reason, created_by)
    values (v_signup.user_id, p_activity_id, p_hours, 'manual', p_reason, p_user_id);
  return jsonb_build_object('hours', (select coalesce(sum(hours), 0) from volunteer_hours
                                      where user_id = v_signup.user_id and activity_id = p_activity_id));
end
$$;

-- The roster: every active sign-up with its check-in state and hours; names are nicknames.
create function api_activity_roster(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_organizer(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('activity', activity_json(v_activity, p_user_id), 'items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'signupId', s.id, 'nickname', coalesce(u.nickname, '已注销'), 'community', c.name, 'seats', s.seats,
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
-- five minutes, so a crashed run is retried later, never twice at once.
create function api_notifications_claim(p_limit int) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  with claimed as (
    update activity_notifications n set due_at = now() + interval '5 minutes', attempts = attempts + 1
    where n.id in (select id from activity_notifications where status = 'pending' and due_at <= now()
                   order by due_at limit p_limit for update skip locked)
    returning n.*
  )
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
    'id', c.id, 'kind', c.kind, 'attempts', c.attempts, 'openid', u.openid,
    'activity', jsonb_build_object('id', a.id, 'title', a.title, 'startsAt', a.starts_at, 'location', a.location))
    order by c.id), '[]'::jsonb))
  from claimed c join users u on u.id = c.user_id join activities a on a.id = c.activity_id;
$$;

-- p_outcome: sent, retry (back in the queue, at most three attempts) or refused (the user has
-- no subscription left: never retried).
create function api_notification_done(p_id bigint, p_outcome text, p_error text default null) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update activity_notifications set
    status = case p_outcome when 'sent' then 'sent' when 'refused' then 'skipped'
                  else case when attempts >= 3 then 'failed' else 'pending' end end,
    sent_at = case when p_outcome = 'sent' then now() end,
    due_at = case when p_outcome = 'retry' then now() + interval '2 minutes' * attempts else due_at end,
    last_error = p_error
  where id = p_id
  returning jsonb_build_object('id', id, 'status', status);
$$;

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table activities enable row level security;
alter table activity_signups enable row level security;
alter table volunteer_hours enable row level security;
alter table activity_notifications enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_activities_list(uuid, text, int, timestamptz, uuid) to service_role;
grant execute on function api_activity_get(uuid, uuid) to service_role;
grant execute on function api_activity_signup(uuid, uuid, int, boolean) to service_role;
grant execute on function api_activity_signup_cancel(uuid, uuid) to service_role;
grant execute on function api_activity_ticket(uuid, uuid) to service_role;
grant execute on function api_activities_mine(uuid) to service_role;
grant execute on function api_activity_save(uuid, uuid, jsonb) to service_role;
grant execute on function api_activity_cancel(uuid, uuid) to service_role;
grant execute on function api_activity_checkin(uuid, uuid, text, text) to service_role;
grant execute on function api_activity_hours_add(uuid, uuid, uuid, numeric, text) to service_role;
grant execute on function api_activity_roster(uuid, uuid) to service_role;
grant execute on function api_notifications_claim(int) to service_role;
grant execute on function api_notification_done(bigint, text, text) to service_role;
