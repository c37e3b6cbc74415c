-- Announcements: scoped news, unread counts, drafts and publishing.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128001000_announcements.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- How long a published announcement counts as news: older ones never show as unread, so a new
-- resident is not greeted by a badge for every notice of the past.
create function announcement_news_window() returns interval
language sql immutable set search_path = public, pg_temp as $$
  select interval '30 days';
$$;

-- The plain text of a sanitised body (inline tags dropped, block tags and line breaks become a
-- space, the entities the sanitiser writes read back), for list summaries and the check that a
-- published notice says something.
create function announcement_text(p_body text) returns text
language sql immutable set search_path = public, pg_temp as $$
  select btrim(regexp_replace(replace(replace(replace(replace(replace(replace(
           regexp_replace(regexp_replace(p_body, '</?(strong|b|em|i|u)>', '', 'g'), '<[^>]*>', ' ', 'g'),
           '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'),
         '\s+', ' ', 'g'));
$$;

create function announcement_scope_json(p_scope_kind text, p_scope_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('kind', p_scope_kind, 'id', p_scope_id, 'name',
    case p_scope_kind
      when 'county' then '全县'
      when 'community' then (select name from communities where id = p_scope_id)
      when 'school' then (select name from schools where id = p_scope_id)
    end);
$$;

-- What residents see of an announcement; `unread` only for a signed-in resident, and only for news.
create function announcement_json(p_announcement announcements, p_user_id uuid, p_with_body boolean) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_announcement.id, 'title', p_announcement.title,
    'summary', left(announcement_text(p_announcement.body), 80),
    'coverUrl', p_announcement.cover_url,
    'scope', announcement_scope_json(p_announcement.scope_kind, p_announcement.scope_id),
    'pinned', p_announcement.pinned, 'publishAt', p_announcement.publish_at,
    'unread', p_user_id is not null and p_announcement.publish_at > now() - announcement_news_window()
              and not exists (select 1 from announcement_reads r
                              where r.user_id = p_user_id and r.announcement_id = p_announcement.id)
  ) || case when p_with_body then jsonb_build_object('body', p_announcement.body) else '{}'::jsonb end;
$$;

-- Everything, for the organisers of its scope.
create function announcement_manage_json(p_announcement announcements) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_announcement.id, 'title', p_announcement.title, 'body', p_announcement.body,
    'coverUrl', p_announcement.cover_url,
    'scope', announcement_scope_json(p_announcement.scope_kind, p_announcement.scope_id),
    'pinned', p_announcement.pinned, 'status', p_announcement.status, 'publishAt', p_announcement.publish_at,
    'createdAt', p_announcement.created_at, 'updatedAt', p_announcement.updated_at,
    'readCount', (select count(*) from announcement_reads r where r.announcement_id = p_announcement.id)
  );
$$;

-- The published announcements a resident sees now: the county's, their community's and, for a
-- student, their school's. Nobody signed in (null) sees the county's only.
create function announcement_feed(p_user_id uuid) returns setof announcements
language sql stable security definer set search_path = public, pg_temp as $$
  select a.* from announcements a
  where a.status = 'published' and a.publish_at <= now()
    and (a.scope_kind = 'county'
         or (a.scope_kind = 'community'
             and a.scope_id = (select u.community_id from users u where u.id = p_user_id and u.deleted_at is null))
         or (a.scope_kind = 'school'
             and a.scope_id = (select s.school_id from students s where s.user_id = p_user_id)));
$$;

-- The scopes the user may announce to: everywhere for a county organiser or an admin, else the
-- communities and schools they organise. `sort` orders the picker: the county, communities, schools.
create function announcement_scopes(p_user_id uuid) returns table (kind text, id uuid, name text, sort int)
language sql stable security definer set search_path = public, pg_temp as $$
  with roles as (
    select r.scope_kind, r.scope_id from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')
  ), everywhere as (
    select exists (select 1 from roles where scope_kind = 'county') as yes
  )
  select 'county', null::uuid, '全县', 0 from everywhere where yes
  union all
  select 'community', c.id, c.name, 1000 + c.sort_order from communities c, everywhere
  where yes or exists (select 1 from roles r where r.scope_kind = 'community' and r.scope_id = c.id)
  union all
  select 'school', s.id, s.name, 2000 + s.sort_order from schools s, everywhere
  where yes or exists (select 1 from roles r where r.scope_kind = 'school' and r.scope_id = s.id);
$$;

-- The announcement, locked for a change, once the user is known to organise its scope.
create function lock_announcement(p_user_id uuid, p_announcement_id uuid) returns announcements
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_announcement announcements;
begin
  perform require_user(p_user_id);
  select * into v_announcement from announcements where id = p_announcement_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_organizer(p_user_id, v_announcement.scope_kind, v_announcement.scope_id);
  return v_announcement;
end
$$;

-- What the audit log says of an announcement.
create function announcement_target(p_announcement announcements) returns jsonb
language sql immutable set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'announcementId', p_announcement.id, 'title', p_announcement.title, 'status', p_announcement.status,
    'scopeKind', p_announcement.scope_kind, 'scopeId', p_announcement.scope_id);
$$;

-- A deleted account's reads go with it (the account row stays, anonymised: api_account_delete).
create function forget_announcement_reads() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  delete from announcement_reads where user_id = new.id;
  return new;
end
$$;

-- The cursor `<1|0>_<publish_at>_<id>` (pinned, time, id of the last row shown), or nulls.
create function announcement_cursor(p_cursor text, out after_pinned boolean, out after_at timestamptz, out after_id uuid)
language plpgsql stable set search_path = public, pg_temp as $$
begin
  if p_cursor is null then
    return;
  end if;
  begin
    after_pinned := split_part(p_cursor, '_', 1) = '1';
    after_at := split_part(p_cursor, '_', 2)::timestamptz;
    after_id := split_part(p_cursor, '_', 3)::uuid;
  exception when others then
    raise exception 'invalid_request' using detail = '{"reason": "翻页参数有误,请刷新后重试。"}';
  end;
end
$$;

-- ============================================================================
-- API functions: residents
-- ============================================================================
-- A page of the resident's announcements: pinned first, then the newest; one more row than asked
-- tells the API that another page exists.
create function api_announcements_list(p_user_id uuid, p_limit int, p_cursor text default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_after record;
begin
  select * into v_after from announcement_cursor(p_cursor);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(announcement_json(a, p_user_id, false) order by a.pinned desc, a.publish_at desc, a.id desc)
    from (select * from announcement_feed(p_user_id) f
          where p_cursor is null or (f.pinned, f.publish_at, f.id) < (v_after.after_pinned, v_after.after_at, v_after.after_id)
          order by f.pinned desc, f.publish_at desc, f.id desc
          limit least(greatest(p_limit, 1), 100) + 1) a), '[]'::jsonb));
end
$$;

-- One published announcement whose time has come, of any scope (a share card reaches people of
-- other communities too); opening it marks it read.
create function api_announcement_get(p_user_id uuid, p_announcement_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_announcement announcements;
begin
  select * into v_announcement from announcements
    where id = p_announcement_id and status = 'published' and publish_at <= now();
  if not found then
    raise exception 'not_found';
  end if;
  if p_user_id is not null then
    perform require_user(p_user_id);
    insert into announcement_reads (user_id, announcement_id) values (p_user_id, p_announcement_id)
      on conflict do nothing;
  end if;
  return announcement_json(v_announcement, p_user_id, true);
end
$$;

create function api_announcements_unread(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  return jsonb_build_object('count', (
    select count(*) from announcement_feed(p_user_id) a
    where a.publish_at > now() - announcement_news_window()
      and not exists (select 1 from announcement_reads r where r.user_id = p_user_id and r.announcement_id = a.id)));
end
$$;

-- ============================================================================
-- API functions: organisers
-- ============================================================================
-- The announcements of every scope the organiser acts in (drafts too), newest first, and those
-- scopes for the editor's picker.
create function api_announcements_manage(p_user_id uuid, p_limit int, p_cursor text default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_after_at timestamptz;
  v_after_id uuid;
begin
  -- The route let organisers only in; the scopes decide what each one sees.
  perform require_user(p_user_id);
  if p_cursor is not null then
    begin
      v_after_at := left(p_cursor, length(p_cursor) - 37)::timestamptz;
      v_after_id := right(p_cursor, 36)::uuid;
    exception when others then
      raise exception 'invalid_request' using detail = '{"reason": "翻页参数有误,请刷新后重试。"}';
    end;
  end if;
  return jsonb_build_object(
    'items', coalesce((
      select jsonb_agg(announcement_manage_json(a) order by a.created_at desc, a.id desc)
      from (select a.* from announcements a
            join (select distinct s.kind, s.id from announcement_scopes(p_user_id) s) s
              on s.kind = a.scope_kind and s.id is not distinct from a.scope_id
            where (p_cursor is null or (a.created_at, a.id) < (v_after_at, v_after_id))
            order by a.created_at desc, a.id desc
            limit least(greatest(p_limit, 1), 100) + 1) a), '[]'::jsonb),
    'scopes', coalesce((
      select jsonb_agg(jsonb_build_object('kind', s.kind, 'id', s.id, 'name', s.name) order by s.sort, s.name)
      from announcement_scopes(p_user_id) s), '[]'::jsonb));
end
$$;

-- Creates (p_announcement_id null) or edits an announcement. p_fields holds the columns to set
-- (title, body, cover_url, scope_kind + scope_id, pinned, publish_at); a key present with null
-- clears cover_url or publish_at. The organiser must act in the announcement's scope, and in the
-- new one when it moves. A published announcement stays published.
create function api_announcement_save(p_user_id uuid, p_announcement_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_announcement announcements;
  v_kind text;
  v_scope uuid;
begin
  if p_announcement_id is not null then
    v_announcement := lock_announcement(p_user_id, p_announcement_id);
  end if;
  if p_announcement_id is null or p_fields ? 'scope_kind' then
    v_kind := case when p_announcement_id is null then coalesce(p_fields ->> 'scope_kind', 'county') else p_fields ->> 'scope_kind' end;
    v_scope := (p_fields ->> 'scope_id')::uuid;
    perform require_organizer(p_user_id, v_kind, v_scope);
    -- A community or school that exists; the county has no id.
    if v_kind not in ('county', 'community', 'school') or not scope_exists(v_kind, v_scope) then
      raise exception 'invalid_request' using detail = '{"reason": "没有找到这个社区或学校,请重新选择发布范围。"}';
    end if;
  else
    v_kind := v_announcement.scope_kind;
    v_scope := v_announcement.scope_id;
  end if;
  if p_announcement_id is null then
    insert into announcements (title, body, cover_url, scope_kind, scope_id, pinned, publish_at, created_by, updated_by)
      values (p_fields ->> 'title', coalesce(p_fields ->> 'body', ''), p_fields ->> 'cover_url', v_kind, v_scope,
              coalesce((p_fields ->> 'pinned')::boolean, false), (p_fields ->> 'publish_at')::timestamptz, p_user_id, p_user_id)
      returning * into v_announcement;
    perform audit(p_user_id, 'announcement.create', announcement_target(v_announcement));
    return announcement_manage_json(v_announcement);
  end if;

  update announcements a set
    title = coalesce(p_fields ->> 'title', a.title),
    body = coalesce(p_fields ->> 'body', a.body),
    cover_url = case when p_fields ? 'cover_url' then p_fields ->> 'cover_url' else a.cover_url end,
    scope_kind = v_kind,
    scope_id = v_scope,
    pinned = coalesce((p_fields ->> 'pinned')::boolean, a.pinned),
    publish_at = case when not (p_fields ? 'publish_at') then a.publish_at
                      -- A published notice keeps a time: cleared, it shows from now.
                      when a.status = 'published' then coalesce((p_fields ->> 'publish_at')::timestamptz, now())
                      else (p_fields ->> 'publish_at')::timestamptz end,
    updated_by = p_user_id,
    updated_at = now()
  where a.id = p_announcement_id
  returning a.* into v_announcement;
  perform audit(p_user_id, 'announcement.edit', announcement_target(v_announcement)
    || jsonb_build_object('fields', (select jsonb_agg(k order by k) from jsonb_object_keys(p_fields) k)));
  return announcement_manage_json(v_announcement);
end
$$;

-- draft | unpublished → published: visible from its set time, or from now when none is set or it
-- has passed. A notice needs some text to be published.
create function api_announcement_publish(p_user_id uuid, p_announcement_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_announcement announcements := lock_announcement(p_user_id, p_announcement_id);
begin
  if v_announcement.status = 'published' then
    raise exception 'illegal_transition';
  end if;
  if announcement_text(v_announcement.body) = '' then
    raise exception 'announcement_empty';
  end if;
  update announcements set status = 'published', publish_at = greatest(coalesce(publish_at, now()), now()),
                           updated_by = p_user_id, updated_at = now()
    where id = p_announcement_id
    returning * into v_announcement;
  perform audit(p_user_id, 'announcement.publish', announcement_target(v_announcement)
    || jsonb_build_object('publishAt', v_announcement.publish_at));
  return announcement_manage_json(v_announcement);
end
$$;

-- published → unpublished: residents no longer see it; it can be published again.
create function api_announcement_unpublish(p_user_id uuid, p_announcement_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_announcement announcements := lock_announcement(p_user_id, p_announcement_id);
begin
  if v_announcement.status <> 'published' then
    raise exception 'illegal_transition';
  end if;
  update announcements set status = 'unpublished', updated_by = p_user_id, updated_at = now()
    where id = p_announcement_id
    returning * into v_announcement;
  perform audit(p_user_id, 'announcement.unpublish', announcement_target(v_announcement));
  return announcement_manage_json(v_announcement);
end
$$;
create trigger users_forget_announcement_reads after update of deleted_at on users
  for each row when (new.deleted_at is not null and old.deleted_at is null)
  execute function forget_announcement_reads();
