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
-- API functions: organisers
-- ============================================================================
-- The columns organisers set, as api_activity_save reads them from its jsonb argument.
create type activity_fields as (
  title text, kind text, description text, cover_url text, location text, latitude numeric, longitude numeric,
  starts_at timestamptz, ends_at timestamptz, signup_deadline timestamptz, capacity int, audience text, hours numeric,
  cancel_rule text
);

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table activities enable row level security;
alter table activity_signups enable row level security;
alter table volunteer_hours enable row level security;
alter table activity_notifications enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
