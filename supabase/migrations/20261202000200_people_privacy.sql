-- What others see of a person is what the public pages show (issue 13). Two answers showed more:
-- the user leaderboards ranked students under 14 whose guardian had not consented, and the data
-- export named the nominees of the stories one voted for or objected to in full. The people sweep
-- (tests/api/people-sweep.test.ts) found more: the admins' user search listed those students, and rosters and the door named them.

-- How a name appears in public: its first character, then `*` (张三 → 张*); the same as maskName in
-- src/shared/common.ts (tests/db/mask-name.test.ts holds them together).
create function mask_name(p_name text) returns text
language sql immutable set search_path = public, pg_temp as $$
  select case when btrim(coalesce(p_name, '')) = '' then '*' else left(btrim(p_name), 1) || '*' end;
$$;

-- Students under 14 whose guardian has not yet consented: seen by nobody else (checked inline in
-- the boards, where a function call per row would not be inlined).
create index students_awaiting_consent on students (user_id) where consented_at is null;

-- Top of the board (ties share a rank) and the caller's own rank, even outside the top. A student
-- under 14 whose guardian has not consented is on no board and counts in nobody's rank (they see
-- their own score and rank among the others).
create or replace function api_quiz_leaderboard(p_user_id uuid, p_scope text, p_period text, p_limit int) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_week date := local_week_start();
  v_items jsonb;
  v_mine_score int;
  v_mine jsonb := null;
  v_group uuid;
begin
  if p_scope = 'user' and p_period = 'all' then
    select jsonb_agg(jsonb_build_object('rank', rnk, 'name', nickname, 'score', points) order by rnk) into v_items
    from (select rank() over (order by t.points desc) rnk, u.nickname, t.points
          from quiz_user_totals t join users u on u.id = t.user_id
          where t.points > 0 and not exists (select 1 from students st where st.user_id = t.user_id and st.consented_at is null)
          order by t.points desc limit p_limit) top;
    select points into v_mine_score from quiz_user_totals where user_id = p_user_id;
    if v_mine_score > 0 then
      v_mine := jsonb_build_object('score', v_mine_score,
        'rank', 1 + (select count(*) from quiz_user_totals where points > v_mine_score)
                  - (select count(*) from students s join quiz_user_totals t on t.user_id = s.user_id
                     where s.consented_at is null and t.points > v_mine_score));
    end if;
  elsif p_scope = 'user' and p_period = 'week' then
    select jsonb_agg(jsonb_build_object('rank', rnk, 'name', nickname, 'score', points) order by rnk) into v_items
    from (select rank() over (order by s.points desc) rnk, u.nickname, s.points
          from quiz_user_scores s join users u on u.id = s.user_id
          where s.week_start = v_week and s.points > 0
            and not exists (select 1 from students st where st.user_id = s.user_id and st.consented_at is null)
          order by s.points desc limit p_limit) top;
    select points into v_mine_score from quiz_user_scores where user_id = p_user_id and week_start = v_week;
    if v_mine_score > 0 then
      v_mine := jsonb_build_object('score', v_mine_score,
        'rank', 1 + (select count(*) from quiz_user_scores where week_start = v_week and points > v_mine_score)
                  - (select count(*) from students st join quiz_user_scores s on s.user_id = st.user_id
                     where st.consented_at is null and s.week_start = v_week and s.points > v_mine_score));
    end if;
  elsif p_scope in ('community', 'school') then
    v_group := user_group(p_user_id, p_scope);
    with board as (
      select s.group_id as id, coalesce(c.name, sc.name) as name, sum(s.points)::int as points
      from quiz_group_scores s
      left join communities c on p_scope = 'community' and c.id = s.group_id
      left join schools sc on p_scope = 'school' and sc.id = s.group_id
      where s.scope = p_scope and (p_period = 'all' or s.week_start = v_week)
      group by s.group_id, c.name, sc.name
    ), ranked as (
      select id, name, points, rank() over (order by points desc) rnk from board where points > 0
    )
    select (select jsonb_agg(jsonb_build_object('rank', rnk, 'name', name, 'score', points) order by rnk, name)
            from (select * from ranked order by rnk, name limit p_limit) top),
           (select jsonb_build_object('rank', rnk, 'score', points) from ranked where id = v_group)
      into v_items, v_mine;
  else
    raise exception 'invalid_request';
  end if;
  return jsonb_build_object('items', coalesce(v_items, '[]'::jsonb), 'mine', v_mine);
end
$$;

-- Everything we hold about the subject, section by section. What it says of other people is what
-- the public pages say: the nominees of the stories the subject voted for or objected to, masked.
-- (The subject's own nominations keep the name they typed.)
create or replace function api_my_data(p_user_id uuid, p_subject_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_subject users := data_subject(p_user_id, p_subject_id);
  v_id uuid := v_subject.id;
begin
  return jsonb_build_object(
    'exportedAt', now(),
    'profile', jsonb_build_object(
      'id', v_id, 'openid', v_subject.openid, 'nickname', v_subject.nickname, 'avatarUrl', v_subject.avatar_url,
      'community', (select name from communities where id = v_subject.community_id), 'createdAt', v_subject.created_at,
      'roles', (select coalesce(jsonb_agg(jsonb_build_object('role', role, 'scopeKind', scope_kind)), '[]'::jsonb)
                from user_roles where user_id = v_id)),
    'student', (select jsonb_build_object('school', sc.name, 'class', c.name, 'under14', s.under_14,
                  'consentedAt', s.consented_at, 'boundAt', s.bound_at,
                  'guardian', (select nickname from users where id = s.guardian_user_id))
                from students s join schools sc on sc.id = s.school_id join school_classes c on c.id = s.class_id
                where s.user_id = v_id),
    'family', (select jsonb_build_object('level', l.level, 'joinedAt', l.created_at,
                 'invitedBy', (select nickname from users where id = l.inviter_user_id))
               from family_links l where l.member_user_id = v_id),
    'pledge', (select coalesce(jsonb_agg(jsonb_build_object('campaign', c.title, 'number', p.number,
                 'displayName', p.display_name, 'signedAt', p.signed_at) order by p.signed_at), '[]'::jsonb)
               from pledge_signatures p join pledge_campaigns c on c.id = p.campaign_id where p.user_id = v_id),
    'participation', (select coalesce(jsonb_agg(jsonb_build_object('kind', k.label, 'points', p.points,
                        'createdAt', p.created_at) order by p.created_at), '[]'::jsonb)
                      from participation p join participation_kinds k on k.kind = p.kind where p.user_id = v_id),
    'quizAttempts', (select coalesce(jsonb_agg(jsonb_build_object('mode', a.mode, 'startedAt', a.created_at,
                       'submittedAt', a.submitted_at, 'score', a.score, 'points', a.points_awarded) order by a.created_at), '[]'::jsonb)
                     from quiz_attempts a where a.user_id = v_id),
    'redemptions', (select coalesce(jsonb_agg(jsonb_build_object('reward', r.name, 'code', d.code, 'cost', d.cost,
                      'status', d.status, 'createdAt', d.created_at) order by d.created_at), '[]'::jsonb)
                    from reward_redemptions d join rewards r on r.id = d.reward_id where d.user_id = v_id),
    'activities', (select coalesce(jsonb_agg(jsonb_build_object('activity', a.title, 'startsAt', a.starts_at,
                     'status', s.status, 'seats', s.seats, 'signedUpAt', s.created_at, 'checkedInAt', s.checked_in_at,
                     'checkedOutAt', s.checked_out_at) order by s.created_at), '[]'::jsonb)
                   from activity_signups s join activities a on a.id = s.activity_id where s.user_id = v_id),
    'volunteerHours', (select coalesce(jsonb_agg(jsonb_build_object('activity', a.title, 'hours', h.hours,
                         'source', h.source, 'createdAt', h.created_at) order by h.created_at), '[]'::jsonb)
                       from volunteer_hours h join activities a on a.id = h.activity_id where h.user_id = v_id),
    'nominations', (select coalesce(jsonb_agg(jsonb_build_object('round', r.title, 'nomineeName', n.nominee_name,
                      'category', n.category, 'story', n.story, 'contact', n.contact, 'status', n.status,
                      'createdAt', n.created_at) order by n.created_at), '[]'::jsonb)
                    from nominations n join selection_rounds r on r.id = n.round_id where n.nominator_id = v_id),
    'votes', (select coalesce(jsonb_agg(jsonb_build_object('nomineeName', mask_name(n.nominee_name), 'votedAt', v.created_at)
                order by v.created_at), '[]'::jsonb)
              from nomination_votes v join nominations n on n.id = v.nomination_id where v.user_id = v_id),
    'objections', (select coalesce(jsonb_agg(jsonb_build_object('nomineeName', mask_name(n.nominee_name), 'reason', o.reason,
                     'contact', o.contact, 'status', o.status, 'createdAt', o.created_at) order by o.created_at), '[]'::jsonb)
                   from nomination_objections o join nominations n on n.id = o.nomination_id where o.user_id = v_id)
  );
end
$$;


-- People by nickname prefix (case-insensitive), by nickname then id; p_after is the id of the last
-- one already shown. Deleted accounts are left out, and students under 14 awaiting consent (nobody
-- grants them a role). One more row than asked tells of another page.
create or replace function api_admin_users_find(p_user_id uuid, p_query text, p_limit int, p_after uuid default null) returns jsonb
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


-- How a roster and the door name someone signed up: by nickname, except a student under 14
-- awaiting a guardian's consent (checked in by the ticket alone).
create function roster_name(p_user_id uuid) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select case when exists (select 1 from students where user_id = p_user_id and consented_at is null) then '学生（待家长确认）'
              else coalesce((select nickname from users where id = p_user_id), '已注销') end;
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
    'nickname', roster_name(v_signup.user_id));
end
$$;

-- The roster: every active sign-up with its check-in state and hours; names are nicknames (see roster_name).
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
             'signupId', s.id, 'nickname', roster_name(s.user_id), 'community', c.name, 'seats', s.seats,
             'status', s.status, 'signedUpAt', s.created_at, 'checkedInAt', s.checked_in_at, 'checkedOutAt', s.checked_out_at,
             'hours', (select coalesce(sum(h.hours), 0) from volunteer_hours h where h.activity_id = p_activity_id and h.user_id = s.user_id))
           order by s.status, s.arrival)
    from activity_signups s left join users u on u.id = s.user_id left join communities c on c.id = u.community_id
    where s.activity_id = p_activity_id and s.status <> 'cancelled'), '[]'::jsonb));
end
$$;

revoke all on function mask_name(text) from public, anon, authenticated;
revoke all on function roster_name(uuid) from public, anon, authenticated;
