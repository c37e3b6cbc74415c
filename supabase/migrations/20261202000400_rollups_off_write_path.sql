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

-- Every caller (the triggers of sign-ups, hours, quizzes, registrations, students, family links,
-- moves, and the ledger's counting) keeps calling stats_add_days: it now queues.
alter function stats_add_days(jsonb) rename to stats_apply_days;
create function stats_add_days(p_changes jsonb) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into stats_days_pending (changes) select p_changes where jsonb_array_length(p_changes) > 0;
$$;

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

-- The week is the act's, taken when it happens.
create or replace function quiz_credit_group(p_scope text, p_group_id uuid, p_points int) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into quiz_group_pending (scope, group_id, week_start, points)
  select p_scope, p_group_id, local_week_start(), p_points where p_group_id is not null;
$$;

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

-- The class row exists from the student's consent on (class_count_student), before any change
-- is queued for it.
create or replace function class_count_family() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into class_family_pending (class_id, reached, signed_families, acts)
    select s.class_id, (new.members > 0)::int - (old.members > 0)::int, (new.signed > 0)::int - (old.signed > 0)::int,
           new.acts - old.acts
    from students s where s.user_id = new.student_user_id and s.consented_at is not null;
  return null;
end
$$;

-- ============================================================================
-- A resident's queued acts before their community, class or account changes
-- ============================================================================
-- A move, a binding or a family link reads what the resident's counted acts made them (aware,
-- supporting) and takes it along; their acts still queued are counted first, where they were
-- done. The job's lock is taken only when there is something queued, so it is rare and short.
create index stats_pending_user on stats_pending (user_id);

-- Counts queued ledger rows, in id order: the next p_limit of them, or all of one resident's
-- (p_limit null); the rows go through stats_batch, whose trigger counts them. Returns how many.
create function stats_count_queued(p_user_id uuid, p_limit int) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_rows int;
begin
  with claimed as (
    delete from stats_pending where participation_id in (
      select participation_id from stats_pending where p_user_id is null or user_id = p_user_id
      order by participation_id limit p_limit)
    returning participation_id, user_id
  )
  insert into stats_batch (id, user_id, kind, points, ref_type, ref_id, created_at, community_id)
    select p.id, c.user_id, p.kind, p.points, p.ref_type, p.ref_id, p.created_at, p.community_id
    from participation p join claimed c on c.participation_id = p.id order by p.id;
  get diagnostics v_rows = row_count;
  delete from stats_batch;
  return v_rows;
end
$$;

create function stats_count_queued_of(p_user_id uuid) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if p_user_id is null or not exists (select 1 from stats_pending where user_id = p_user_id) then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  perform stats_count_queued(p_user_id, null);
end
$$;

create function stats_count_queued_before_change() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  -- Each branch names only its own table's column (plpgsql resolves a record's fields when run).
  if tg_table_name = 'users' then
    perform stats_count_queued_of(new.id);
  elsif tg_table_name = 'students' then
    perform stats_count_queued_of(new.user_id);
  else
    perform stats_count_queued_of(new.member_user_id);
  end if;
  return new;
end
$$;

create trigger users_count_queued_before_move before update on users
  for each row when (old.community_id is distinct from new.community_id or old.deleted_at is distinct from new.deleted_at)
  execute function stats_count_queued_before_change();
create trigger students_count_queued_before_binding before insert on students
  for each row execute function stats_count_queued_before_change();
create trigger family_links_count_queued_before_link before insert on family_links
  for each row execute function stats_count_queued_before_change();

-- ============================================================================
-- The job
-- ============================================================================
-- One runner at a time. The scheduler waits for a runner before it; a reader (p_wait false) leaves
-- the queue to the runner at work, and reads what is counted so far (the moment it is behind).
drop function api_stats_catch_up(int);
create function api_stats_catch_up(p_batch int default 20000, p_wait boolean default true) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_counted int := 0;
  v_rows int;
  v_changes int := 0;
  v_days jsonb;
begin
  if p_wait then
    perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  elsif not pg_try_advisory_xact_lock(hashtext('api_stats_catch_up')) then
    return jsonb_build_object('counted', 0, 'rollupRows', 0, 'busy', true);
  end if;
  loop
    v_rows := stats_count_queued(null, greatest(p_batch, 1));
    exit when v_rows = 0;
    v_counted := v_counted + v_rows;
  end loop;

  -- The queued changes, summed per row they change and applied in a fixed order.
  with claimed as (delete from stats_days_pending returning changes)
  select coalesce(jsonb_agg(e), '[]'::jsonb) into v_days from claimed, jsonb_array_elements(claimed.changes) e;
  perform stats_apply_days(v_days);
  v_changes := v_changes + jsonb_array_length(v_days);

  with claimed as (delete from quiz_group_pending returning scope, group_id, week_start, points),
  summed as (
    insert into quiz_group_scores as q (scope, group_id, week_start, points)
    select scope, group_id, week_start, sum(points) from claimed group by 1, 2, 3 order by 1, 2, 3
    on conflict (scope, group_id, week_start) do update set points = q.points + excluded.points
    returning 1
  )
  select count(*) into v_rows from summed;
  v_changes := v_changes + v_rows;

  with claimed as (delete from class_family_pending returning class_id, reached, signed_families, acts),
  summed as (
    update class_family_stats c set reached = c.reached + d.reached, signed_families = c.signed_families + d.signed_families,
      acts = c.acts + d.acts
    from (select class_id, sum(reached) as reached, sum(signed_families) as signed_families, sum(acts) as acts
          from claimed group by class_id) d
    where c.class_id = d.class_id
    returning 1
  )
  select count(*) into v_rows from summed;
  v_changes := v_changes + v_rows;

  return jsonb_build_object('counted', v_counted, 'rollupRows', v_changes);
end
$$;

-- The dashboard counts what is queued before it reads, in the same call, once the organiser's
-- scope is checked (a refused caller changes nothing).
alter function api_stats_dashboard(uuid, text, uuid, date, date, text) rename to stats_dashboard_figures;
revoke all on function stats_dashboard_figures(uuid, text, uuid, date, date, text) from service_role;
create function api_stats_dashboard(p_user_id uuid, p_scope text, p_scope_id uuid, p_from date, p_to date, p_bucket text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_check_query(p_scope, p_scope_id, p_from, p_to, p_bucket);
  perform require_organizer(p_user_id, p_scope, p_scope_id);
  perform api_stats_catch_up(20000, false);
  return stats_dashboard_figures(p_user_id, p_scope, p_scope_id, p_from, p_to, p_bucket);
end
$$;

-- A rebuild counts the daily rollups afresh from the tables: their queued changes go with it.
create or replace function stats_rebuild() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  delete from stats_pending;
  delete from stats_days_pending;
  return stats_rebuild_from_tables();
end
$$;

revoke all on function stats_add_days(jsonb) from public, anon, authenticated;
revoke all on function api_stats_catch_up(int, boolean) from public, anon, authenticated;
grant execute on function api_stats_catch_up(int, boolean) to service_role;
revoke all on function api_stats_dashboard(uuid, text, uuid, date, date, text) from public, anon, authenticated;
grant execute on function api_stats_dashboard(uuid, text, uuid, date, date, text) to service_role;
revoke all on function stats_count_queued(uuid, int) from public, anon, authenticated;
revoke all on function stats_count_queued_of(uuid) from public, anon, authenticated;
revoke all on function stats_count_queued_before_change() from public, anon, authenticated;
