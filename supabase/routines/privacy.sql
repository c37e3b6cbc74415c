-- Privacy: the subject's data export and deletion, names as others see them.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000900_privacy.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- The person whose data is asked for: the user, or a student whose guardian the user is.
-- Anyone else is not found (never "forbidden": that would confirm the id).
create function data_subject(p_user_id uuid, p_subject_id uuid) returns users
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_subject users;
begin
  perform require_user(p_user_id);
  if p_subject_id is null or p_subject_id = p_user_id then
    return require_user(p_user_id);
  end if;
  select u.* into v_subject from users u join students s on s.user_id = u.id
    where u.id = p_subject_id and s.guardian_user_id = p_user_id and u.deleted_at is null;
  if not found then
    raise exception 'not_found';
  end if;
  return v_subject;
end
$$;

-- ============================================================================
-- API
-- ============================================================================
-- The children the user confirmed as guardian.
create function api_my_children(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
      'id', u.id, 'nickname', u.nickname, 'school', sc.name, 'class', c.name) order by s.bound_at), '[]'::jsonb))
  from students s join users u on u.id = s.user_id and u.deleted_at is null
  join schools sc on sc.id = s.school_id join school_classes c on c.id = s.class_id
  where s.guardian_user_id = p_user_id;
$$;

-- Everything we hold about the subject, section by section. What it says of other people is what
-- the public pages say: the nominees of the stories the subject voted for or objected to, masked.
-- (The subject's own nominations keep the name they typed.)
create function api_my_data(p_user_id uuid, p_subject_id uuid) returns jsonb
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

-- Deletes the subject's account by anonymising it. Upcoming sign-ups are cancelled (their seats
-- go to the waiting list); everything counted stays counted, without the person.
create function api_account_delete(p_user_id uuid, p_subject_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_subject users := data_subject(p_user_id, p_subject_id);
  v_id uuid := v_subject.id;
  v_signup record;
begin
  for v_signup in
    select s.id, s.activity_id, s.status, s.seats from activity_signups s join activities a on a.id = s.activity_id
    where s.user_id = v_id and s.status <> 'cancelled' and a.starts_at > now()
    order by s.activity_id
    for update of a
  loop
    update activity_signups set status = 'cancelled', cancelled_at = now() where id = v_signup.id;
    update activities set
      confirmed_seats = confirmed_seats - case when v_signup.status = 'confirmed' then v_signup.seats else 0 end,
      waitlisted_seats = waitlisted_seats - case when v_signup.status = 'waitlisted' then v_signup.seats else 0 end
    where id = v_signup.activity_id;
    perform promote_waitlist(v_signup.activity_id);
  end loop;
  update activity_signups set user_id = null where user_id = v_id;
  delete from activity_notifications where user_id = v_id;
  update volunteer_hours set user_id = null where user_id = v_id;

  update pledge_signatures set display_name = '已注销', user_id = null where user_id = v_id;
  update participation set user_id = null where user_id = v_id;
  update quiz_attempts set user_id = null where user_id = v_id;
  delete from quiz_user_scores where user_id = v_id;
  delete from quiz_user_totals where user_id = v_id;
  update reward_redemptions set user_id = null where user_id = v_id;

  update nominations set nominator_id = null, contact = null where nominator_id = v_id;
  update nomination_photos set uploader_id = null where uploader_id = v_id;
  update nomination_votes set user_id = null where user_id = v_id;
  update nomination_objections set user_id = null, contact = null where user_id = v_id;

  delete from family_invites where user_id = v_id;
  delete from idempotency_keys where user_id = v_id;
  delete from rate_limit_hits where bucket like 'user:' || v_id::text || ':%';
  delete from user_roles where user_id = v_id;
  -- The row stays (students, family links and class counts hang on it), with nothing personal.
  update users set openid = 'deleted:' || id, nickname = '已注销用户', avatar_url = null, community_id = null,
    deleted_at = now(), updated_at = now()
    where id = v_id;
  perform audit(p_user_id, 'account.delete', jsonb_build_object('userId', v_id, 'byGuardian', v_id <> p_user_id));
  return jsonb_build_object('deleted', true);
end
$$;
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

-- How a roster and the door name someone signed up: by nickname, except a student under 14
-- awaiting a guardian's consent (checked in by the ticket alone).
create function roster_name(p_user_id uuid) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select case when exists (select 1 from students where user_id = p_user_id and consented_at is null) then '学生（待家长确认）'
              else coalesce((select nickname from users where id = p_user_id), '已注销') end;
$$;
