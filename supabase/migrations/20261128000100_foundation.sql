-- Foundation: people, places, roles and the participation ledger.
-- Closed by default: RLS on every table, no privileges for anon/authenticated; the API reaches
-- the data only through api_* functions that only service_role may execute.

-- ============================================================================
-- Roles (present on Supabase; created here for plain PostgreSQL and PGlite)
-- ============================================================================
do $$
declare
  v_role text;
begin
  foreach v_role in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = v_role) then
      execute format('create role %I nologin', v_role);
    end if;
  end loop;
end
$$;

-- Objects created later in this schema start closed too.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from public, anon, authenticated;

-- ============================================================================
-- Tables
-- ============================================================================
create table communities (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (char_length(name) between 1 and 40),
  sort_order int not null default 0
);
comment on table communities is '社区: the residential communities of the county town.';

create table schools (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (char_length(name) between 1 and 60),
  sort_order int not null default 0
);
comment on table schools is '学校: primary and middle schools taking part in 小手牵大手.';

create table school_classes (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references schools (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 40),
  sort_order int not null default 0,
  unique (school_id, name)
);
comment on table school_classes is '班级: classes of a school.';

create table users (
  id uuid primary key default gen_random_uuid(),
  openid text not null unique check (char_length(openid) between 1 and 128),
  nickname text not null check (char_length(nickname) between 1 and 32),
  avatar_url text check (char_length(avatar_url) <= 500),
  community_id uuid references communities (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table users is 'Residents, identified by their WeChat openid (dev:<name> in embedded mode).';

create table user_roles (
  id bigint generated always as identity primary key,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('organizer', 'admin')),
  scope_kind text not null check (scope_kind in ('county', 'community', 'school', 'unit')),
  scope_id uuid,
  granted_at timestamptz not null default now(),
  check ((scope_kind = 'county') = (scope_id is null))
);
create unique index user_roles_unique on user_roles (user_id, role, scope_kind, coalesce(scope_id, '00000000-0000-0000-0000-000000000000'));
comment on table user_roles is 'Granted roles with their scope; resident is implicit and never stored.';

create table participation_kinds (
  kind text primary key check (kind ~ '^[a-z_]{1,40}$'),
  label text not null,
  points int not null check (points >= 0),
  daily_cap int check (daily_cap > 0)
);
comment on table participation_kinds is 'What counts as participation, how many points it earns, and its daily cap of counted rows.';

create table participation (
  id bigint generated always as identity primary key,
  user_id uuid references users (id) on delete set null,
  kind text not null references participation_kinds (kind),
  points int not null,
  ref_type text not null,
  ref_id text not null,
  created_at timestamptz not null default now()
);
create index participation_user_time on participation (user_id, created_at desc);
create index participation_kind_time on participation (kind, created_at);
comment on table participation is 'The participation ledger: one row per counted act; balances and statistics derive from it.';

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table communities enable row level security;
alter table schools enable row level security;
alter table school_classes enable row level security;
alter table users enable row level security;
alter table user_roles enable row level security;
alter table participation_kinds enable row level security;
alter table participation enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
