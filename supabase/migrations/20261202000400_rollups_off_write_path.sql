-- The other shared rollups off the write path (issue 14). The ledger's statistics were queued by
-- 20261202000300; the acts still rewrote rows shared with other people's acts elsewhere: the
-- community's and class's day (sign-ups, hours, quizzes, registrations: stats_add_days), the
-- community's and school's weekly quiz board (quiz_credit_group) and the class's family counts
-- (class_count_family). Each of those now writes a queue row of its own, the same change it made;
-- api_stats_catch_up applies the queues after counting the ledger, in one transaction. What is one
-- person's stays exact at once: their points, quiz scores, family card (family_stats).

-- ============================================================================
-- Daily rollups (stats_days)
-- ============================================================================
create table stats_days_pending (id bigserial primary key, changes jsonb not null);
comment on table stats_days_pending is 'Changes to stats_days not applied yet (stats_add_days arrays); api_stats_catch_up applies them.';
alter table stats_days_pending enable row level security;

-- ============================================================================
-- Weekly quiz boards of communities and schools (quiz_group_scores)
-- ============================================================================
create table quiz_group_pending (
  id bigserial primary key,
  scope text not null,
  group_id uuid not null,
  week_start date not null,
  points int not null
);
comment on table quiz_group_pending is 'Quiz points not yet added to quiz_group_scores; api_stats_catch_up adds them.';
alter table quiz_group_pending enable row level security;

-- ============================================================================
-- Classes' family counts (class_family_stats)
-- ============================================================================
create table class_family_pending (
  id bigserial primary key,
  class_id uuid not null,
  reached int not null,
  signed_families int not null,
  acts bigint not null
);
comment on table class_family_pending is 'Changes of consented students'' family cards not yet added to class_family_stats; api_stats_catch_up adds them.';
alter table class_family_pending enable row level security;

-- ============================================================================
-- A resident's queued acts before their community, class or account changes
-- ============================================================================
-- A move, a binding or a family link reads what the resident's counted acts made them (aware,
-- supporting) and takes it along; their acts still queued are counted first, where they were
-- done. The job's lock is taken only when there is something queued, so it is rare and short.
create index stats_pending_user on stats_pending (user_id);
