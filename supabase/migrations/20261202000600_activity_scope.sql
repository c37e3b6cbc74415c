-- An activity's scope as roles name it, so that its organisers are checked by require_organizer
-- like every other scope: a community, a unit, or (neither) the county.
alter table activities
  add column scope_kind text generated always as
    (case when community_id is not null then 'community' when unit_id is not null then 'unit' else 'county' end) stored,
  add column scope_id uuid generated always as (coalesce(community_id, unit_id)) stored;
