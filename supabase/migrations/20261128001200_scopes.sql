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
-- Internal helpers
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

create trigger user_roles_scope_exists before insert or update of scope_kind, scope_id on user_roles
  for each row execute function user_roles_scope_check();

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

-- One audit row for an organiser's (or admin's) act through the API.
create function organizer_audit(p_user_id uuid, p_action text, p_target jsonb) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into audit_log (actor_user_id, actor, action, target) values (p_user_id, 'api', p_action, p_target);
$$;

-- The scopes a user organises in, county first: what the app shows them.
create function organizer_scopes_json(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object('kind', s.kind, 'id', s.id, 'name', s.name) order by s.rank, s.name), '[]'::jsonb)
  from (select distinct r.scope_kind as kind, r.scope_id as id, scope_name(r.scope_kind, r.scope_id) as name,
               array_position(array['county', 'community', 'school', 'unit'], r.scope_kind) as rank
        from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')) s;
$$;

-- The user as the API shows them, now with the scopes they organise in.
create or replace function user_json(p_user_id uuid) returns jsonb
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

-- An activity belongs to a community, a unit, or (neither) the county: its organisers act on it.
create function require_activity_scope(p_user_id uuid, p_community_id uuid, p_unit_id uuid) returns void
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if p_community_id is not null then
    perform require_organizer(p_user_id, 'community', p_community_id);
  elsif p_unit_id is not null then
    perform require_organizer(p_user_id, 'unit', p_unit_id);
  else
    perform require_organizer(p_user_id);
  end if;
end
$$;

-- The activity as before, with where it belongs.
create or replace function activity_json(p_activity activities, p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_activity.id, 'title', p_activity.title, 'kind', p_activity.kind,
    'description', p_activity.description, 'coverUrl', p_activity.cover_url,
    'location', p_activity.location, 'latitude', p_activity.latitude, 'longitude', p_activity.longitude,
    'startsAt', p_activity.starts_at, 'endsAt', p_activity.ends_at,
    'signupDeadline', coalesce(p_activity.signup_deadline, p_activity.starts_at),
    'capacity', p_activity.capacity, 'audience', p_activity.audience, 'hours', p_activity.hours,
    'cancelRule', p_activity.cancel_rule, 'status', p_activity.status,
    'confirmedCount', p_activity.confirmed_seats, 'waitlistCount', p_activity.waitlisted_seats,
    'mySignup', (select signup_json(s) from activity_signups s
                 where s.activity_id = p_activity.id and s.user_id = p_user_id and s.status <> 'cancelled'),
    'communityId', p_activity.community_id,
    'unitId', p_activity.unit_id,
    'scopeName', case when p_activity.community_id is not null then scope_name('community', p_activity.community_id)
                      when p_activity.unit_id is not null then scope_name('unit', p_activity.unit_id) end
  );
$$;

-- ============================================================================
-- Activities: the activity's own scope
-- ============================================================================
-- Creates (p_activity_id null) or edits an activity; p_fields holds the columns to set. The
-- organiser must hold the activity's scope (community_id / unit_id; neither: the county). An edit
-- that names community_id or unit_id moves the activity to exactly that scope (the other one
-- cleared), which needs the scope it leaves and the one it enters.
create or replace function api_activity_save(p_user_id uuid, p_activity_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_moves boolean := p_fields ? 'community_id' or p_fields ? 'unit_id';
  v_community uuid := p_fields ->> 'community_id';
  v_unit uuid := p_fields ->> 'unit_id';
begin
  perform require_user(p_user_id);
  if v_community is not null and v_unit is not null then
    raise exception 'invalid_request' using detail = '{"reason": "活动只能属于一个社区或一个单位"}';
  end if;
  if p_activity_id is null then
    perform require_activity_scope(p_user_id, v_community, v_unit);
  else
    select * into v_activity from activities where id = p_activity_id for update;
    if not found then
      raise exception 'not_found';
    end if;
    perform require_activity_scope(p_user_id, v_activity.community_id, v_activity.unit_id);
    if v_moves then
      perform require_activity_scope(p_user_id, v_community, v_unit);
    end if;
  end if;
  if v_community is not null and not exists (select 1 from communities where id = v_community) then
    raise exception 'community_not_found';
  end if;
  if v_unit is not null and not exists (select 1 from units where id = v_unit) then
    raise exception 'not_found' using detail = '{"unit": "not found"}';
  end if;

  if p_activity_id is null then
    insert into activities (title, kind, description, cover_url, location, latitude, longitude, starts_at, ends_at,
                            signup_deadline, capacity, audience, hours, cancel_rule, created_by, community_id, unit_id)
    select f.title, f.kind, coalesce(f.description, ''), f.cover_url, f.location, f.latitude, f.longitude,
           f.starts_at, f.ends_at, f.signup_deadline, f.capacity, coalesce(f.audience, 'all'), coalesce(f.hours, 0),
           coalesce(f.cancel_rule, 'until_deadline'), p_user_id, v_community, v_unit
    from jsonb_populate_record(null::activity_fields, p_fields) as f
    returning * into v_activity;
    perform organizer_audit(p_user_id, 'activity.create',
      jsonb_build_object('activityId', v_activity.id, 'communityId', v_community, 'unitId', v_unit, 'fields', p_fields));
    return activity_json(v_activity, p_user_id);
  end if;

  if v_activity.status = 'cancelled' then
    raise exception 'activity_cancelled';
  end if;
  if (p_fields ? 'capacity') and (p_fields->>'capacity')::int < v_activity.confirmed_seats then
    raise exception 'capacity_below_confirmed';
  end if;
  update activities a set
    title = coalesce(f.title, a.title), kind = coalesce(f.kind, a.kind), description = coalesce(f.description, a.description),
    cover_url = coalesce(f.cover_url, a.cover_url), location = coalesce(f.location, a.location),
    latitude = coalesce(f.latitude, a.latitude), longitude = coalesce(f.longitude, a.longitude),
    starts_at = coalesce(f.starts_at, a.starts_at), ends_at = coalesce(f.ends_at, a.ends_at),
    signup_deadline = coalesce(f.signup_deadline, a.signup_deadline), capacity = coalesce(f.capacity, a.capacity),
    audience = coalesce(f.audience, a.audience), hours = coalesce(f.hours, a.hours),
    cancel_rule = coalesce(f.cancel_rule, a.cancel_rule),
    community_id = case when v_moves then v_community else a.community_id end,
    unit_id = case when v_moves then v_unit else a.unit_id end,
    updated_at = now()
  from jsonb_populate_record(null::activity_fields, p_fields) as f
  where a.id = p_activity_id
  returning a.* into v_activity;
  -- Reminders follow a moved start.
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending' and kind in ('day_before', 'hour_before');
  perform schedule_reminders(s, v_activity) from activity_signups s where s.activity_id = p_activity_id;
  perform notify_signups(p_activity_id, 'changed');
  perform promote_waitlist(p_activity_id);
  perform organizer_audit(p_user_id, 'activity.edit', jsonb_build_object('activityId', p_activity_id, 'fields', p_fields));
  select * into v_activity from activities where id = p_activity_id;
  return activity_json(v_activity, p_user_id);
end
$$;

create or replace function api_activity_cancel(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_activity_scope(p_user_id, v_activity.community_id, v_activity.unit_id);
  if v_activity.status <> 'published' then
    raise exception 'not_found';
  end if;
  update activities set status = 'cancelled', updated_at = now() where id = p_activity_id returning * into v_activity;
  delete from activity_notifications where activity_id = p_activity_id and status = 'pending';
  perform notify_signups(p_activity_id, 'cancelled');
  perform organizer_audit(p_user_id, 'activity.cancel', jsonb_build_object('activityId', p_activity_id));
  return activity_json(v_activity, p_user_id);
end
$$;

-- The door: p_action 'in' or 'out' with the ticket read from the resident's QR. Check-in opens
-- 30 minutes before the start and closes at the end. Check-out credits the activity's hours when
-- the resident was present for at least 60% of it, never more than the time present.
create or replace function api_activity_checkin(p_user_id uuid, p_activity_id uuid, p_ticket text, p_action text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
  v_present interval;
  v_hours numeric(4, 1) := 0;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_activity_scope(p_user_id, v_activity.community_id, v_activity.unit_id);
  select * into v_signup from activity_signups where ticket = p_ticket for update;
  if not found then
    raise exception 'invalid_ticket';
  end if;
  if v_signup.activity_id <> p_activity_id then
    raise exception 'wrong_activity';
  end if;
  if v_signup.status <> 'confirmed' then
    raise exception 'invalid_ticket';
  end if;
  if p_action = 'in' then
    if v_signup.checked_in_at is not null then
      raise exception 'already_checked_in';
    end if;
    if now() < v_activity.starts_at - interval '30 minutes' or now() > v_activity.ends_at then
      raise exception 'checkin_not_open';
    end if;
    update activity_signups set checked_in_at = now() where id = v_signup.id returning * into v_signup;
  elsif p_action = 'out' then
    if v_signup.checked_in_at is null then
      raise exception 'not_checked_in';
    end if;
    if v_signup.checked_out_at is not null then
      raise exception 'already_checked_out';
    end if;
    update activity_signups set checked_out_at = now() where id = v_signup.id returning * into v_signup;
    v_present := least(v_signup.checked_out_at, v_activity.ends_at) - greatest(v_signup.checked_in_at, v_activity.starts_at);
    if v_present >= 0.6 * (v_activity.ends_at - v_activity.starts_at) then
      v_hours := least(v_activity.hours, floor(extract(epoch from v_present) / 360) / 10);
    end if;
    if v_hours > 0 then
      insert into volunteer_hours (user_id, activity_id, hours, source)
        values (v_signup.user_id, p_activity_id, v_hours, 'checkout');
    end if;
    perform record_participation(v_signup.user_id, 'activity_attended', 'activity', p_activity_id::text);
  else
    raise exception 'invalid_request';
  end if;
  perform organizer_audit(p_user_id, case p_action when 'in' then 'activity.checkin' else 'activity.checkout' end,
    jsonb_build_object('activityId', p_activity_id, 'signupId', v_signup.id, 'hoursCredited', v_hours));
  return jsonb_build_object('signup', signup_json(v_signup), 'hoursCredited', v_hours,
    'nickname', (select nickname from users where id = v_signup.user_id));
end
$$;

-- Hours added by hand, with the reason kept beside them; never more than the activity's length.
create or replace function api_activity_hours_add(p_user_id uuid, p_activity_id uuid, p_signup_id uuid, p_hours numeric, p_reason text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
  v_signup activity_signups;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_activity_scope(p_user_id, v_activity.community_id, v_activity.unit_id);
  select * into v_signup from activity_signups where id = p_signup_id and activity_id = p_activity_id and status = 'confirmed';
  if not found then
    raise exception 'not_found';
  end if;
  if p_hours * interval '1 hour' > v_activity.ends_at - v_activity.starts_at then
    raise exception 'hours_exceed_activity';
  end if;
  insert into volunteer_hours (user_id, activity_id, hours, source, reason, created_by)
    values (v_signup.user_id, p_activity_id, p_hours, 'manual', p_reason, p_user_id);
  perform organizer_audit(p_user_id, 'activity.hours',
    jsonb_build_object('activityId', p_activity_id, 'signupId', p_signup_id, 'hours', p_hours, 'reason', p_reason));
  return jsonb_build_object('hours', (select coalesce(sum(hours), 0) from volunteer_hours
                                      where user_id = v_signup.user_id and activity_id = p_activity_id));
end
$$;

-- The roster: every active sign-up with its check-in state and hours; names are nicknames.
create or replace function api_activity_roster(p_user_id uuid, p_activity_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_activity activities;
begin
  perform require_user(p_user_id);
  select * into v_activity from activities where id = p_activity_id;
  if not found then
    raise exception 'not_found';
  end if;
  perform require_activity_scope(p_user_id, v_activity.community_id, v_activity.unit_id);
  return jsonb_build_object('activity', activity_json(v_activity, p_user_id), 'items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'signupId', s.id, 'nickname', coalesce(u.nickname, '已注销'), 'community', c.name, 'seats', s.seats,
             'status', s.status, 'signedUpAt', s.created_at, 'checkedInAt', s.checked_in_at, 'checkedOutAt', s.checked_out_at,
             'hours', (select coalesce(sum(h.hours), 0) from volunteer_hours h where h.activity_id = p_activity_id and h.user_id = s.user_id))
           order by s.status, s.arrival)
    from activity_signups s left join users u on u.id = s.user_id left join communities c on c.id = u.community_id
    where s.activity_id = p_activity_id and s.status <> 'cancelled'), '[]'::jsonb));
end
$$;

-- ============================================================================
-- County-only organiser writes, now audited (the scope stays the county: see the top)
-- ============================================================================
-- At the prize desk: an organiser verifies a code once. County only: the prizes are the county
-- office's stock, bought with points earned county-wide.
create or replace function api_reward_verify(p_user_id uuid, p_code text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_redemption reward_redemptions;
begin
  perform require_organizer(p_user_id, 'county');
  select * into v_redemption from reward_redemptions where code = upper(btrim(p_code)) for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_redemption.status = 'verified' then
    raise exception 'already_verified';
  end if;
  update reward_redemptions set status = 'verified', verified_at = now(), verified_by = p_user_id
    where id = v_redemption.id returning * into v_redemption;
  perform organizer_audit(p_user_id, 'reward.verify',
    jsonb_build_object('redemptionId', v_redemption.id, 'rewardId', v_redemption.reward_id));
  return jsonb_build_object('code', v_redemption.code, 'status', v_redemption.status,
    'verifiedAt', v_redemption.verified_at,
    'reward', (select jsonb_build_object('id', id, 'name', name) from rewards where id = v_redemption.reward_id));
end
$$;

-- Organisers add questions in bulk: all or nothing. A stem already in the bank refuses the whole
-- import with the positions (0-based) of the clashing items in the detail. County only: one bank
-- serves every resident's quiz, its points and the county leaderboard.
create or replace function api_quiz_import(p_user_id uuid, p_questions jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_clashes jsonb;
  v_count int;
  v_ids jsonb;
begin
  perform require_organizer(p_user_id, 'county');
  select jsonb_agg(i.position - 1 order by i.position) into v_clashes
  from jsonb_array_elements(p_questions) with ordinality as i(item, position)
  where exists (select 1 from quiz_questions q where q.status = 'active' and q.stem = i.item->>'stem')
     or (select count(*) from jsonb_array_elements(p_questions) o where o->>'stem' = i.item->>'stem') > 1;
  if v_clashes is not null then
    raise exception 'duplicate_question' using detail = v_clashes::text;
  end if;
  with inserted as (
    insert into quiz_questions (article_id, type, stem, options, answer_keys, explanation, difficulty)
    select (select id from learn_articles where slug = i->>'articleSlug'), i->>'type', i->>'stem', i->'options',
           array(select jsonb_array_elements_text(i->'answerKeys')), i->>'explanation', (i->>'difficulty')::int
    from jsonb_array_elements(p_questions) i
    returning id
  )
  select count(*), jsonb_agg(id) into v_count, v_ids from inserted;
  perform organizer_audit(p_user_id, 'quiz.import', jsonb_build_object('imported', v_count, 'questionIds', v_ids));
  return jsonb_build_object('imported', v_count);
end
$$;

-- Retired questions are no longer drawn; past attempts keep their review. County only (the bank).
create or replace function api_quiz_question_retire(p_user_id uuid, p_question_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id, 'county');
  update quiz_questions set status = 'retired' where id = p_question_id and status = 'active';
  if not found then
    raise exception 'not_found';
  end if;
  perform organizer_audit(p_user_id, 'quiz.retire', jsonb_build_object('questionId', p_question_id));
  return jsonb_build_object('id', p_question_id, 'status', 'retired');
end
$$;

-- County organisers edit the current campaign's title, text and goal; null leaves a field as it is.
create or replace function api_pledge_update(p_user_id uuid, p_title text default null, p_text text default null,
                                             p_goal int default null) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_campaign uuid;
begin
  perform require_organizer(p_user_id, 'county');
  update pledge_campaigns set
    title = coalesce(p_title, title),
    text = coalesce(p_text, text),
    goal = coalesce(p_goal, goal)
  where is_current
  returning id into v_campaign;
  if not found then
    raise exception 'not_found';
  end if;
  perform organizer_audit(p_user_id, 'pledge.update', jsonb_strip_nulls(jsonb_build_object(
    'campaignId', v_campaign, 'title', p_title, 'text', p_text, 'goal', p_goal)));
  return api_pledge_get(p_user_id);
end
$$;

-- ============================================================================
-- Families: the caller's schools
-- ============================================================================
-- Each class of the schools in the organiser's scope, with its join code and progress; someone
-- who organises neither the county nor a school (a community or unit organiser) is refused.
create or replace function api_family_progress(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  if not exists (select 1 from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')
                 and r.scope_kind in ('county', 'school')) then
    raise exception 'forbidden';
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
             'schoolId', sc.id, 'school', sc.name, 'classId', c.id, 'class', c.name, 'joinCode', c.join_code,
             'students', (select count(*) from students s where s.class_id = c.id),
             'awaitingConsent', (select count(*) from students s where s.class_id = c.id and s.consented_at is null),
             'familiesReached', (select count(*) from students s join family_stats f on f.student_user_id = s.user_id
                                 where s.class_id = c.id and s.consented_at is not null and f.members > 0),
             'familyMembers', (select coalesce(sum(f.members + f.neighbours), 0) from students s
                               join family_stats f on f.student_user_id = s.user_id where s.class_id = c.id),
             'signed', (select coalesce(sum(f.signed), 0) from students s join family_stats f on f.student_user_id = s.user_id
                        where s.class_id = c.id),
             'acts', (select coalesce(sum(f.acts), 0) from students s join family_stats f on f.student_user_id = s.user_id
                      where s.class_id = c.id))
           order by sc.sort_order, sc.name, c.sort_order, c.name)
    from schools sc join school_classes c on c.school_id = sc.id
    where exists (select 1 from user_roles r where r.user_id = p_user_id and r.role in ('organizer', 'admin')
                  and (r.scope_kind = 'county' or (r.scope_kind = 'school' and r.scope_id = sc.id)))), '[]'::jsonb));
end
$$;

-- ============================================================================
-- The command-line tool: units by name (or id), and their names in the list
-- ============================================================================
create or replace function admin_scope_id(p_scope_kind text, p_scope_name text) returns uuid
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

create or replace function admin_list_roles() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
    'user', u.openid, 'nickname', u.nickname, 'role', r.role, 'scopeKind', r.scope_kind,
    'scope', coalesce(scope_name(r.scope_kind, r.scope_id), r.scope_id::text), 'grantedAt', r.granted_at) order by r.granted_at), '[]'::jsonb)
  from user_roles r join users u on u.id = r.user_id;
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
  perform organizer_audit(p_user_id, 'role.grant', jsonb_build_object('roleId', v_role.id, 'userId', v_role.user_id,
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
  perform organizer_audit(p_user_id, 'role.revoke', jsonb_build_object('roleId', v_role.id, 'userId', v_role.user_id,
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
-- one already shown. Deleted accounts are left out. One more row than asked tells of another page.
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
          where u.deleted_at is null
            and starts_with(lower(u.nickname), lower(coalesce(p_query, '')))
            and (v_after.id is null or (u.nickname, u.id) > (v_after.nickname, v_after.id))
          order by u.nickname, u.id limit least(greatest(p_limit, 1), 100) + 1) u), '[]'::jsonb));
end
$$;

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table units enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_admin_roles_list(uuid) to service_role;
grant execute on function api_admin_role_grant(uuid, uuid, text, text, uuid) to service_role;
grant execute on function api_admin_role_revoke(uuid, bigint) to service_role;
grant execute on function api_admin_units_list(uuid) to service_role;
grant execute on function api_admin_users_find(uuid, text, int, uuid) to service_role;
