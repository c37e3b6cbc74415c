-- Administration: granting and revoking organiser and admin roles, with every change kept in an
-- audit log. Used by the command-line tool (`npm run admin`) with a direct database connection;
-- none of these functions is reachable through the API.

-- ============================================================================
-- Tables
-- ============================================================================
create table audit_log (
  id bigint generated always as identity primary key,
  actor_user_id uuid references users (id) on delete set null,
  actor text not null check (char_length(actor) between 1 and 100),
  action text not null check (char_length(action) between 1 and 60),
  target jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_time on audit_log (created_at desc);
comment on table audit_log is 'Who changed what, when: role grants and revocations (and, later, every organiser action).';

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

-- The id of a scope named by kind and name: county has none; a community or school by its name;
-- a unit by its id.
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
  elsif p_scope_kind = 'unit' and p_scope_name ~ '^[0-9a-f-]{36}$' then
    v_id := p_scope_name::uuid;
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
  insert into audit_log (actor, action, target)
    values (p_actor, 'role.grant', jsonb_build_object('userId', v_user.id, 'role', p_role, 'scopeKind', p_scope_kind, 'scopeId', v_scope));
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
  insert into audit_log (actor, action, target)
    values (p_actor, 'role.revoke', jsonb_build_object('userId', v_user.id, 'role', p_role, 'scopeKind', p_scope_kind, 'scopeId', v_scope));
  return user_json(v_user.id);
end
$$;

create function admin_list_roles() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'user', u.openid, 'nickname', u.nickname, 'role', r.role, 'scopeKind', r.scope_kind,
    'scope', coalesce(c.name, s.name, r.scope_id::text), 'grantedAt', r.granted_at) order by r.granted_at), '[]'::jsonb)
  from user_roles r join users u on u.id = r.user_id
  left join communities c on r.scope_kind = 'community' and c.id = r.scope_id
  left join schools s on r.scope_kind = 'school' and s.id = r.scope_id;
$$;

-- ============================================================================
-- Closed by default: only the database owner (the command-line tool) runs these
-- ============================================================================
alter table audit_log enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;
