-- 身边好人: rounds, nominations, votes, objections, review and honours.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000700_good_people.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
-- Where an open round stands now; draft, notice and published are its status.
create function round_phase(p_round selection_rounds) returns text
language sql stable set search_path = public, pg_temp as $$
  select case
    when p_round.status <> 'open' then p_round.status
    when now() < p_round.nominate_from then 'upcoming'
    when now() >= p_round.vote_from and now() < p_round.vote_until then 'voting'
    when now() < p_round.nominate_until then 'nominating'
    when now() < p_round.vote_from then 'reviewing'
    else 'selecting'
  end;
$$;

create function round_json(p_round selection_rounds, p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_round.id, 'title', p_round.title, 'description', p_round.description,
    'categories', to_jsonb(p_round.categories),
    'nominateFrom', p_round.nominate_from, 'nominateUntil', p_round.nominate_until,
    'voteFrom', p_round.vote_from, 'voteUntil', p_round.vote_until,
    'noticeDays', p_round.notice_days, 'noticeStartsAt', p_round.notice_starts_at, 'noticeEndsAt', p_round.notice_ends_at,
    'publishedAt', p_round.published_at,
    'dailyVoteCap', p_round.daily_vote_cap, 'roundVoteCap', p_round.round_vote_cap,
    'status', p_round.status, 'phase', round_phase(p_round),
    'nominationOpen', p_round.status = 'open' and now() >= p_round.nominate_from and now() < p_round.nominate_until,
    'votingOpen', p_round.status = 'open' and now() >= p_round.vote_from and now() < p_round.vote_until,
    'noticeOpen', p_round.status = 'notice' and now() < p_round.notice_ends_at,
    'approvedCount', p_round.approved_count,
    'myVotes', case when p_user_id is not null then jsonb_build_object(
      'today', (select count(*) from nomination_votes v where v.user_id = p_user_id and v.round_id = p_round.id
                and v.created_at >= local_day_start()),
      'inRound', (select count(*) from nomination_votes v where v.user_id = p_user_id and v.round_id = p_round.id)) end
  );
$$;

-- The round residents take part in now: the newest open one, else the newest shown one.
create function current_round_id() returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select id from selection_rounds where status <> 'draft' order by status = 'open' desc, created_at desc limit 1;
$$;

-- Photos in position order; `publicOnly` leaves out those not (yet) cleared by the media check.
create function nomination_photos_json(p_nomination_id uuid, p_public_only boolean) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', p.id, 'key', p.storage_key, 'width', p.width, 'height', p.height, 'check', p.check_status
    ) order by p.position), '[]'::jsonb)
  from nomination_photos p
  where p.nomination_id = p_nomination_id and (not p_public_only or p.check_status in ('pass', 'unchecked'));
$$;

-- What anyone may see of an approved nomination. The full name leaves the database here; the
-- API masks it (src/shared/good-people.ts) before it reaches anyone but organisers.
create function nomination_public_json(p_nomination nominations, p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_nomination.id, 'roundId', p_nomination.round_id, 'nomineeName', p_nomination.nominee_name,
    'categoryId', p_nomination.category, 'category', p_nomination.category,
    'community', (select c.name from communities c where c.id = p_nomination.community_id),
    'story', p_nomination.story, 'status', p_nomination.status, 'honoured', p_nomination.honoured,
    'votes', p_nomination.vote_count, 'createdAt', p_nomination.created_at,
    'photos', nomination_photos_json(p_nomination.id, true),
    'votedToday', p_user_id is not null and exists (
      select 1 from nomination_votes v where v.nomination_id = p_nomination.id and v.user_id = p_user_id
        and v.local_day = (now() at time zone 'Asia/Shanghai')::date)
  );
$$;

-- Everything, for organisers and for the nominator's own view.
create function nomination_full_json(p_nomination nominations) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select nomination_public_json(p_nomination, null) || jsonb_build_object(
    'photos', nomination_photos_json(p_nomination.id, false),
    'communityId', p_nomination.community_id, 'contact', p_nomination.contact,
    'heldReason', p_nomination.held_reason, 'reviewNote', p_nomination.review_note,
    'mergedInto', p_nomination.merged_into, 'newAccountVotes', p_nomination.new_account_votes,
    'reviewedAt', p_nomination.reviewed_at,
    'nominator', (select u.nickname from users u where u.id = p_nomination.nominator_id),
    'objections', (select count(*) from nomination_objections o where o.nomination_id = p_nomination.id)
  );
$$;

-- The round, locked for a change of state; not_found when it does not exist.
create function lock_round(p_round_id uuid) returns selection_rounds
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  select * into v_round from selection_rounds where id = p_round_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  return v_round;
end
$$;

create function lock_nomination(p_nomination_id uuid) returns nominations
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_nomination nominations;
begin
  select * into v_nomination from nominations where id = p_nomination_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  return v_nomination;
end
$$;

-- Holds a pending nomination when one of its photos is flagged, with the reason.
create function hold_for_photo(p_nomination_id uuid, p_reason text) returns void
language sql security definer set search_path = public, pg_temp as $$
  update nominations set held_reason = left(coalesce(held_reason || ';', '') || p_reason, 200)
  where id = p_nomination_id and status = 'pending';
$$;

-- ============================================================================
-- API: content checks
-- ============================================================================
-- WeChat's content checks need the author's openid; it never leaves the API.
create function api_user_openid(p_user_id uuid) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select openid from users where id = p_user_id;
$$;

-- ============================================================================
-- API: rounds
-- ============================================================================
-- Residents see every round but drafts; organisers see drafts too. Newest first, at most 100.
create function api_rounds_list(p_user_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(round_json(r, p_user_id) order by r.created_at desc), '[]'::jsonb))
  from (select * from selection_rounds r
        where r.status <> 'draft' or exists (
          select 1 from user_roles ur where ur.user_id = p_user_id and ur.role in ('organizer', 'admin') and ur.scope_kind = 'county')
        order by r.created_at desc limit 100) r;
$$;

create function api_round_get(p_user_id uuid, p_round_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  select * into v_round from selection_rounds where id = p_round_id;
  if not found or (v_round.status = 'draft' and not exists (
      select 1 from user_roles ur where ur.user_id = p_user_id and ur.role in ('organizer', 'admin') and ur.scope_kind = 'county')) then
    raise exception 'not_found';
  end if;
  return round_json(v_round, p_user_id);
end
$$;

-- Creates (p_round_id null) or edits a round from API field names. Categories change only in a
-- draft (nominations name them); nothing changes once the notice is out.
create function api_round_save(p_user_id uuid, p_round_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  perform require_organizer(p_user_id);
  if p_round_id is null then
    insert into selection_rounds (title, created_by, nominate_from, nominate_until, vote_from, vote_until)
      values (p_fields ->> 'title', p_user_id, (p_fields ->> 'nominateFrom')::timestamptz, (p_fields ->> 'nominateUntil')::timestamptz,
              (p_fields ->> 'voteFrom')::timestamptz, (p_fields ->> 'voteUntil')::timestamptz)
      returning * into v_round;
  else
    v_round := lock_round(p_round_id);
    if v_round.status not in ('draft', 'open') then
      raise exception 'round_not_editable';
    end if;
    if v_round.status <> 'draft' and p_fields ? 'categories' then
      raise exception 'round_not_editable' using detail = '{"field": "categories"}';
    end if;
  end if;
  update selection_rounds r set
    title = coalesce(p_fields ->> 'title', r.title),
    description = coalesce(p_fields ->> 'description', r.description),
    categories = coalesce((select array_agg(c) from jsonb_array_elements_text(p_fields -> 'categories') c), r.categories),
    nominate_from = coalesce((p_fields ->> 'nominateFrom')::timestamptz, r.nominate_from),
    nominate_until = coalesce((p_fields ->> 'nominateUntil')::timestamptz, r.nominate_until),
    vote_from = coalesce((p_fields ->> 'voteFrom')::timestamptz, r.vote_from),
    vote_until = coalesce((p_fields ->> 'voteUntil')::timestamptz, r.vote_until),
    notice_days = coalesce((p_fields ->> 'noticeDays')::int, r.notice_days),
    daily_vote_cap = coalesce((p_fields ->> 'dailyVoteCap')::int, r.daily_vote_cap),
    round_vote_cap = coalesce((p_fields ->> 'roundVoteCap')::int, r.round_vote_cap),
    updated_at = now()
  where r.id = v_round.id
  returning * into v_round;
  perform audit(p_user_id, case when p_round_id is null then 'round.create' else 'round.edit' end,
                            jsonb_build_object('roundId', v_round.id, 'fields', p_fields));
  return round_json(v_round, p_user_id);
exception
  when check_violation then
    raise exception 'invalid_request' using detail = '{"reason": "时间顺序应为:推荐开始 < 推荐截止 ≤ 投票截止,投票开始不早于推荐开始;每日票数不超过总票数"}';
end
$$;

-- draft → open.
create function api_round_open(p_user_id uuid, p_round_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  perform require_organizer(p_user_id);
  v_round := lock_round(p_round_id);
  if v_round.status <> 'draft' then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', v_round.status, 'to', 'open')::text;
  end if;
  update selection_rounds set status = 'open', updated_at = now() where id = p_round_id returning * into v_round;
  perform audit(p_user_id, 'round.open', jsonb_build_object('roundId', p_round_id));
  return round_json(v_round, p_user_id);
end
$$;

-- open (voting over) → notice: the chosen approved nominations are the honourees, and the 公示
-- runs for the round's notice_days from now. When upheld objections removed every honouree, the
-- notice starts again with a new choice.
create function api_round_notice(p_user_id uuid, p_round_id uuid, p_nomination_ids uuid[]) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
  v_chosen int;
begin
  perform require_organizer(p_user_id);
  v_round := lock_round(p_round_id);
  if not (v_round.status = 'open' and now() >= v_round.vote_until)
     and not (v_round.status = 'notice' and not exists (select 1 from nominations where round_id = p_round_id and honoured)) then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', round_phase(v_round), 'to', 'notice')::text;
  end if;
  update nominations set honoured = true
    where round_id = p_round_id and id = any (p_nomination_ids) and status = 'approved';
  get diagnostics v_chosen = row_count;
  if v_chosen = 0 or v_chosen <> cardinality(array(select distinct unnest(p_nomination_ids))) then
    raise exception 'invalid_request' using detail = '{"reason": "请从本轮已通过审核的推荐中选择好人"}';
  end if;
  update selection_rounds set status = 'notice', notice_starts_at = now(),
    notice_ends_at = now() + make_interval(days => notice_days), updated_at = now()
    where id = p_round_id returning * into v_round;
  perform audit(p_user_id, 'round.notice', jsonb_build_object('roundId', p_round_id, 'honourees', to_jsonb(p_nomination_ids)));
  return round_json(v_round, p_user_id);
end
$$;

-- notice (over, every objection resolved) → published: the honour list.
create function api_round_publish(p_user_id uuid, p_round_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  perform require_organizer(p_user_id);
  v_round := lock_round(p_round_id);
  if v_round.status <> 'notice' or now() < v_round.notice_ends_at then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', round_phase(v_round), 'to', 'published')::text;
  end if;
  if exists (select 1 from nomination_objections where round_id = p_round_id and status = 'open') then
    raise exception 'objections_open';
  end if;
  if not exists (select 1 from nominations where round_id = p_round_id and honoured) then
    raise exception 'illegal_transition' using detail = '{"reason": "公示名单里已经没有好人了,请重新选定好人并公示"}';
  end if;
  update selection_rounds set status = 'published', published_at = now(), updated_at = now()
    where id = p_round_id returning * into v_round;
  perform audit(p_user_id, 'round.publish', jsonb_build_object('roundId', p_round_id));
  return round_json(v_round, p_user_id);
end
$$;

-- ============================================================================
-- API: nominations
-- ============================================================================
-- The categories of a round (by default the current one); a category's id is its name.
create function api_nomination_categories(p_round_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  select * into v_round from selection_rounds where id = coalesce(p_round_id, current_round_id()) and status <> 'draft';
  if not found and p_round_id is not null then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('roundId', v_round.id, 'items', (
    select jsonb_agg(jsonb_build_object('id', c, 'name', c) order by o)
    from unnest(coalesce(v_round.categories, array['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲'])) with ordinality as u(c, o)));
end
$$;

-- Approved nominations of a visible round (by default the current one), by votes or newest,
-- optionally of one category. Custom plans: the optional filters fold away, so each page is an
-- index range scan.
create function api_nominations_list(p_user_id uuid, p_round_id uuid, p_category text, p_sort text,
                                     p_limit int, p_after_votes int, p_after_created timestamptz, p_after_id uuid)
returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp set plan_cache_mode = force_custom_plan as $$
begin
  if p_round_id is null then
    p_round_id := current_round_id();
    if p_round_id is null then
      return jsonb_build_object('items', '[]'::jsonb);
    end if;
  elsif not exists (select 1 from selection_rounds where id = p_round_id and status <> 'draft') then
    raise exception 'not_found';
  end if;
  if p_sort = 'votes' then
    return jsonb_build_object('items', coalesce((
      select jsonb_agg(nomination_public_json(n, p_user_id) order by n.vote_count desc, n.id desc)
      from (select * from nominations n
            where n.round_id = p_round_id and n.status = 'approved' and (p_category is null or n.category = p_category)
              and (p_after_id is null or (n.vote_count, n.id) < (p_after_votes, p_after_id))
            order by n.vote_count desc, n.id desc limit p_limit + 1) n), '[]'::jsonb));
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(nomination_public_json(n, p_user_id) order by n.created_at desc, n.id desc)
    from (select * from nominations n
          where n.round_id = p_round_id and n.status = 'approved' and (p_category is null or n.category = p_category)
            and (p_after_id is null or (n.created_at, n.id) < (p_after_created, p_after_id))
          order by n.created_at desc, n.id desc limit p_limit + 1) n), '[]'::jsonb));
end
$$;

-- The honourees of a round in 公示 or published (the 好人榜), most votes first.
create function api_honours_list(p_user_id uuid, p_round_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
begin
  select * into v_round from selection_rounds where id = p_round_id and status in ('notice', 'published');
  if not found then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('round', round_json(v_round, p_user_id), 'items', coalesce((
    select jsonb_agg(nomination_public_json(n, p_user_id) order by n.category, n.vote_count desc, n.id)
    from nominations n where n.round_id = p_round_id and n.honoured), '[]'::jsonb));
end
$$;

-- An approved nomination for anyone; the full record for its nominator and organisers.
create function api_nomination_get(p_user_id uuid, p_nomination_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_nomination nominations;
begin
  select * into v_nomination from nominations where id = p_nomination_id;
  if not found then
    raise exception 'not_found';
  end if;
  if exists (select 1 from user_roles ur where ur.user_id = p_user_id and ur.role in ('organizer', 'admin') and ur.scope_kind = 'county') then
    return jsonb_build_object('nomination', nomination_full_json(v_nomination), 'view', 'organizer');
  end if;
  if v_nomination.status = 'approved' then
    return jsonb_build_object('nomination', nomination_public_json(v_nomination, p_user_id), 'view', 'public');
  end if;
  raise exception 'not_found';
end
$$;

-- A photo uploaded for a nomination still to be written: at most 20 a day per person.
create function api_photo_create(p_user_id uuid, p_storage_key text, p_width int, p_height int, p_bytes int,
                                 p_check_status text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_id uuid;
begin
  perform require_user(p_user_id);
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/photos', 0));
  if (select count(*) from nomination_photos where uploader_id = p_user_id and created_at >= local_day_start()) >= 20 then
    raise exception 'photo_limit_reached';
  end if;
  insert into nomination_photos (uploader_id, storage_key, width, height, bytes, check_status)
    values (p_user_id, p_storage_key, p_width, p_height, p_bytes, p_check_status)
    returning id into v_id;
  return jsonb_build_object('id', v_id, 'key', p_storage_key, 'width', p_width, 'height', p_height, 'check', p_check_status);
end
$$;

-- What WeChat's media check said: at upload (the trace to wait for, or an error), or later
-- through the message push (pass or risky). A flagged photo holds its pending nomination.
create function api_photo_check(p_photo_id uuid, p_trace_id text, p_status text, p_label text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_photo nomination_photos;
begin
  update nomination_photos set check_status = p_status, check_label = coalesce(p_label, check_label),
    check_trace_id = coalesce(check_trace_id, p_trace_id)
  where (id = p_photo_id or (p_photo_id is null and check_trace_id = p_trace_id)) and check_status in ('checking', 'error')
  returning * into v_photo;
  if not found then
    return jsonb_build_object('updated', false);
  end if;
  if p_status in ('risky', 'error') and v_photo.nomination_id is not null then
    perform hold_for_photo(v_photo.nomination_id, case p_status when 'risky' then '图片未通过内容安全检查' else '图片安全检查暂不可用' end);
  end if;
  return jsonb_build_object('updated', true, 'photoId', v_photo.id, 'check', v_photo.check_status);
end
$$;

-- A resident's nomination while the round takes them. p_check is the text check's outcome:
-- {"status": "pass"} or {"status": "held", "reason": "..."}. At most 5 per person per round.
-- Without a round, the one taking nominations now.
create function api_nomination_create(p_user_id uuid, p_round_id uuid, p_fields jsonb, p_photo_keys text[], p_check jsonb)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_round selection_rounds;
  v_nomination nominations;
  v_photo_reason text;
  v_reason text;
  v_attached int;
begin
  perform require_user(p_user_id);
  if p_round_id is null then
    select * into v_round from selection_rounds
      where status = 'open' and now() >= nominate_from and now() < nominate_until order by created_at desc limit 1;
    if not found then
      raise exception 'nomination_closed';
    end if;
  else
    select * into v_round from selection_rounds where id = p_round_id and status <> 'draft';
    if not found then
      raise exception 'not_found';
    end if;
  end if;
  if v_round.status <> 'open' or now() < v_round.nominate_from or now() >= v_round.nominate_until then
    raise exception 'nomination_closed';
  end if;
  if not (p_fields ->> 'categoryId') = any (v_round.categories) then
    raise exception 'invalid_request' using detail = jsonb_build_object('reason', '请选择本轮的推荐类别', 'categories', v_round.categories)::text;
  end if;
  if p_fields ? 'communityId' and not exists (select 1 from communities where id = (p_fields ->> 'communityId')::uuid) then
    raise exception 'community_not_found';
  end if;
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/nominate/' || v_round.id::text, 0));
  if (select count(*) from nominations where round_id = v_round.id and nominator_id = p_user_id) >= 5 then
    raise exception 'nomination_limit_reached';
  end if;
  if exists (select 1 from nominations where round_id = v_round.id and nominator_id = p_user_id
             and nominee_name = p_fields ->> 'nomineeName' and status <> 'rejected') then
    raise exception 'already_nominated';
  end if;
  -- A photo flagged at upload, or not checked because WeChat was down, holds the nomination too.
  select string_agg(distinct case check_status when 'risky' then '图片未通过内容安全检查' else '图片安全检查暂不可用' end, ';')
    into v_photo_reason
    from nomination_photos where storage_key = any (p_photo_keys) and check_status in ('risky', 'error');
  v_reason := nullif(concat_ws(';', p_check ->> 'reason', v_photo_reason), '');
  insert into nominations (round_id, nominator_id, nominee_name, category, community_id, story, contact, status, held_reason)
    values (v_round.id, p_user_id, p_fields ->> 'nomineeName', p_fields ->> 'categoryId', (p_fields ->> 'communityId')::uuid,
            p_fields ->> 'story', p_fields ->> 'contact', 'pending', v_reason)
    returning * into v_nomination;
  update nomination_photos p set nomination_id = v_nomination.id, position = o.position
    from unnest(p_photo_keys) with ordinality as o(key, position)
    where p.storage_key = o.key and p.uploader_id = p_user_id and p.nomination_id is null;
  get diagnostics v_attached = row_count;
  if v_attached <> coalesce(cardinality(p_photo_keys), 0) then
    raise exception 'invalid_request' using detail = '{"reason": "照片无效或已用过,请重新上传"}';
  end if;
  perform record_participation(p_user_id, 'good_people_nominate', 'nomination', v_nomination.id::text);
  return nomination_full_json(v_nomination);
end
$$;

create function api_nominations_mine(p_user_id uuid, p_limit int, p_after_created timestamptz, p_after_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(
      nomination_full_json(n) || jsonb_build_object('roundTitle', r.title) order by n.created_at desc, n.id desc), '[]'::jsonb))
  from (select * from nominations n where n.nominator_id = p_user_id
          and (p_after_id is null or (n.created_at, n.id) < (p_after_created, p_after_id))
        order by n.created_at desc, n.id desc limit p_limit + 1) n
  join selection_rounds r on r.id = n.round_id;
$$;

-- ============================================================================
-- API: review (organisers)
-- ============================================================================
-- The queue: pending oldest first (`held`: only those the content check held), or the nominations
-- of another status; of one round or all.
create function api_review_queue(p_user_id uuid, p_round_id uuid, p_status text, p_limit int,
                                 p_after_created timestamptz, p_after_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(nomination_full_json(n) order by n.created_at, n.id)
    from (select * from nominations n
          where (p_round_id is null or n.round_id = p_round_id)
            and (case when p_status = 'held' then n.status = 'pending' and n.held_reason is not null else n.status = p_status end)
            and (p_after_id is null or (n.created_at, n.id) > (p_after_created, p_after_id))
          order by n.created_at, n.id limit p_limit + 1) n), '[]'::jsonb));
end
$$;

-- pending → approved | rejected, with a note the nominator sees.
create function api_nomination_review(p_user_id uuid, p_nomination_id uuid, p_action text, p_note text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_nomination nominations;
  v_to text := case p_action when 'approve' then 'approved' when 'reject' then 'rejected' end;
begin
  perform require_organizer(p_user_id);
  v_nomination := lock_nomination(p_nomination_id);
  if v_nomination.status <> 'pending' or v_to is null
     or (select status from selection_rounds where id = v_nomination.round_id) <> 'open' then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', v_nomination.status, 'to', coalesce(v_to, p_action))::text;
  end if;
  update nominations set status = v_to, review_note = p_note, reviewed_at = now(), reviewed_by = p_user_id
    where id = p_nomination_id returning * into v_nomination;
  -- Approval is the only way into 'approved', and nothing leaves it: the round keeps the count.
  update selection_rounds set approved_count = approved_count + 1 where id = v_nomination.round_id and v_to = 'approved';
  perform audit(p_user_id, 'nomination.' || p_action, jsonb_build_object('nominationId', p_nomination_id, 'note', p_note));
  return nomination_full_json(v_nomination);
end
$$;

-- The same person nominated twice: the (pending) duplicate points at the kept one.
create function api_nomination_merge(p_user_id uuid, p_nomination_id uuid, p_into_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_duplicate nominations;
  v_kept nominations;
begin
  perform require_organizer(p_user_id);
  -- Lock both in id order so two merges of the same pair cannot deadlock.
  perform 1 from nominations where id in (p_nomination_id, p_into_id) order by id for update;
  v_duplicate := lock_nomination(p_nomination_id);
  v_kept := lock_nomination(p_into_id);
  if v_duplicate.status <> 'pending' or v_kept.status not in ('pending', 'approved')
     or v_kept.id = v_duplicate.id or v_kept.round_id <> v_duplicate.round_id then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', v_duplicate.status, 'to', 'merged')::text;
  end if;
  update nominations set status = 'merged', merged_into = p_into_id, reviewed_at = now(), reviewed_by = p_user_id,
    review_note = coalesce(review_note, '与其他居民推荐的是同一位好人,已合并')
    where id = p_nomination_id returning * into v_duplicate;
  perform audit(p_user_id, 'nomination.merge', jsonb_build_object('nominationId', p_nomination_id, 'into', p_into_id));
  return nomination_full_json(v_duplicate);
end
$$;

-- Typo fixes to the name or story before publication, the old and new text kept in the audit log.
create function api_nomination_edit(p_user_id uuid, p_nomination_id uuid, p_fields jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_before nominations;
  v_after nominations;
begin
  perform require_organizer(p_user_id);
  v_before := lock_nomination(p_nomination_id);
  if v_before.status in ('rejected', 'merged')
     or (select status from selection_rounds where id = v_before.round_id) = 'published' then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', v_before.status, 'to', 'edited')::text;
  end if;
  update nominations set nominee_name = coalesce(p_fields ->> 'nomineeName', nominee_name),
    story = coalesce(p_fields ->> 'story', story)
    where id = p_nomination_id returning * into v_after;
  perform audit(p_user_id, 'nomination.edit', jsonb_build_object('nominationId', p_nomination_id,
    'before', jsonb_build_object('nomineeName', v_before.nominee_name, 'story', v_before.story),
    'after', jsonb_build_object('nomineeName', v_after.nominee_name, 'story', v_after.story)));
  return nomination_full_json(v_after);
end
$$;

-- ============================================================================
-- API: votes and objections
-- ============================================================================
-- One 点赞 on an approved nomination in the voting window: once per story per day, within the
-- round's daily and total caps, and at most 10 a minute. One user's votes in a round run one at
-- a time (advisory lock), so the caps hold under any concurrency; the count is kept on the row.
create function api_nomination_vote(p_user_id uuid, p_nomination_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_user users := require_user(p_user_id);
  v_nomination nominations;
  v_round selection_rounds;
  v_today int;
  v_in_round int;
  v_new boolean;
begin
  select * into v_nomination from nominations where id = p_nomination_id and status = 'approved';
  if not found then
    raise exception 'not_found';
  end if;
  select * into v_round from selection_rounds where id = v_nomination.round_id;
  if v_round.status <> 'open' or now() < v_round.vote_from or now() >= v_round.vote_until then
    raise exception 'voting_closed';
  end if;
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/votes/' || v_round.id::text, 0));
  if (select count(*) from nomination_votes where user_id = p_user_id and round_id = v_round.id
      and created_at > now() - interval '1 minute') >= 10 then
    raise exception 'rate_limited' using detail = '{"retryAfterSeconds": 60}';
  end if;
  select count(*) filter (where created_at >= local_day_start()), count(*) into v_today, v_in_round
    from nomination_votes where user_id = p_user_id and round_id = v_round.id;
  if v_in_round >= v_round.round_vote_cap then
    raise exception 'vote_limit_reached' using detail = jsonb_build_object('scope', 'round', 'cap', v_round.round_vote_cap)::text;
  end if;
  if v_today >= v_round.daily_vote_cap then
    raise exception 'vote_limit_reached' using detail = jsonb_build_object('scope', 'day', 'cap', v_round.daily_vote_cap)::text;
  end if;
  v_new := v_user.created_at > v_round.vote_from;
  insert into nomination_votes (round_id, nomination_id, user_id, local_day, new_account)
    values (v_round.id, p_nomination_id, p_user_id, (now() at time zone 'Asia/Shanghai')::date, v_new)
    on conflict do nothing;
  if not found then
    raise exception 'already_voted';
  end if;
  update nominations set vote_count = vote_count + 1, new_account_votes = new_account_votes + v_new::int
    where id = p_nomination_id returning * into v_nomination;
  perform record_participation(p_user_id, 'good_people_vote', 'nomination', p_nomination_id::text);
  return jsonb_build_object('votes', v_nomination.vote_count, 'votedToday', true,
    'myVotes', jsonb_build_object('today', v_today + 1, 'inRound', v_in_round + 1),
    'dailyVoteCap', v_round.daily_vote_cap, 'roundVoteCap', v_round.round_vote_cap);
end
$$;

-- An objection to an honouree while the 公示 runs; one per person per honouree.
create function api_objection_create(p_user_id uuid, p_nomination_id uuid, p_reason text, p_contact text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_nomination nominations;
  v_round selection_rounds;
  v_objection nomination_objections;
begin
  perform require_user(p_user_id);
  select * into v_nomination from nominations where id = p_nomination_id and honoured;
  if not found then
    raise exception 'not_found';
  end if;
  select * into v_round from selection_rounds where id = v_nomination.round_id;
  if v_round.status <> 'notice' or now() >= v_round.notice_ends_at then
    raise exception 'notice_closed';
  end if;
  insert into nomination_objections (round_id, nomination_id, user_id, reason, contact)
    values (v_round.id, p_nomination_id, p_user_id, p_reason, p_contact)
    on conflict do nothing
    returning * into v_objection;
  if not found then
    raise exception 'already_objected';
  end if;
  perform record_participation(p_user_id, 'good_people_objection', 'objection', v_objection.id::text);
  return jsonb_build_object('id', v_objection.id, 'status', v_objection.status, 'createdAt', v_objection.created_at);
end
$$;

create function api_objections_list(p_user_id uuid, p_round_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', o.id, 'nominationId', o.nomination_id, 'nomineeName', n.nominee_name, 'reason', o.reason,
      'contact', o.contact, 'status', o.status, 'resolutionNote', o.resolution_note,
      'resolvedAt', o.resolved_at, 'createdAt', o.created_at) order by o.status <> 'open', o.created_at)
    from nomination_objections o join nominations n on n.id = o.nomination_id
    where o.round_id = p_round_id), '[]'::jsonb));
end
$$;

-- open → upheld (the honouree is withdrawn from the list) | dismissed, before publication.
create function api_objection_resolve(p_user_id uuid, p_objection_id uuid, p_outcome text, p_note text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_objection nomination_objections;
begin
  perform require_organizer(p_user_id);
  select * into v_objection from nomination_objections where id = p_objection_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_objection.status <> 'open' or p_outcome not in ('upheld', 'dismissed')
     or (select status from selection_rounds where id = v_objection.round_id) <> 'notice' then
    raise exception 'illegal_transition' using detail = jsonb_build_object('from', v_objection.status, 'to', p_outcome)::text;
  end if;
  update nomination_objections set status = p_outcome, resolution_note = p_note, resolved_by = p_user_id, resolved_at = now()
    where id = p_objection_id returning * into v_objection;
  if p_outcome = 'upheld' then
    update nominations set honoured = false where id = v_objection.nomination_id;
  end if;
  perform audit(p_user_id, 'objection.' || p_outcome,
    jsonb_build_object('objectionId', p_objection_id, 'nominationId', v_objection.nomination_id, 'note', p_note));
  return jsonb_build_object('id', v_objection.id, 'status', v_objection.status, 'resolutionNote', v_objection.resolution_note);
end
$$;
