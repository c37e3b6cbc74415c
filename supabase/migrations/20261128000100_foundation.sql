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
-- Internal helpers (not executable by any client role)
-- ============================================================================
create function user_json(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', u.id,
    'nickname', u.nickname,
    'avatarUrl', u.avatar_url,
    'communityId', u.community_id,
    'roles', array(
      select 'resident'
      union
      select distinct r.role from user_roles r where r.user_id = u.id
    ),
    'student', null
  )
  from users u where u.id = p_user_id;
$$;

-- Raises unauthorized when a valid token names a user that no longer exists.
create function require_user(p_user_id uuid) returns users
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_user users;
begin
  select * into v_user from users where id = p_user_id;
  if not found then
    raise exception 'unauthorized';
  end if;
  return v_user;
end
$$;

-- Raises forbidden unless the user organises the given scope; county organisers and admins
-- act everywhere.
create function require_organizer(p_user_id uuid, p_scope_kind text default 'county', p_scope_id uuid default null)
returns void
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  if not exists (
    select 1 from user_roles
    where user_id = p_user_id and role in ('organizer', 'admin')
      and (scope_kind = 'county' or (scope_kind = p_scope_kind and scope_id = p_scope_id))
  ) then
    raise exception 'forbidden';
  end if;
end
$$;

-- Midnight today in the county's time zone: daily caps and "today" start here.
create function local_day_start() returns timestamptz
language sql stable set search_path = public, pg_temp as $$
  select date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai';
$$;

-- Records one counted act with the kind's points (or p_points when given). Within a kind's daily
-- cap of point-earning acts; beyond it the act is still recorded, with 0 points.
create function record_participation(p_user_id uuid, p_kind text, p_ref_type text, p_ref_id text,
                                     p_points int default null) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_kind participation_kinds;
  v_today int;
  v_points int;
begin
  select * into strict v_kind from participation_kinds where kind = p_kind;
  v_points := coalesce(p_points, v_kind.points);
  if v_kind.daily_cap is not null and v_points > 0 then
    -- Serialise one user's acts of one kind so that the cap holds under concurrency.
    perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/' || p_kind, 0));
    select count(*) into v_today from participation
      where user_id = p_user_id and kind = p_kind and points > 0 and created_at >= local_day_start();
    if v_today >= v_kind.daily_cap then
      v_points := 0;
    end if;
  end if;
  insert into participation (user_id, kind, points, ref_type, ref_id)
    values (p_user_id, p_kind, v_points, p_ref_type, p_ref_id);
  return v_points;
end
$$;

create function points_balance(p_user_id uuid) returns int
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(sum(points), 0)::int from participation where user_id = p_user_id;
$$;

-- ============================================================================
-- API functions
-- ============================================================================
create function api_auth_login(p_openid text, p_nickname text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_id uuid;
begin
  insert into users (openid, nickname) values (p_openid, p_nickname)
    on conflict (openid) do update set openid = excluded.openid
    returning id into v_id;
  return user_json(v_id);
end
$$;

create function api_me_get(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  return jsonb_build_object(
    'user', user_json(p_user_id),
    'points', jsonb_build_object('balance', points_balance(p_user_id))
  );
end
$$;

-- Null arguments leave a field unchanged.
create function api_me_update(p_user_id uuid, p_nickname text default null, p_avatar_url text default null,
                              p_community_id uuid default null) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  if p_community_id is not null and not exists (select 1 from communities where id = p_community_id) then
    raise exception 'community_not_found';
  end if;
  update users set
    nickname = coalesce(p_nickname, nickname),
    avatar_url = coalesce(p_avatar_url, avatar_url),
    community_id = coalesce(p_community_id, community_id),
    updated_at = now()
  where id = p_user_id;
  return jsonb_build_object('user', user_json(p_user_id));
end
$$;

-- The API's quick refusal on organiser routes: the caller must organise somewhere; each function
-- then checks the exact scope it acts in.
create function api_require_organizer(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  if not exists (select 1 from user_roles where user_id = p_user_id and role in ('organizer', 'admin')) then
    raise exception 'forbidden';
  end if;
  return jsonb_build_object('ok', true);
end
$$;

create function api_communities_list() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name)
    order by sort_order, name), '[]'::jsonb))
  from communities;
$$;

create function api_schools_list() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
    'id', s.id,
    'name', s.name,
    'classes', coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name)
                          order by c.sort_order, c.name)
                        from school_classes c where c.school_id = s.id), '[]'::jsonb)
  ) order by s.sort_order, s.name), '[]'::jsonb))
  from schools s;
$$;

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
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_auth_login(text, text) to service_role;
grant execute on function api_me_get(uuid) to service_role;
grant execute on function api_me_update(uuid, text, text, uuid) to service_role;
grant execute on function api_require_organizer(uuid) to service_role;
grant execute on function api_communities_list() to service_role;
grant execute on function api_schools_list() to service_role;
