-- Participation dashboard 参与统计 and the assessment export: participation over time and by community
-- (or by class within a school), for a county, a community or a school, over a period of at most
-- 366 days (Beijing dates), read from daily rollups that triggers keep in the same transaction as
-- every act, so that a county of 1,100,000 residents and 10,000,000 ledger rows answers in
-- milliseconds.
--
-- What is counted (also in README.md, 参与统计):
--   registered residents 注册居民  accounts not deleted, by the community they chose (未选社区 when none),
--                                  as of the period's last day. Within a school: the class's students
--                                  and the family members and neighbours they brought (小手牵大手).
--   act 参与                       a ledger row of a kind with counts_as_participation: every kind
--                                  except the points a student is credited for the family's acts
--                                  (family_participated, family_member_joined) and spending points
--                                  (reward_redeemed).
--   participants 参与人数          residents with at least one act in the period, each counted once,
--                                  in the community (class) they belonged to at their first act of
--                                  the period: communities add up to the county, classes to the school.
--   quiz takers 答题人数           residents with at least one scored quiz in the period, likewise.
--   知晓率 awareness rate          registered residents who had completed at least one scored quiz by
--                                  the end of the period ÷ registered residents.
--   支持率 support rate            registered residents who had signed the pledge by the end of the
--                                  period ÷ registered residents.
--   参与率 participation rate      participants in the period ÷ registered residents.
--
-- How distinct people are counted from daily rows: for each group, day and metric (any act, or a
-- scored quiz), stats_uniques keeps the residents whose first act of that day it was, as a
-- histogram of their gap: the days since their previous act (367 for none within 366 days, or
-- none at all). A resident is new to a period [from, to] exactly on the first day d of the period
-- they acted, and there their gap exceeds d − from. So the period's distinct participants are
-- Σ over days d in the period of #(gap > d − from): one lookup per group and day. The histogram is
-- stored as the distinct gaps in ascending order and the suffix counts (tally[i] = residents whose
-- gap ≥ gaps[i]), so #(gap > k) = tally[width_bucket(k, gaps) + 1], a binary search.
--
-- A resident's acts are counted one transaction at a time (their stats_residents row is locked), in
-- the order they come, which is time order (an act is dated when its transaction starts). The one
-- exception, two of one resident's transactions straddling midnight and committing out of order,
-- counts the earlier act in its day's totals but not again as that day's newcomer.

-- ============================================================================
-- Tables
-- ============================================================================
alter table participation_kinds add column counts_as_participation boolean not null default true;
comment on column participation_kinds.counts_as_participation is
  'Whether a row of this kind is an act of the resident for the participation dashboard (credits for someone else''s act and spending points are not).';
update participation_kinds set counts_as_participation = false
  where kind in ('family_participated', 'family_member_joined', 'reward_redeemed');

-- The community of the resident when they acted (no foreign key: the ledger is history, and it
-- stays append-only and cheap to write). Kept when the account is deleted.
alter table participation add column community_id uuid;
comment on column participation.community_id is 'The community the resident belonged to at the time of the act (null: none chosen).';
update participation p set community_id = u.community_id from users u where u.id = p.user_id and p.community_id is null;
-- The open-data ledger reads the ledger by time.
create index participation_time on participation (created_at, id);

-- Per resident, what the rollups need to know of their past: the last day they acted (any act, a
-- scored quiz), and since when they know (first scored quiz) and support (first pledge).
create table stats_residents (
  user_id uuid primary key references users (id) on delete cascade,
  last_active_day date,
  last_quiz_day date,
  first_quiz_day date,
  pledged_day date
);
comment on table stats_residents is 'Participation dashboard: each resident''s last active day and last quiz day (for counting distinct people), first quiz and pledge days.';

-- Daily counts per community (scope community; 00000000-… = 未选社区) and per class (scope class).
-- registered, aware and pledged are changes on that day: their value at a date is the sum of all
-- rows up to it.
create table stats_days (
  scope text not null check (scope in ('community', 'class')),
  group_id uuid not null,
  day date not null,
  acts int not null default 0,
  pledges int not null default 0,
  quizzes int not null default 0,
  quiz_score_sum int not null default 0,
  nominations int not null default 0,
  votes int not null default 0,
  attended int not null default 0,
  signups int not null default 0,
  hours_tenths int not null default 0,
  family_joins int not null default 0,
  families_reached int not null default 0,
  registered int not null default 0,
  aware int not null default 0,
  pledged int not null default 0,
  primary key (scope, group_id, day)
);
comment on table stats_days is 'Participation dashboard: per community or class and Beijing day, acts by kind, quizzes and their scores, sign-ups, volunteer hours (in tenths), families; registered/aware/pledged as that day''s changes. Integers throughout: they sum fastest.';

-- Residents whose first act (metric active) or first scored quiz (metric quiz) of the day it was,
-- by their gap since the previous one (see the header).
create table stats_uniques (
  scope text not null check (scope in ('community', 'class')),
  group_id uuid not null,
  metric text not null check (metric in ('active', 'quiz')),
  day date not null,
  gaps smallint[] not null,
  tally int[] not null,
  primary key (scope, group_id, metric, day),
  check (cardinality(gaps) = cardinality(tally) and cardinality(gaps) between 1 and 367)
);
-- At most 367 gaps: about 2 KB, kept inline and uncompressed so that reading one is a binary search.
alter table stats_uniques alter column gaps set storage plain, alter column tally set storage plain;
comment on table stats_uniques is 'Participation dashboard: per group, metric and day, the histogram of gaps (days since the previous act, 367 = none within 366 days) of the residents first active that day, as suffix counts.';

-- ============================================================================
-- Reading the rollups
-- ============================================================================
-- The figures of one group (or of all), as the API shows them. Rates are shares of the registered
-- residents, null when there are none.
create type stats_figures as (
  registered bigint, participants bigint, acts bigint, pledges bigint, pledged_residents bigint, quizzes bigint,
  quiz_score_sum bigint, quiz_takers bigint, aware_residents bigint, nominations bigint, votes bigint, signups bigint,
  attended bigint, hours numeric, family_joins bigint, families_reached bigint
);

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table stats_residents enable row level security;
alter table stats_days enable row level security;
alter table stats_uniques enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
