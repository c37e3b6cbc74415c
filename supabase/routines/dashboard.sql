-- 参与统计: the rollups kept off the write path, the statistics job, the dashboard.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128001100_dashboard.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- The group of residents without a community.
create function stats_no_community() returns uuid
language sql immutable set search_path = public, pg_temp as $$
  select '00000000-0000-0000-0000-000000000000'::uuid;
$$;

-- The groups a resident's figures count in, as they are now: their community (the group of
-- residents without one when none) and their class (a student's own, or that of the student who
-- brought them), when they have one.
create view stats_user_groups as
  select u.id as user_id, g.scope, g.group_id
  from users u
  left join students s on s.user_id = u.id
  left join family_links l on l.member_user_id = u.id
  left join students fs on fs.user_id = l.student_user_id
  cross join lateral (values ('community', coalesce(u.community_id, stats_no_community())),
                             ('class', coalesce(s.class_id, fs.class_id))) as g(scope, group_id)
  where g.group_id is not null;

-- Two gap histograms added together (suffix counts in, suffix counts out).
create function stats_gaps_merge(p_gaps smallint[], p_tally int[], p_more_gaps smallint[], p_more_tally int[])
returns table (gaps smallint[], tally int[])
language sql immutable set search_path = public, pg_temp as $$
  with counts as (
    select h.gaps[i] as gap, h.tally[i] - coalesce(h.tally[i + 1], 0) as n
    from (values (p_gaps, p_tally), (p_more_gaps, p_more_tally)) as h(gaps, tally),
         generate_subscripts(h.gaps, 1) as i
  ), summed as (
    select gap, sum(n) as n from counts group by gap
  )
  select array_agg(gap order by gap), array_agg(suffix::int order by gap)
  from (select gap, sum(n) over (order by gap desc) as suffix from summed) s;
$$;

-- Adds per-group daily changes (a jsonb array of objects with scope, group_id, day and any
-- counter of stats_days) to stats_days, in a fixed order of rows so that writers cannot deadlock.
create function stats_apply_days(p_changes jsonb) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into stats_days as d (scope, group_id, day, acts, pledges, quizzes, quiz_score_sum, nominations, votes, attended,
                               signups, hours_tenths, family_joins, families_reached, registered, aware, pledged)
  select c.scope, c.group_id, c.day, sum(coalesce(c.acts, 0)), sum(coalesce(c.pledges, 0)), sum(coalesce(c.quizzes, 0)),
         sum(coalesce(c.quiz_score_sum, 0)), sum(coalesce(c.nominations, 0)), sum(coalesce(c.votes, 0)),
         sum(coalesce(c.attended, 0)), sum(coalesce(c.signups, 0)), round(sum(coalesce(c.hours, 0)) * 10),
         sum(coalesce(c.family_joins, 0)), sum(coalesce(c.families_reached, 0)), sum(coalesce(c.registered, 0)),
         sum(coalesce(c.aware, 0)), sum(coalesce(c.pledged, 0))
  from jsonb_to_recordset(p_changes) as c(scope text, group_id uuid, day date, acts int, pledges int, quizzes int,
                                           quiz_score_sum bigint, nominations int, votes int, attended int, signups int,
                                           hours numeric, family_joins int, families_reached int, registered int,
                                           aware int, pledged int)
  where c.group_id is not null
  group by c.scope, c.group_id, c.day
  order by c.scope desc, c.group_id, c.day
  on conflict (scope, group_id, day) do update set
    acts = d.acts + excluded.acts, pledges = d.pledges + excluded.pledges, quizzes = d.quizzes + excluded.quizzes,
    quiz_score_sum = d.quiz_score_sum + excluded.quiz_score_sum, nominations = d.nominations + excluded.nominations,
    votes = d.votes + excluded.votes, attended = d.attended + excluded.attended, signups = d.signups + excluded.signups,
    hours_tenths = d.hours_tenths + excluded.hours_tenths, family_joins = d.family_joins + excluded.family_joins,
    families_reached = d.families_reached + excluded.families_reached, registered = d.registered + excluded.registered,
    aware = d.aware + excluded.aware, pledged = d.pledged + excluded.pledged;
$$;

-- ============================================================================
-- Keeping the rollups: statement-level triggers, so that a bulk insert costs one pass
-- ============================================================================
-- New ledger rows: the resident's community at the time is written on the row.
create function stats_participation_community() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  select community_id into new.community_id from users where id = new.user_id;
  return new;
end
$$;

-- Counted acts: daily counts, first quiz and first pledge, and the day's newly active residents.
create function stats_count_participation() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from new_acts n join participation_kinds k on k.kind = n.kind
                 where k.counts_as_participation and n.user_id is not null) then
    return null;
  end if;
  -- Each resident's state row, created when missing and locked (in id order): one resident's acts
  -- are counted one transaction at a time.
  insert into stats_residents (user_id)
    select distinct n.user_id from new_acts n join participation_kinds k on k.kind = n.kind
    where k.counts_as_participation and n.user_id is not null order by 1
    on conflict do nothing;
  perform 1 from stats_residents r
    where r.user_id in (select n.user_id from new_acts n where n.user_id is not null) order by r.user_id for update;

  -- Daily counts, and the first quiz and first pledge of each resident (they then count as aware,
  -- as supporting, where they were).
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    with acts as (
      select n.id, n.user_id, n.kind, n.created_at, (n.created_at at time zone 'Asia/Shanghai')::date as day,
             coalesce(n.community_id, stats_no_community()) as community_id, coalesce(s.class_id, fs.class_id) as class_id
      from new_acts n
      join participation_kinds k on k.kind = n.kind and k.counts_as_participation
      left join students s on s.user_id = n.user_id
      left join family_links l on l.member_user_id = n.user_id
      left join students fs on fs.user_id = l.student_user_id
      where n.user_id is not null
    ), firsts as (
      select distinct on (a.user_id, a.kind) a.*
      from acts a join stats_residents r on r.user_id = a.user_id
      where (a.kind = 'quiz_completed' and r.first_quiz_day is null) or (a.kind = 'pledge_signed' and r.pledged_day is null)
      order by a.user_id, a.kind, a.created_at, a.id
    ), changes as (
      select a.kind, a.day, a.community_id, a.class_id, 1 as acts, 0 as aware, 0 as pledged from acts a
      union all
      select f.kind, f.day, f.community_id, f.class_id, 0, (f.kind = 'quiz_completed')::int, (f.kind = 'pledge_signed')::int
      from firsts f
    )
    select g.scope, g.group_id, x.day, sum(x.acts) as acts,
           count(*) filter (where x.acts = 1 and x.kind = 'pledge_signed') as pledges,
           count(*) filter (where x.acts = 1 and x.kind = 'good_people_nominate') as nominations,
           count(*) filter (where x.acts = 1 and x.kind = 'good_people_vote') as votes,
           count(*) filter (where x.acts = 1 and x.kind = 'activity_attended') as attended,
           sum(x.aware) as aware, sum(x.pledged) as pledged
    from changes x
    cross join lateral (values ('community', x.community_id), ('class', x.class_id)) as g(scope, group_id)
    where g.group_id is not null
    group by g.scope, g.group_id, x.day
  ) c;

  -- Residents whose first act (first scored quiz) of the day this was, by their gap.
  with acts as (
    select n.id, n.user_id, n.kind, n.created_at, (n.created_at at time zone 'Asia/Shanghai')::date as day,
           coalesce(n.community_id, stats_no_community()) as community_id, coalesce(s.class_id, fs.class_id) as class_id
    from new_acts n
    join participation_kinds k on k.kind = n.kind and k.counts_as_participation
    left join students s on s.user_id = n.user_id
    left join family_links l on l.member_user_id = n.user_id
    left join students fs on fs.user_id = l.student_user_id
    where n.user_id is not null
  ), user_days as (
    select distinct on (m.metric, a.user_id, a.day) m.metric, a.user_id, a.day, a.community_id, a.class_id
    from acts a cross join (values ('active'), ('quiz')) as m(metric)
    where m.metric = 'active' or a.kind = 'quiz_completed'
    order by m.metric, a.user_id, a.day, a.created_at, a.id
  ), dated as (
    select d.*, greatest(lag(d.day) over w, case d.metric when 'active' then r.last_active_day else r.last_quiz_day end) as prev
    from user_days d join stats_residents r on r.user_id = d.user_id
    window w as (partition by d.metric, d.user_id order by d.day)
  ), events as (
    select g.scope, g.group_id, d.metric, d.day, case when d.prev is null then 367 else least(d.day - d.prev, 367) end as gap
    from dated d cross join lateral (values ('community', d.community_id), ('class', d.class_id)) as g(scope, group_id)
    where (d.prev is null or d.day > d.prev) and g.group_id is not null
  ), counted as (
    select scope, group_id, metric, day, gap, count(*) as n from events group by 1, 2, 3, 4, 5
  ), histograms as (
    select scope, group_id, metric, day, array_agg(gap::smallint order by gap) as gaps, array_agg(suffix::int order by gap) as tally
    from (select c.*, sum(n) over (partition by scope, group_id, metric, day order by gap desc) as suffix from counted c) s
    group by 1, 2, 3, 4
  )
  insert into stats_uniques as u (scope, group_id, metric, day, gaps, tally)
  select scope, group_id, metric, day, gaps, tally from histograms order by scope desc, group_id, metric, day
  on conflict (scope, group_id, metric, day) do update
    set (gaps, tally) = (select m.gaps, m.tally from stats_gaps_merge(u.gaps, u.tally, excluded.gaps, excluded.tally) m);

  update stats_residents r set
    last_active_day = greatest(r.last_active_day, b.last_active),
    last_quiz_day = greatest(r.last_quiz_day, b.last_quiz),
    first_quiz_day = coalesce(r.first_quiz_day, b.first_quiz),
    pledged_day = coalesce(r.pledged_day, b.first_pledge)
  from (
    select n.user_id, max((n.created_at at time zone 'Asia/Shanghai')::date) as last_active,
           max((n.created_at at time zone 'Asia/Shanghai')::date) filter (where n.kind = 'quiz_completed') as last_quiz,
           min((n.created_at at time zone 'Asia/Shanghai')::date) filter (where n.kind = 'quiz_completed') as first_quiz,
           min((n.created_at at time zone 'Asia/Shanghai')::date) filter (where n.kind = 'pledge_signed') as first_pledge
    from new_acts n join participation_kinds k on k.kind = n.kind and k.counts_as_participation
    where n.user_id is not null group by n.user_id
  ) b
  where r.user_id = b.user_id;
  return null;
end
$$;

-- Registrations: a new account counts where it chose (at first: no community).
create function stats_count_new_users() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    select 'community' as scope, coalesce(n.community_id, stats_no_community()) as group_id,
           (n.created_at at time zone 'Asia/Shanghai')::date as day, count(*) as registered
    from new_users n where n.deleted_at is null group by 2, 3
  ) c;
  return null;
end
$$;

-- A resident moving community takes their registration, awareness and support along (from today);
-- a deleted account leaves its community and class.
create function stats_count_moved_users() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_today date := (now() at time zone 'Asia/Shanghai')::date;
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    with moved as (
      select o.id, o.community_id as old_community, n.community_id as new_community,
             o.deleted_at is null as was_live, n.deleted_at is null as is_live,
             (r.first_quiz_day is not null)::int as aware, (r.pledged_day is not null)::int as pledged,
             coalesce(s.class_id, fs.class_id) as class_id
      from old_users o join new_users n on n.id = o.id
      left join stats_residents r on r.user_id = o.id
      left join students s on s.user_id = o.id
      left join family_links l on l.member_user_id = o.id
      left join students fs on fs.user_id = l.student_user_id
      where (o.community_id is distinct from n.community_id or o.deleted_at is distinct from n.deleted_at)
        and (o.deleted_at is null or n.deleted_at is null)
    )
    select 'community' as scope, coalesce(old_community, stats_no_community()) as group_id, v_today as day,
           -1 as registered, -aware as aware, -pledged as pledged
    from moved where was_live
    union all
    select 'community', coalesce(new_community, stats_no_community()), v_today, 1, aware, pledged from moved where is_live
    union all
    select 'class', class_id, v_today, case when is_live then 1 else -1 end * 1,
           case when is_live then 1 else -1 end * aware, case when is_live then 1 else -1 end * pledged
    from moved where class_id is not null and was_live <> is_live
  ) c;
  delete from stats_residents where user_id in (select id from new_users where deleted_at is not null);
  return null;
end
$$;

-- A student bound to a class counts in its population, with what they already know and support.
create function stats_count_students() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    select 'class' as scope, n.class_id as group_id, (n.bound_at at time zone 'Asia/Shanghai')::date as day,
           count(*) as registered, count(r.first_quiz_day) as aware, count(r.pledged_day) as pledged
    from new_students n join users u on u.id = n.user_id and u.deleted_at is null
    left join stats_residents r on r.user_id = n.user_id
    group by 2, 3
  ) c;
  return null;
end
$$;

-- A family member or neighbour joins the student's class population; the family joins counts for
-- the student's community and class, and the first family member reaches the family.
create function stats_count_family_links() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    with joined as (
      select n.member_user_id, n.student_user_id, n.level, (n.created_at at time zone 'Asia/Shanghai')::date as day,
             s.class_id, coalesce(su.community_id, stats_no_community()) as community_id,
             (r.first_quiz_day is not null)::int as aware, (r.pledged_day is not null)::int as pledged,
             m.deleted_at is null as member_live,
             n.level = 1 and row_number() over (partition by n.student_user_id, n.level = 1 order by n.created_at, n.member_user_id) = 1
               and not exists (select 1 from family_links o where o.student_user_id = n.student_user_id and o.level = 1
                               and o.member_user_id not in (select member_user_id from new_links)) as reaches
      from new_links n
      join students s on s.user_id = n.student_user_id
      join users su on su.id = n.student_user_id
      join users m on m.id = n.member_user_id
      left join stats_residents r on r.user_id = n.member_user_id
    )
    select 'class' as scope, class_id as group_id, day, count(*) as family_joins, count(*) filter (where reaches) as families_reached,
           count(*) filter (where member_live) as registered, sum(aware) filter (where member_live) as aware,
           sum(pledged) filter (where member_live) as pledged
    from joined group by 2, 3
    union all
    select 'community', community_id, day, count(*), count(*) filter (where reaches), 0, 0, 0 from joined group by 2, 3
  ) c;
  return null;
end
$$;

create function stats_count_signups() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    select g.scope, g.group_id, (n.created_at at time zone 'Asia/Shanghai')::date as day, count(*) as signups
    from new_signups n
    join stats_user_groups g on g.user_id = n.user_id
    group by 1, 2, 3
  ) c;
  return null;
end
$$;

create function stats_count_hours() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    select g.scope, g.group_id, (n.created_at at time zone 'Asia/Shanghai')::date as day, sum(n.hours) as hours
    from new_hours n
    join stats_user_groups g on g.user_id = n.user_id
    group by 1, 2, 3
  ) c;
  return null;
end
$$;

-- A scored quiz handed in: its score, for the average.
create function stats_count_quizzes() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_add_days(coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb)) from (
    select g.scope, g.group_id, (n.submitted_at at time zone 'Asia/Shanghai')::date as day, count(*) as quizzes,
           sum(n.score) as quiz_score_sum
    from new_attempts n
    join old_attempts o on o.id = n.id and o.submitted_at is null
    join stats_user_groups g on g.user_id = n.user_id
    where n.submitted_at is not null and n.mode = 'scored' and n.score is not null
    group by 1, 2, 3
  ) c;
  return null;
end
$$;

-- ============================================================================
-- Rebuilding the rollups from the tables (benchmarks load data this way)
-- ============================================================================
-- Computes every rollup afresh from the ledger and the other tables. What the tables no longer
-- tell is taken as it is now: a resident's community for registrations, awareness and support
-- (moves are not history), the class for acts. Acts of since-deleted accounts stay counted, but
-- not as participants (their rows lost the person).
create function stats_rebuild_from_tables() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_none uuid := stats_no_community();
begin
  truncate stats_days, stats_uniques, stats_residents;
  drop table if exists stats_people, stats_acts;

  create temporary table stats_people on commit drop as
    select row_number() over () as k, u.id as user_id, coalesce(u.community_id, v_none) as community_id, coalesce(s.class_id, fs.class_id) as class_id,
           u.deleted_at is null as live, (u.created_at at time zone 'Asia/Shanghai')::date as registered_day,
           case when s.user_id is not null then (s.bound_at at time zone 'Asia/Shanghai')::date
                else (l.created_at at time zone 'Asia/Shanghai')::date end as class_day
    from users u
    left join students s on s.user_id = u.id
    left join family_links l on l.member_user_id = u.id
    left join students fs on fs.user_id = l.student_user_id;
  create unique index on stats_people (user_id);
  analyze stats_people;

  create temporary table stats_acts on commit drop as
    select p.id, p.user_id, pp.k, p.kind, p.created_at, (p.created_at at time zone 'Asia/Shanghai')::date as day,
           coalesce(p.community_id, v_none) as community_id, pp.class_id
    from participation p
    join participation_kinds k on k.kind = p.kind and k.counts_as_participation
    left join stats_people pp on pp.user_id = p.user_id;
  analyze stats_acts;

  insert into stats_residents (user_id, last_active_day, last_quiz_day, first_quiz_day, pledged_day)
    select a.user_id, max(a.day), max(a.day) filter (where a.kind = 'quiz_completed'),
           min(a.day) filter (where a.kind = 'quiz_completed'), min(a.day) filter (where a.kind = 'pledge_signed')
    from stats_acts a join stats_people pp on pp.user_id = a.user_id and pp.live
    group by a.user_id;

  insert into stats_days (scope, group_id, day, acts, pledges, quizzes, quiz_score_sum, nominations, votes, attended,
                          signups, hours_tenths, family_joins, families_reached, registered, aware, pledged)
  select scope, group_id, day, sum(acts), sum(pledges), sum(quizzes), sum(quiz_score_sum), sum(nominations), sum(votes),
         sum(attended), sum(signups), round(sum(hours) * 10), sum(family_joins), sum(families_reached), sum(registered), sum(aware),
         sum(pledged)
  from (
    -- acts by kind
    select g.scope, g.group_id, a.day, sum(a.acts) as acts, sum(a.pledges) as pledges, 0 as quizzes, 0 as quiz_score_sum,
           sum(a.nominations) as nominations, sum(a.votes) as votes, sum(a.attended) as attended, 0 as signups, 0 as hours,
           0 as family_joins, 0 as families_reached, 0 as registered, 0 as aware, 0 as pledged
    from (select community_id, class_id, day, count(*) as acts, count(*) filter (where kind = 'pledge_signed') as pledges,
                 count(*) filter (where kind = 'good_people_nominate') as nominations,
                 count(*) filter (where kind = 'good_people_vote') as votes,
                 count(*) filter (where kind = 'activity_attended') as attended
          from stats_acts group by 1, 2, 3) a
    cross join lateral (values ('community', a.community_id), ('class', a.class_id)) as g(scope, group_id)
    where g.group_id is not null
    group by 1, 2, 3
    union all
    -- registered residents, where they are now
    select 'community', community_id, registered_day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0, 0
    from stats_people where live group by 2, 3
    union all
    select 'class', class_id, class_day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0, 0
    from stats_people where live and class_id is not null group by 2, 3
    union all
    -- awareness and support, from the first quiz (pledge), where the resident is now
    select g.scope, g.group_id, g.day, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(g.aware), sum(g.pledged)
    from stats_residents r join stats_people pp on pp.user_id = r.user_id
    cross join lateral (values ('community', pp.community_id, r.first_quiz_day, 1, 0),
                               ('community', pp.community_id, r.pledged_day, 0, 1),
                               ('class', pp.class_id, case when r.first_quiz_day is not null then greatest(r.first_quiz_day, pp.class_day) end, 1, 0),
                               ('class', pp.class_id, case when r.pledged_day is not null then greatest(r.pledged_day, pp.class_day) end, 0, 1))
      as g(scope, group_id, day, aware, pledged)
    where g.group_id is not null and g.day is not null
    group by 1, 2, 3
    union all
    -- scored quizzes and their scores
    select g.scope, g.group_id, (q.submitted_at at time zone 'Asia/Shanghai')::date, 0, 0, count(*), sum(q.score), 0, 0, 0,
           0, 0, 0, 0, 0, 0, 0
    from quiz_attempts q left join stats_people pp on pp.user_id = q.user_id
    cross join lateral (values ('community', coalesce(pp.community_id, v_none)), ('class', pp.class_id)) as g(scope, group_id)
    where q.mode = 'scored' and q.submitted_at is not null and q.score is not null and g.group_id is not null
    group by 1, 2, 3
    union all
    -- activity sign-ups
    select g.scope, g.group_id, (s.created_at at time zone 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, 0, 0, count(*), 0, 0, 0, 0, 0, 0
    from activity_signups s left join stats_people pp on pp.user_id = s.user_id
    cross join lateral (values ('community', coalesce(pp.community_id, v_none)), ('class', pp.class_id)) as g(scope, group_id)
    where g.group_id is not null
    group by 1, 2, 3
    union all
    -- volunteer hours
    select g.scope, g.group_id, (h.created_at at time zone 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, 0, 0, 0, sum(h.hours), 0, 0, 0, 0, 0
    from volunteer_hours h left join stats_people pp on pp.user_id = h.user_id
    cross join lateral (values ('community', coalesce(pp.community_id, v_none)), ('class', pp.class_id)) as g(scope, group_id)
    where g.group_id is not null
    group by 1, 2, 3
    union all
    -- family members and neighbours joining, and families reached (their first family member)
    select g.scope, g.group_id, f.day, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), count(*) filter (where f.first), 0, 0, 0
    from (select l.student_user_id, (l.created_at at time zone 'Asia/Shanghai')::date as day,
                 l.level = 1 and row_number() over (partition by l.student_user_id, l.level = 1
                                                    order by l.created_at, l.member_user_id) = 1 as first
          from family_links l) f
    join stats_people pp on pp.user_id = f.student_user_id
    cross join lateral (values ('community', pp.community_id), ('class', pp.class_id)) as g(scope, group_id)
    where g.group_id is not null
    group by 1, 2, 3
  ) x
  group by scope, group_id, day;

  -- The residents newly active each day, by gap: from consecutive active days of each resident.
  insert into stats_uniques (scope, group_id, metric, day, gaps, tally)
  with user_days as (
    -- Hashed rather than sorted: a resident's acts of a day nearly always share one community.
    select m.metric, a.k, a.day, a.class_id, min(a.community_id::text) as lo, max(a.community_id::text) as hi
    from stats_acts a cross join (values ('active'), ('quiz')) as m(metric)
    where a.k is not null and (m.metric = 'active' or a.kind = 'quiz_completed')
    group by 1, 2, 3, 4
  ), mixed as (
    -- The rare day a resident acted in two communities (they moved): the first act's.
    select distinct on (d.metric, d.k, d.day) d.metric, d.k, d.day, a.community_id
    from user_days d join stats_acts a on a.k = d.k and a.day = d.day and (d.metric = 'active' or a.kind = 'quiz_completed')
    where d.lo <> d.hi
    order by d.metric, d.k, d.day, a.created_at, a.id
  ), dated as (
    select d.metric, d.day, d.class_id, coalesce(x.community_id, d.lo::uuid) as community_id,
           coalesce(least(d.day - lag(d.day) over (partition by d.metric, d.k order by d.day), 367), 367) as gap
    from user_days d left join mixed x on x.metric = d.metric and x.k = d.k and x.day = d.day
  ), events as (
    select g.scope, g.group_id, d.metric, d.day, d.gap
    from dated d cross join lateral (values ('community', d.community_id), ('class', d.class_id)) as g(scope, group_id)
  ), counted as (
    select scope, group_id, metric, day, gap, count(*) as n from events where group_id is not null group by 1, 2, 3, 4, 5
  )
  select scope, group_id, metric, day, array_agg(gap::smallint order by gap), array_agg(suffix::int order by gap)
  from (select c.*, sum(n) over (partition by scope, group_id, metric, day order by gap desc) as suffix from counted c) s
  group by 1, 2, 3, 4;

  return jsonb_build_object(
    'days', (select count(*) from stats_days), 'uniques', (select count(*) from stats_uniques),
    'residents', (select count(*) from stats_residents));
end
$$;

create function stats_figures_json(f stats_figures) returns jsonb
language sql immutable set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'registered', f.registered, 'participants', f.participants, 'acts', f.acts,
    'pledges', f.pledges, 'pledgedResidents', f.pledged_residents,
    'quizzes', f.quizzes, 'quizTakers', f.quiz_takers, 'awareResidents', f.aware_residents,
    'averageScore', case when f.quizzes > 0 then round(f.quiz_score_sum::numeric / f.quizzes, 1) end,
    'nominations', f.nominations, 'votes', f.votes, 'signups', f.signups, 'attended', f.attended,
    'volunteerHours', f.hours, 'familyJoins', f.family_joins, 'familiesReached', f.families_reached,
    'awarenessRate', case when f.registered > 0 then round(f.aware_residents::numeric / f.registered, 4) end,
    'supportRate', case when f.registered > 0 then round(f.pledged_residents::numeric / f.registered, 4) end,
    'participationRate', case when f.registered > 0 then round(f.participants::numeric / f.registered, 4) end
  );
$$;

-- A dashboard question must name a scope, a period of 1 to 366 days and a bucket; anything else is
-- refused before anything is read.
create function stats_check_query(p_scope text, p_scope_id uuid, p_from date, p_to date, p_bucket text) returns void
language plpgsql immutable set search_path = public, pg_temp as $$
begin
  if p_scope is null or p_scope not in ('county', 'community', 'school') or (p_scope = 'county') <> (p_scope_id is null) then
    raise exception 'invalid_request' using detail = '{"reason": "请选择统计范围:全县、一个社区或一所学校"}';
  end if;
  if p_from is null or p_to is null or p_to < p_from then
    raise exception 'invalid_request' using detail = '{"reason": "请选择开始和结束日期,开始不晚于结束"}';
  end if;
  if p_to - p_from >= 366 then
    raise exception 'invalid_request' using detail = '{"reason": "统计时段最长 366 天"}';
  end if;
  if p_bucket is null or p_bucket not in ('day', 'week') then
    raise exception 'invalid_request' using detail = '{"reason": "请选择按日或按周"}';
  end if;
end
$$;

-- ============================================================================
-- API
-- ============================================================================
-- The scopes the caller may see statistics for: the county and every community and school for
-- county organisers; otherwise the communities and schools they organise.
create function api_stats_scopes(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_county boolean;
begin
  perform require_user(p_user_id);
  v_county := exists (select 1 from user_roles where user_id = p_user_id and role in ('organizer', 'admin') and scope_kind = 'county');
  return jsonb_build_object('items',
    (case when v_county then jsonb_build_array(jsonb_build_object('kind', 'county', 'id', null, 'name', '全县')) else '[]'::jsonb end)
    || coalesce((select jsonb_agg(jsonb_build_object('kind', 'community', 'id', c.id, 'name', c.name) order by c.sort_order, c.name)
                 from communities c
                 where v_county or exists (select 1 from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')
                                           and r.scope_kind = 'community' and r.scope_id = c.id)), '[]'::jsonb)
    || coalesce((select jsonb_agg(jsonb_build_object('kind', 'school', 'id', s.id, 'name', s.name) order by s.sort_order, s.name)
                 from schools s
                 where v_county or exists (select 1 from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')
                                           and r.scope_kind = 'school' and r.scope_id = s.id)), '[]'::jsonb));
end
$$;

-- The dashboard's figures for a scope over a period: totals, each community's (each class's)
-- figures, and participants and acts per day or week. Its one caller, api_stats_dashboard, has
-- checked the question and the organiser's scope.
create function stats_dashboard_figures(p_scope text, p_scope_id uuid, p_from date, p_to date, p_bucket text)
returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_kind text := case p_scope when 'school' then 'class' else 'community' end;
  v_groups uuid[];
  v_name text;
  v_none uuid := stats_no_community();
  v_result jsonb;
begin
  if p_scope = 'county' then
    v_name := '全县';
    v_groups := array(select id from communities) || v_none;
  elsif p_scope = 'community' then
    select name into v_name from communities where id = p_scope_id;
    v_groups := array[p_scope_id];
  else
    select name into v_name from schools where id = p_scope_id;
    v_groups := array(select id from school_classes where school_id = p_scope_id);
  end if;
  if v_name is null then
    raise exception 'not_found';
  end if;

  with grp as (
    select c.id, c.name, c.sort_order as sort from communities c where v_kind = 'community' and c.id = any (v_groups)
    union all
    select v_none, '未选社区', 2147483647 where p_scope = 'county'
    union all
    select c.id, c.name, c.sort_order from school_classes c where v_kind = 'class' and c.school_id = p_scope_id
  ), day_sums as (
    -- Per group: the period's counts and the running totals at its end; per bucket: the acts.
    -- (2000-01-03 was a Monday: a week starts `(day - that) % 7` days before a day.)
    select grouping(d.group_id) = 0 as by_group, d.group_id, b.start,
           sum(d.registered) as registered, sum(d.aware) as aware, sum(d.pledged) as pledged,
           sum(d.acts) filter (where d.day >= p_from) as acts, sum(d.pledges) filter (where d.day >= p_from) as pledges,
           sum(d.quizzes) filter (where d.day >= p_from) as quizzes,
           sum(d.quiz_score_sum) filter (where d.day >= p_from) as quiz_score_sum,
           sum(d.nominations) filter (where d.day >= p_from) as nominations, sum(d.votes) filter (where d.day >= p_from) as votes,
           sum(d.signups) filter (where d.day >= p_from) as signups, sum(d.attended) filter (where d.day >= p_from) as attended,
           sum(d.hours_tenths) filter (where d.day >= p_from) as hours_tenths, sum(d.family_joins) filter (where d.day >= p_from) as family_joins,
           sum(d.families_reached) filter (where d.day >= p_from) as families_reached
    from stats_days d
    cross join lateral (select case when d.day < p_from then null when p_bucket = 'day' then d.day
                                    else greatest(d.day - (d.day - date '2000-01-03') % 7, p_from) end as start) b
    where d.scope = v_kind and d.group_id = any (v_groups) and d.day <= p_to
    group by grouping sets ((d.group_id), (b.start))
  ), unique_sums as (
    -- Per group: the residents new to the period (once each); per bucket: new to the bucket.
    select grouping(u.group_id) = 0 as by_group, u.group_id, b.start, u.metric,
           sum(coalesce(u.tally[width_bucket((u.day - p_from)::smallint, u.gaps) + 1], 0)) as in_period,
           sum(coalesce(u.tally[width_bucket((u.day - b.start)::smallint, u.gaps) + 1], 0)) as in_bucket
    from stats_uniques u
    cross join lateral (select case when p_bucket = 'day' then u.day
                                    else greatest(u.day - (u.day - date '2000-01-03') % 7, p_from) end as start) b
    where u.scope = v_kind and u.group_id = any (v_groups) and u.metric in ('active', 'quiz') and u.day between p_from and p_to
    group by grouping sets ((u.group_id, u.metric), (b.start, u.metric))
  ), figures as (
    select g.id, g.name, g.sort, row(
             coalesce(d.registered, 0), coalesce(qa.in_period, 0), coalesce(d.acts, 0), coalesce(d.pledges, 0),
             coalesce(d.pledged, 0), coalesce(d.quizzes, 0), coalesce(d.quiz_score_sum, 0), coalesce(qq.in_period, 0),
             coalesce(d.aware, 0), coalesce(d.nominations, 0), coalesce(d.votes, 0), coalesce(d.signups, 0),
             coalesce(d.attended, 0), round(coalesce(d.hours_tenths, 0) / 10.0, 1), coalesce(d.family_joins, 0), coalesce(d.families_reached, 0)
           )::stats_figures as f
    from grp g
    left join day_sums d on d.by_group and d.group_id = g.id
    left join unique_sums qa on qa.by_group and qa.group_id = g.id and qa.metric = 'active'
    left join unique_sums qq on qq.by_group and qq.group_id = g.id and qq.metric = 'quiz'
  ), buckets as (
    select s::date as start from generate_series(p_from, p_to, interval '1 day') s
    where p_bucket = 'day' or s::date = p_from or (s::date - date '2000-01-03') % 7 = 0
  ), series as (
    select b.start, coalesce(lead(b.start) over (order by b.start) - 1, p_to) as finish,
           coalesce(p.in_bucket, 0) as participants, coalesce(a.acts, 0) as acts
    from buckets b
    left join unique_sums p on not p.by_group and p.metric = 'active' and p.start = b.start
    left join day_sums a on not a.by_group and a.start = b.start
  )
  select jsonb_build_object(
    'scope', jsonb_build_object('kind', p_scope, 'id', p_scope_id, 'name', v_name),
    'period', jsonb_build_object('from', p_from, 'to', p_to, 'days', p_to - p_from + 1, 'bucket', p_bucket),
    'groupKind', v_kind,
    'generatedAt', now(),
    'totals', (select stats_figures_json(row(
                 sum((f).registered), sum((f).participants), sum((f).acts), sum((f).pledges), sum((f).pledged_residents),
                 sum((f).quizzes), sum((f).quiz_score_sum), sum((f).quiz_takers), sum((f).aware_residents),
                 sum((f).nominations), sum((f).votes), sum((f).signups), sum((f).attended), coalesce(sum((f).hours), 0),
                 sum((f).family_joins), sum((f).families_reached))::stats_figures) from figures),
    'groups', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'name', name) || stats_figures_json(f) order by sort, name)
                        from figures), '[]'::jsonb),
    'series', (select jsonb_agg(jsonb_build_object('start', start, 'end', finish, 'participants', participants, 'acts', acts)
                                order by start) from series)
  ) into v_result;
  return v_result;
end
$$;

-- One page of the ledger for open data: date, kind, points and community, nothing about the
-- person. In time order; p_after_at and p_after_id are where the previous page ended. A school's
-- ledger is the rows of its students and of the family members and neighbours they brought.
create function api_stats_ledger(p_user_id uuid, p_scope text, p_scope_id uuid, p_from date, p_to date,
                                 p_after_at timestamptz, p_after_id bigint, p_limit int) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp set plan_cache_mode = force_custom_plan as $$
declare
  v_start timestamptz := p_from::timestamp at time zone 'Asia/Shanghai';
  v_end timestamptz := (p_to + 1)::timestamp at time zone 'Asia/Shanghai';
  v_limit int := least(greatest(coalesce(p_limit, 1000), 1), 10000);
  v_rows participation[];
begin
  perform stats_check_query(p_scope, p_scope_id, p_from, p_to, 'day');
  perform require_organizer(p_user_id, p_scope, p_scope_id);
  if p_scope = 'community' and not exists (select 1 from communities where id = p_scope_id)
     or p_scope = 'school' and not exists (select 1 from schools where id = p_scope_id) then
    raise exception 'not_found';
  end if;
  if p_after_at is not null then
    v_start := greatest(v_start, p_after_at);
  end if;
  if p_scope = 'school' then
    v_rows := array(
      select p from participation p
      where p.user_id in (select s.user_id from students s where s.school_id = p_scope_id
                          union all
                          select l.member_user_id from family_links l join students s on s.user_id = l.student_user_id
                          where s.school_id = p_scope_id)
        and p.created_at >= v_start and p.created_at < v_end
        and (p_after_at is null or (p.created_at, p.id) > (p_after_at, p_after_id))
      order by p.created_at, p.id limit v_limit);
  else
    v_rows := array(
      select p from participation p
      where p.created_at >= v_start and p.created_at < v_end
        and (p_after_at is null or (p.created_at, p.id) > (p_after_at, p_after_id))
        and (p_scope = 'county' or p.community_id = p_scope_id)
      order by p.created_at, p.id limit v_limit);
  end if;
  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(jsonb_build_array(to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), r.kind, k.label,
                                         r.points, coalesce(c.name, '')) order by r.ordinality)
      from unnest(v_rows) with ordinality as r join participation_kinds k on k.kind = r.kind
      left join communities c on c.id = r.community_id), '[]'::jsonb),
    'next', case when cardinality(v_rows) = v_limit then
      jsonb_build_object('at', v_rows[v_limit].created_at, 'id', v_rows[v_limit].id) end);
end
$$;

create function stats_queue_participation() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into stats_pending (participation_id, user_id)
    select n.id, n.user_id from new_acts n join participation_kinds k on k.kind = n.kind
    where k.counts_as_participation and n.user_id is not null;
  return null;
end
$$;
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

-- A rebuild counts the daily rollups afresh from the tables: their queued changes go with it.
create function stats_rebuild() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  delete from stats_pending;
  delete from stats_days_pending;
  return stats_rebuild_from_tables();
end
$$;
create function stats_add_days(p_changes jsonb) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into stats_days_pending (changes) select p_changes where jsonb_array_length(p_changes) > 0;
$$;

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

-- The dashboard of a scope over a period (参与统计), for its organisers (a community or school
-- organiser sees only their own): what is still queued is counted first, so the figures include
-- every act up to now.
create function api_stats_dashboard(p_user_id uuid, p_scope text, p_scope_id uuid, p_from date, p_to date, p_bucket text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform stats_check_query(p_scope, p_scope_id, p_from, p_to, p_bucket);
  perform require_organizer(p_user_id, p_scope, p_scope_id);
  perform api_stats_catch_up(20000, false);
  return stats_dashboard_figures(p_scope, p_scope_id, p_from, p_to, p_bucket);
end
$$;

create trigger participation_community before insert on participation
  for each row when (new.community_id is null and new.user_id is not null)
  execute function stats_participation_community();

create trigger users_count_for_stats after insert on users
  referencing new table as new_users for each statement execute function stats_count_new_users();

create trigger users_moved_for_stats after update on users
  referencing old table as old_users new table as new_users for each statement execute function stats_count_moved_users();

create trigger students_count_for_stats after insert on students
  referencing new table as new_students for each statement execute function stats_count_students();

create trigger family_links_count_for_stats after insert on family_links
  referencing new table as new_links for each statement execute function stats_count_family_links();

create trigger activity_signups_count_for_stats after insert on activity_signups
  referencing new table as new_signups for each statement execute function stats_count_signups();

create trigger volunteer_hours_count_for_stats after insert on volunteer_hours
  referencing new table as new_hours for each statement execute function stats_count_hours();

create trigger quiz_attempts_count_for_stats after update on quiz_attempts
  referencing old table as old_attempts new table as new_attempts for each statement execute function stats_count_quizzes();
create trigger participation_queue_for_stats after insert on participation
  referencing new table as new_acts for each statement execute function stats_queue_participation();
create trigger stats_batch_counts after insert on stats_batch
  referencing new table as new_acts for each statement execute function stats_count_participation();

create trigger users_count_queued_before_move before update on users
  for each row when (old.community_id is distinct from new.community_id or old.deleted_at is distinct from new.deleted_at)
  execute function stats_count_queued_before_change();
create trigger students_count_queued_before_binding before insert on students
  for each row execute function stats_count_queued_before_change();
create trigger family_links_count_queued_before_link before insert on family_links
  for each row execute function stats_count_queued_before_change();
