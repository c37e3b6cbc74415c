-- 小手牵大手: students, families and neighbours, class and school rankings.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000500_families.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- Every act of a family member or neighbour counts for the student who brought them: the family
-- card moves, and the student earns points within the kinds' daily caps.
create function family_count_participation() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_link family_links;
begin
  select * into v_link from family_links where member_user_id = new.user_id;
  if not found then
    return null;
  end if;
  update family_stats set
    acts = acts + 1,
    signed = signed + case when new.kind = 'pledge_signed' then 1 else 0 end
  where student_user_id = v_link.student_user_id;
  perform record_participation(v_link.student_user_id, 'family_participated', 'family_member', new.user_id::text);
  return null;
end
$$;

-- A student counts for the class from consent on, with whatever the family did before.
create function class_count_student() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_stats family_stats;
begin
  if new.consented_at is null or (tg_op = 'UPDATE' and old.consented_at is not null) then
    return null;
  end if;
  select * into v_stats from family_stats where student_user_id = new.user_id;
  insert into class_family_stats as c (class_id, school_id, students, reached, signed_families, acts)
    values (new.class_id, new.school_id, 1, (coalesce(v_stats.members, 0) > 0)::int, (coalesce(v_stats.signed, 0) > 0)::int,
            coalesce(v_stats.acts, 0))
    on conflict (class_id) do update set students = c.students + 1, reached = c.reached + excluded.reached,
      signed_families = c.signed_families + excluded.signed_families, acts = c.acts + excluded.acts;
  return null;
end
$$;

-- A consented student's family moving moves the class by the difference. The class row exists
-- from the student's consent on (class_count_student), before any change
-- is queued for it.
create function class_count_family() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into class_family_pending (class_id, reached, signed_families, acts)
    select s.class_id, (new.members > 0)::int - (old.members > 0)::int, (new.signed > 0)::int - (old.signed > 0)::int,
           new.acts - old.acts
    from students s where s.user_id = new.student_user_id and s.consented_at is not null;
  return null;
end
$$;

create function quiz_count_for_school() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform quiz_credit_group('school', user_group(new.user_id, 'school'), new.points);
  return null;
end
$$;

create function student_json(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('schoolId', s.school_id, 'classId', s.class_id, 'school', sc.name, 'class', c.name,
                            'under14', s.under_14, 'consented', s.consented_at is not null)
  from students s join schools sc on sc.id = s.school_id join school_classes c on c.id = s.class_id
  where s.user_id = p_user_id;
$$;

-- ============================================================================
-- API functions: students and families
-- ============================================================================
-- Binds the caller to the class of a join code, once. From 14 on the student consents alone;
-- below, a guardian from the family confirms later.
create function api_student_bind(p_user_id uuid, p_join_code text, p_under_14 boolean) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_class school_classes;
begin
  perform require_user(p_user_id);
  select * into v_class from school_classes where join_code = upper(btrim(p_join_code));
  if not found then
    raise exception 'invalid_join_code';
  end if;
  if exists (select 1 from students where user_id = p_user_id) then
    raise exception 'already_bound';
  end if;
  if exists (select 1 from family_links where member_user_id = p_user_id) then
    raise exception 'already_in_family';
  end if;
  insert into students (user_id, school_id, class_id, under_14, consented_at)
    values (p_user_id, v_class.school_id, v_class.id, p_under_14, case when p_under_14 then null else now() end);
  insert into family_stats (student_user_id) values (p_user_id);
  insert into family_invites (user_id) values (p_user_id) on conflict do nothing;
  return api_family_card(p_user_id);
end
$$;

-- The family card: for a student their own; for a family member the family they joined.
create function api_family_card(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_link family_links;
  v_student uuid;
begin
  perform require_user(p_user_id);
  select * into v_link from family_links where member_user_id = p_user_id;
  v_student := coalesce(v_link.student_user_id, (select user_id from students where user_id = p_user_id));
  return jsonb_build_object(
    'role', case when v_link.member_user_id is not null then 'member'
                 when v_student is not null then 'student' else 'none' end,
    'level', v_link.level,
    'student', case when v_student is null then null
                    else student_json(v_student) || jsonb_build_object('nickname', (select nickname from users where id = v_student)) end,
    'inviteCode', case when v_student is not null and coalesce(v_link.level, 0) < 2
                       then (select code from family_invites where user_id = p_user_id) end,
    'stats', (select jsonb_build_object('members', members, 'neighbours', neighbours, 'signed', signed, 'acts', acts)
              from family_stats where student_user_id = v_student),
    'members', case when v_link.member_user_id is null and v_student is not null then coalesce((
      select jsonb_agg(jsonb_build_object('nickname', u.nickname, 'level', l.level,
                                          'signed', exists (select 1 from pledge_signatures p where p.user_id = l.member_user_id))
                       order by l.created_at)
      from family_links l join users u on u.id = l.member_user_id where l.student_user_id = v_student), '[]'::jsonb) end
  );
end
$$;

-- What an invitation says before joining: who invites, to which school and class.
create function api_family_invite_get(p_code text) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_inviter uuid;
  v_student uuid;
begin
  select user_id into v_inviter from family_invites where code = upper(btrim(p_code));
  if not found then
    raise exception 'invalid_invite';
  end if;
  v_student := coalesce((select student_user_id from family_links where member_user_id = v_inviter), v_inviter);
  return jsonb_build_object(
    'inviter', (select nickname from users where id = v_inviter),
    'inviterIsStudent', v_student = v_inviter,
    'school', (select sc.name from students s join schools sc on sc.id = s.school_id where s.user_id = v_student),
    'class', (select c.name from students s join school_classes c on c.id = s.class_id where s.user_id = v_student)
  );
end
$$;

-- Attributes the caller to the inviter's student, once: the first attribution wins; nobody joins
-- their own invitation, a student joins no family, and neighbours invite no further.
create function api_family_join(p_user_id uuid, p_code text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_inviter uuid;
  v_inviter_link family_links;
  v_student uuid;
  v_level int;
begin
  perform require_user(p_user_id);
  select user_id into v_inviter from family_invites where code = upper(btrim(p_code));
  if not found then
    raise exception 'invalid_invite';
  end if;
  if v_inviter = p_user_id then
    raise exception 'self_invite';
  end if;
  -- Serialise joins of one person, so two invitations opened at once attribute them once.
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/family_join', 0));
  if exists (select 1 from family_links where member_user_id = p_user_id) then
    return jsonb_build_object('joined', false, 'card', api_family_card(p_user_id));
  end if;
  if exists (select 1 from students where user_id = p_user_id) then
    raise exception 'student_cannot_join';
  end if;
  select * into v_inviter_link from family_links where member_user_id = v_inviter;
  if v_inviter_link.member_user_id is null then
    v_student := v_inviter;
    v_level := 1;
  elsif v_inviter_link.level = 1 then
    v_student := v_inviter_link.student_user_id;
    v_level := 2;
  else
    raise exception 'invite_too_deep';
  end if;
  if v_student = p_user_id then
    raise exception 'self_invite';
  end if;
  insert into family_links (member_user_id, inviter_user_id, student_user_id, level)
    values (p_user_id, v_inviter, v_student, v_level);
  insert into family_invites (user_id) values (p_user_id) on conflict do nothing;
  update family_stats set
    members = members + case when v_level = 1 then 1 else 0 end,
    neighbours = neighbours + case when v_level = 2 then 1 else 0 end,
    signed = signed + case when exists (select 1 from pledge_signatures where user_id = p_user_id) then 1 else 0 end
  where student_user_id = v_student;
  perform record_participation(v_student, 'family_member_joined', 'family_member', p_user_id::text);
  return jsonb_build_object('joined', true, 'card', api_family_card(p_user_id));
end
$$;

-- A family member (level 1) confirms, as guardian, that a student under 14 may take part.
create function api_family_consent(p_user_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_link family_links;
begin
  perform require_user(p_user_id);
  select * into v_link from family_links where member_user_id = p_user_id and level = 1;
  if not found then
    raise exception 'not_guardian';
  end if;
  update students set consented_at = coalesce(consented_at, now()), guardian_user_id = coalesce(guardian_user_id, p_user_id)
    where user_id = v_link.student_user_id;
  return api_family_card(p_user_id);
end
$$;

-- Rankings of consented students' families: classes of one school, or the schools of the county.
-- reached: students whose family joined; signedShare: of those students, the share whose family
-- signed the pledge; perStudent: acts of families per student.
create function api_family_rankings(p_scope text, p_school_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_items jsonb;
begin
  if p_scope = 'class' then
    if p_school_id is null then
      raise exception 'invalid_request';
    end if;
    select jsonb_agg(row_to_json(r)::jsonb order by r.rank, r.name) into v_items from (
      select rank() over (order by coalesce(f.reached, 0) desc) as rank, c.id, c.name,
             coalesce(f.reached, 0) as "familiesReached", coalesce(f.students, 0) as students,
             round(coalesce(f.signed_families::numeric / nullif(f.students, 0), 0), 3) as "signedShare",
             round(coalesce(f.acts::numeric / nullif(f.students, 0), 0), 2) as "perStudent"
      from school_classes c left join class_family_stats f on f.class_id = c.id
      where c.school_id = p_school_id) r;
  elsif p_scope = 'school' then
    select jsonb_agg(row_to_json(r)::jsonb order by r.rank, r.name) into v_items from (
      select rank() over (order by coalesce(sum(f.reached), 0) desc) as rank, sc.id, sc.name,
             coalesce(sum(f.reached), 0)::int as "familiesReached", coalesce(sum(f.students), 0)::int as students,
             round(coalesce(sum(f.signed_families)::numeric / nullif(sum(f.students), 0), 0), 3) as "signedShare",
             round(coalesce(sum(f.acts)::numeric / nullif(sum(f.students), 0), 0), 2) as "perStudent"
      from schools sc left join class_family_stats f on f.school_id = sc.id
      group by sc.id, sc.name) r;
  else
    raise exception 'invalid_request';
  end if;
  return jsonb_build_object('items', coalesce(v_items, '[]'::jsonb));
end
$$;

-- ============================================================================
-- School organisers: the schools in their scope
-- ============================================================================
-- Each class of the schools in the organiser's scope, with its join code and progress; someone
-- who organises neither the county nor a school (a community or unit organiser) is refused.
create function api_family_progress(p_user_id uuid) returns jsonb
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

create trigger participation_counts_for_family after insert on participation
  for each row when (new.user_id is not null and new.kind <> 'family_participated' and new.kind <> 'family_member_joined')
  execute function family_count_participation();

create trigger students_count_for_class after insert or update of consented_at on students
  for each row execute function class_count_student();

create trigger family_stats_count_for_class after update on family_stats
  for each row execute function class_count_family();

create trigger participation_counts_for_school after insert on participation
  for each row when (new.kind = 'quiz_completed' and new.points > 0 and new.user_id is not null)
  execute function quiz_count_for_school();
