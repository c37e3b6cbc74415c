-- Foundation: users, sessions, communities and schools, the participation ledger.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000100_foundation.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- The user as the API shows them, with the scopes they organise in.
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
      select 'student' where exists (select 1 from students s where s.user_id = u.id)
      union
      select distinct r.role from user_roles r where r.user_id = u.id
    ),
    'student', (select jsonb_build_object('schoolId', s.school_id, 'classId', s.class_id) from students s where s.user_id = u.id),
    'organizerScopes', organizer_scopes_json(u.id)
  )
  from users u where u.id = p_user_id;
$$;

-- Raises unauthorized when a valid token names a user that no longer exists or was deleted.
create function require_user(p_user_id uuid) returns users
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_user users;
begin
  select * into v_user from users where id = p_user_id and deleted_at is null;
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
