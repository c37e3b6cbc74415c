-- Scopes: who may act on what, roles granted through the API by admins, and an audit row for every
-- organiser write.
--
-- A role is held in a scope: the county, a community (社区), a school, or a work unit (单位,
-- including the units that own a road section under 包路段). County organisers and admins act
-- everywhere (require_organizer); everyone else acts only inside the scopes they hold. The API's
-- `organizer` routes admit anyone who organises somewhere (api_require_organizer); each function
-- below decides the scope of the resource it touches:
--
--   activities (save, cancel, door, hours, roster)  the activity's community or unit; none = the county
--   families progress                               filtered to the caller's schools (county: all);
--                                                   no county or school role: refused
--   quiz bank (list, import, retire)                county only: one bank serves every resident's quiz,
--                                                   the points and the county leaderboard
--   prize desk (verify a redemption)                county only: prizes are the county office's stock,
--                                                   redeemed with county-wide points at its prize desk
--   pledge campaign (edit)                          county only: one campaign for the whole county
--   good people (rounds, review, merge, edit,       county only: one county-wide appraisal, the same bar
--     objections, notice, publish)                  for every community, chosen and publicised by the
--                                                   county's 文明办; nobody reviews their own neighbours
--   roles (list, grant, revoke, units, users)       admins only (role admin, county scope)

-- ============================================================================
-- Tables
-- ============================================================================
create table units (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (char_length(name) between 1 and 60),
  kind text not null default 'unit' check (kind in ('unit', 'road_section')),
  description text check (char_length(description) <= 200),
  sort_order int not null default 0
);
comment on table units is '单位: work units taking part in the campaign; kind road_section for a unit that owns a road section (包路段), described in description.';

alter table activities
  add column community_id uuid references communities (id),
  add column unit_id uuid references units (id),
  add constraint activities_one_scope check (community_id is null or unit_id is null);
comment on column activities.community_id is 'The community the activity belongs to (its organisers run it); null with unit_id null: county-wide.';
comment on column activities.unit_id is 'The work unit the activity belongs to; null with community_id null: county-wide.';

comment on table audit_log is 'Who changed what, when: role grants and revocations and every organiser write (actor_user_id: the organiser; actor: api or cli:<user>).';

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table units enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
