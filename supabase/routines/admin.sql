-- Roles and scopes: who organises what, the admin's grants, the command-line tool.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000600_admin.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- A user by openid (dev:<name> in embedded mode) or by id.
create function admin_find_user(p_who text) returns users
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_user users;
begin
  select * into v_user from users where openid = p_who or id::text = p_who;
  if not found then
    raise exception 'not_found' using detail = format('{"user": %s}', to_jsonb(p_who));
  end if;
  return v_user;
end
$$;

-- The id of a scope named by kind and name (the command-line tool): county has none; a community
-- or school by its name; a unit by its name or id.
create function admin_scope_id(p_scope_kind text, p_scope_name text) returns uuid
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_id uuid;
begin
  if p_scope_kind = 'county' then
    return null;
  elsif p_scope_kind = 'community' then
    select id into v_id from communities where name = p_scope_name;
  elsif p_scope_kind = 'school' then
    select id into v_id from schools where name = p_scope_name;
  elsif p_scope_kind = 'unit' then
    select id into v_id from units where name = p_scope_name or id::text = p_scope_name;
  end if;
  if v_id is null then
    raise exception 'not_found' using detail = format('{"scope": %s}', to_jsonb(p_scope_kind || ':' || coalesce(p_scope_name, '')));
  end if;
  return v_id;
end
$$;

create function admin_grant_role(p_who text, p_role text, p_scope_kind text, p_scope_name text, p_actor text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_user users := admin_find_user(p_who);
  v_scope uuid := admin_scope_id(p_scope_kind, p_scope_name);
begin
  insert into user_roles (user_id, role, scope_kind, scope_id) values (v_user.id, p_role, p_scope_kind, v_scope)
    on conflict do nothing;
  perform audit(null, 'role.grant', jsonb_build_object('userId', v_user.id, 'role', p_role, 'scopeKind', p_scope_kind, 'scopeId', v_scope), p_actor);
  return user_json(v_user.id);
end
$$;

create function admin_revoke_role(p_who text, p_role text, p_scope_kind text, p_scope_name text, p_actor text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_user users := admin_find_user(p_who);
  v_scope uuid := admin_scope_id(p_scope_kind, p_scope_name);
begin
  delete from user_roles where user_id = v_user.id and role = p_role and scope_kind = p_scope_kind
    and scope_id is not distinct from v_scope;
  if not found then
    raise exception 'not_found' using detail = '{"role": "not granted"}';
  end if;
  perform audit(null, 'role.revoke', jsonb_build_object('userId', v_user.id, 'role', p_role, 'scopeKind', p_scope_kind, 'scopeId', v_scope), p_actor);
  return user_json(v_user.id);
end
$$;

create function admin_list_roles() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'user', u.openid, 'nickname', u.nickname, 'role', r.role, 'scopeKind', r.scope_kind,
    'scope', coalesce(scope_name(r.scope_kind, r.scope_id), r.scope_id::text), 'grantedAt', r.granted_at) order by r.granted_at), '[]'::jsonb)
  from user_roles r join users u on u.id = r.user_id;
$$;

-- ============================================================================
-- Scopes: what an organiser acts in
-- ============================================================================
-- Whether a scope names something: the county always; a community, school or unit by its row.
create function scope_exists(p_scope_kind text, p_scope_id uuid) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select case p_scope_kind
    when 'county' then p_scope_id is null
    when 'community' then exists (select 1 from communities where id = p_scope_id)
    when 'school' then exists (select 1 from schools where id = p_scope_id)
    when 'unit' then exists (select 1 from units where id = p_scope_id)
    else false
  end;
$$;

create function scope_name(p_scope_kind text, p_scope_id uuid) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select case p_scope_kind
    when 'county' then '全县'
    when 'community' then (select name from communities where id = p_scope_id)
    when 'school' then (select name from schools where id = p_scope_id)
    when 'unit' then (select name from units where id = p_scope_id)
  end;
$$;

-- A role's scope must name a row of its kind (the CLI and the API check first; this holds for
-- anything else that writes roles).
create function user_roles_scope_check() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not scope_exists(new.scope_kind, new.scope_id) then
    raise exception 'not_found' using detail = jsonb_build_object('scope', new.scope_kind || ':' || coalesce(new.scope_id::text, ''))::text;
  end if;
  return new;
end
$$;

-- Raises forbidden unless the user is an admin (role admin in the county scope).
create function require_admin(p_user_id uuid) returns void
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  if not exists (select 1 from user_roles where user_id = p_user_id and role = 'admin' and scope_kind = 'county') then
    raise exception 'forbidden';
  end if;
end
$$;

-- The one writer of the audit log: who did what to what. Acts through the API carry the user
-- (actor `api`); the command-line tool's carry `cli:<login>` and no user.
create function audit(p_user_id uuid, p_action text, p_target jsonb, p_actor text default 'api') returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into audit_log (actor_user_id, actor, action, target) values (p_user_id, p_actor, p_action, p_target);
$$;

-- The scopes a user organises in, county first: what the app shows them.
create function organizer_scopes_json(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object('kind', s.kind, 'id', s.id, 'name', s.name) order by s.rank, s.name), '[]'::jsonb)
  from (select distinct r.scope_kind as kind, r.scope_id as id, scope_name(r.scope_kind, r.scope_id) as name,
               array_position(array['county', 'community', 'school', 'unit'], r.scope_kind) as rank
        from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')) s;
$$;

-- ============================================================================
-- API: roles, for admins
-- ============================================================================
create function role_json(p_role user_roles) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_role.id, 'userId', p_role.user_id,
    'nickname', (select nickname from users where id = p_role.user_id),
    'role', p_role.role, 'scopeKind', p_role.scope_kind, 'scopeId', p_role.scope_id,
    'scopeName', scope_name(p_role.scope_kind, p_role.scope_id), 'grantedAt', p_role.granted_at);
$$;

create function api_admin_roles_list(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_admin(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(role_json(r) order by array_position(array['county', 'community', 'school', 'unit'], r.scope_kind),
                                           scope_name(r.scope_kind, r.scope_id), u.nickname, r.id)
    from user_roles r join users u on u.id = r.user_id), '[]'::jsonb));
end
$$;

-- Grants a role in a scope. Admins are county-wide only; the scope must name a row of its kind.
create function api_admin_role_grant(p_user_id uuid, p_target_user_id uuid, p_role text, p_scope_kind text, p_scope_id uuid)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_role user_roles;
begin
  perform require_admin(p_user_id);
  if not exists (select 1 from users where id = p_target_user_id and deleted_at is null) then
    raise exception 'not_found' using detail = '{"user": "not found"}';
  end if;
  if p_role not in ('organizer', 'admin') or p_scope_kind not in ('county', 'community', 'school', 'unit')
     or (p_scope_kind = 'county') <> (p_scope_id is null) then
    raise exception 'invalid_request';
  end if;
  if p_role = 'admin' and p_scope_kind <> 'county' then
    raise exception 'invalid_request' using detail = '{"reason": "管理员只能是全县范围"}';
  end if;
  if not scope_exists(p_scope_kind, p_scope_id) then
    raise exception 'not_found' using detail = jsonb_build_object('scope', p_scope_kind || ':' || p_scope_id)::text;
  end if;
  insert into user_roles (user_id, role, scope_kind, scope_id) values (p_target_user_id, p_role, p_scope_kind, p_scope_id)
    on conflict do nothing
    returning * into v_role;
  if not found then
    raise exception 'role_already_granted';
  end if;
  perform audit(p_user_id, 'role.grant', jsonb_build_object('roleId', v_role.id, 'userId', v_role.user_id,
    'role', v_role.role, 'scopeKind', v_role.scope_kind, 'scopeId', v_role.scope_id));
  return role_json(v_role);
end
$$;

-- Revokes a role. An admin cannot revoke their own admin role (the county would risk having none):
-- the county's admin rows are locked first, so two admins revoking each other at once cannot
-- both succeed either.
create function api_admin_role_revoke(p_user_id uuid, p_role_id bigint) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_role user_roles;
begin
  perform require_admin(p_user_id);
  perform 1 from user_roles where role = 'admin' and scope_kind = 'county' order by id for update;
  -- Still an admin once the others' revocations committed.
  perform require_admin(p_user_id);
  select * into v_role from user_roles where id = p_role_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_role.user_id = p_user_id and v_role.role = 'admin' and v_role.scope_kind = 'county' then
    raise exception 'last_admin_role';
  end if;
  delete from user_roles where id = p_role_id;
  perform audit(p_user_id, 'role.revoke', jsonb_build_object('roleId', v_role.id, 'userId', v_role.user_id,
    'role', v_role.role, 'scopeKind', v_role.scope_kind, 'scopeId', v_role.scope_id));
  return role_json(v_role);
end
$$;

create function api_admin_units_list(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_admin(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('id', id, 'name', name, 'kind', kind, 'description', description)
                     order by sort_order, name)
    from units), '[]'::jsonb));
end
$$;

-- People by nickname prefix (case-insensitive), by nickname then id; p_after is the id of the last
-- one already shown. Deleted accounts are left out, and students under 14 awaiting consent (nobody
-- grants them a role). One more row than asked tells of another page.
create function api_admin_users_find(p_user_id uuid, p_query text, p_limit int, p_after uuid default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_after users;
begin
  perform require_admin(p_user_id);
  if p_after is not null then
    select * into v_after from users where id = p_after;
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'id', u.id, 'nickname', u.nickname,
             'community', (select name from communities where id = u.community_id),
             'roles', (select coalesce(jsonb_agg(role_json(r) order by r.id), '[]'::jsonb) from user_roles r where r.user_id = u.id),
             'createdAt', u.created_at)
           order by u.nickname, u.id)
    from (select * from users u
          where u.deleted_at is null and not exists (select 1 from students st where st.user_id = u.id and st.consented_at is null)
            and starts_with(lower(u.nickname), lower(coalesce(p_query, '')))
            and (v_after.id is null or (u.nickname, u.id) > (v_after.nickname, v_after.id))
          order by u.nickname, u.id limit least(greatest(p_limit, 1), 100) + 1) u), '[]'::jsonb));
end
$$;

create trigger user_roles_scope_exists before insert or update of scope_kind, scope_id on user_roles
  for each row execute function user_roles_scope_check();
