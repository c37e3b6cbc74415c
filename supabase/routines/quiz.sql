-- Quizzes, points and prizes: attempts, leaderboards, the question bank, redemption.
-- Every function, trigger and view of this capability, each with its one live body; its tables are in
-- migrations/20261128000300_quiz.sql (and later migrations). Applied whole by api/_lib/db/migrate.ts
-- whenever a routine file changes or a migration is pending.

-- ============================================================================
-- Internal helpers
-- ============================================================================
create function local_week_start() returns date
language sql stable set search_path = public, pg_temp as $$
  select date_trunc('week', now() at time zone 'Asia/Shanghai')::date;
$$;

-- Adds quiz points to a community's or school's running total for the week of the act (taken when
-- it happens).
create function quiz_credit_group(p_scope text, p_group_id uuid, p_points int) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into quiz_group_pending (scope, group_id, week_start, points)
  select p_scope, p_group_id, local_week_start(), p_points where p_group_id is not null;
$$;

-- The group a user's quiz points go to in a scope: their community, or a consented student's school.
create function user_group(p_user_id uuid, p_scope text) returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select case p_scope
    when 'community' then (select community_id from users where id = p_user_id)
    when 'school' then (select school_id from students where user_id = p_user_id and consented_at is not null)
  end;
$$;

-- A question as the app sees it before answering: options shuffled, never the answer.
create function quiz_question_public(p_question quiz_questions) returns jsonb
language sql volatile set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_question.id,
    'type', p_question.type,
    'stem', p_question.stem,
    'options', case when p_question.type = 'judge' then p_question.options
               else (select jsonb_agg(o order by random()) from jsonb_array_elements(p_question.options) o) end
  );
$$;

create function sorted_keys(p_keys text[]) returns text[]
language sql immutable set search_path = public, pg_temp as $$
  select coalesce(array_agg(distinct k order by k), '{}') from unnest(p_keys) k;
$$;

-- ============================================================================
-- API functions
-- ============================================================================
create function api_learn_articles() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
    'slug', slug, 'title', title, 'category', category, 'summary', summary) order by sort_order, title), '[]'::jsonb))
  from learn_articles where published;
$$;

create function api_learn_article(p_slug text) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_article learn_articles;
begin
  select * into v_article from learn_articles where slug = p_slug and published;
  if not found then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('slug', v_article.slug, 'title', v_article.title, 'category', v_article.category,
                            'summary', v_article.summary, 'body', v_article.body);
end
$$;

-- Today's standing: scored attempts left, the streak of days with a scored quiz, the balance.
create function api_quiz_status(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_settings quiz_settings;
  v_used int;
  v_streak int := 0;
  v_day date := (now() at time zone 'Asia/Shanghai')::date;
begin
  perform require_user(p_user_id);
  select * into v_settings from quiz_settings;
  select count(*) into v_used from quiz_attempts
    where user_id = p_user_id and mode = 'scored' and created_at >= local_day_start();
  -- A streak counts back from today (or from yesterday when today is not yet done).
  if v_used = 0 then
    v_day := v_day - 1;
  end if;
  while exists (select 1 from quiz_attempts where user_id = p_user_id and mode = 'scored'
                and submitted_at is not null and (created_at at time zone 'Asia/Shanghai')::date = v_day) loop
    v_streak := v_streak + 1;
    v_day := v_day - 1;
  end loop;
  return jsonb_build_object(
    'attemptsToday', v_used,
    'dailyLimit', v_settings.daily_scored_attempts,
    'questionsPerAttempt', v_settings.questions_per_attempt,
    'timeLimitSeconds', v_settings.time_limit_seconds,
    'pointsPerCorrect', v_settings.points_per_correct,
    'streakDays', v_streak,
    'balance', points_balance(p_user_id)
  );
end
$$;

-- Draws a quiz: the user's recent questions come last, the rest at random.
create function api_quiz_start(p_user_id uuid, p_mode text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_settings quiz_settings;
  v_used int;
  v_recent uuid[];
  v_ids uuid[];
  v_attempt quiz_attempts;
begin
  perform require_user(p_user_id);
  if p_mode not in ('scored', 'practice') then
    raise exception 'invalid_request';
  end if;
  select * into v_settings from quiz_settings;
  -- One start at a time per user, so that the daily cap holds under concurrency.
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/quiz_start', 0));
  if p_mode = 'scored' then
    select count(*) into v_used from quiz_attempts
      where user_id = p_user_id and mode = 'scored' and created_at >= local_day_start();
    if v_used >= v_settings.daily_scored_attempts then
      raise exception 'daily_limit_reached';
    end if;
  end if;
  select coalesce(array_agg(distinct q), '{}') into v_recent from (
    select unnest(question_ids) q from (
      select question_ids from quiz_attempts where user_id = p_user_id
      order by created_at desc limit v_settings.recent_attempts_excluded) r) recent;
  select array_agg(id) into v_ids from (
    select id from quiz_questions where status = 'active'
    order by id = any(v_recent), random() limit v_settings.questions_per_attempt) drawn;
  if v_ids is null then
    raise exception 'quiz_unavailable';
  end if;
  insert into quiz_attempts (user_id, mode, question_ids, expires_at)
    values (p_user_id, p_mode, v_ids, now() + make_interval(secs => v_settings.time_limit_seconds))
    returning * into v_attempt;
  return jsonb_build_object(
    'attemptId', v_attempt.id,
    'mode', v_attempt.mode,
    'expiresAt', v_attempt.expires_at,
    'timeLimitSeconds', v_settings.time_limit_seconds,
    'questions', (select jsonb_agg(quiz_question_public(q) order by array_position(v_ids, q.id))
                  from quiz_questions q where q.id = any(v_ids))
  );
end
$$;

-- Scores an attempt once, on the server. p_answers: [{"questionId", "keys": [..]}].
create function api_quiz_submit(p_user_id uuid, p_attempt_id uuid, p_answers jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_attempt quiz_attempts;
  v_settings quiz_settings;
  v_review jsonb;
  v_correct int;
  v_total int;
  v_points int := 0;
begin
  perform require_user(p_user_id);
  select * into v_attempt from quiz_attempts where id = p_attempt_id and user_id = p_user_id for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_attempt.submitted_at is not null then
    raise exception 'already_submitted';
  end if;
  -- A few seconds of grace for the network; the app's countdown ends at expires_at.
  if now() > v_attempt.expires_at + interval '10 seconds' then
    raise exception 'attempt_expired';
  end if;
  select * into v_settings from quiz_settings;

  with given as (
    select distinct on (a->>'questionId') (a->>'questionId') as question_id,
           sorted_keys(array(select jsonb_array_elements_text(a->'keys'))) as keys
    from jsonb_array_elements(p_answers) a
  ), marked as (
    select q.id, q.explanation, sorted_keys(q.answer_keys) as answer_keys, coalesce(g.keys, '{}') as keys,
           coalesce(g.keys, '{}') = sorted_keys(q.answer_keys) as correct,
           a.slug, a.title, array_position(v_attempt.question_ids, q.id) as position
    from quiz_questions q
    left join given g on g.question_id = q.id::text
    left join learn_articles a on a.id = q.article_id
    where q.id = any(v_attempt.question_ids)
  )
  select jsonb_agg(jsonb_build_object(
           'questionId', id, 'correct', correct, 'yourKeys', to_jsonb(keys), 'answerKeys', to_jsonb(answer_keys),
           'explanation', explanation,
           'article', case when slug is null then null else jsonb_build_object('slug', slug, 'title', title) end)
         order by position),
         count(*) filter (where correct), count(*)
    into v_review, v_correct, v_total
  from marked;

  if v_attempt.mode = 'scored' then
    v_points := record_participation(p_user_id, 'quiz_completed', 'quiz_attempt', v_attempt.id::text,
                                     v_correct * v_settings.points_per_correct);
  end if;
  update quiz_attempts set submitted_at = now(), correct_count = v_correct,
    score = round(100.0 * v_correct / greatest(v_total, 1)), points_awarded = v_points
  where id = v_attempt.id;
  if v_points > 0 then
    insert into quiz_user_scores (user_id, week_start, points) values (p_user_id, local_week_start(), v_points)
      on conflict (user_id, week_start) do update set points = quiz_user_scores.points + excluded.points;
    insert into quiz_user_totals (user_id, points) values (p_user_id, v_points)
      on conflict (user_id) do update set points = quiz_user_totals.points + excluded.points;
    perform quiz_credit_group('community', (select community_id from users where id = p_user_id), v_points);
  end if;
  return jsonb_build_object(
    'mode', v_attempt.mode,
    'score', round(100.0 * v_correct / greatest(v_total, 1)),
    'total', v_total,
    'correctCount', v_correct,
    'pointsAwarded', v_points,
    'review', v_review
  );
end
$$;

-- Top of the board (ties share a rank) and the caller's own rank, even outside the top. A student
-- under 14 whose guardian has not consented is on no board and counts in nobody's rank (they see
-- their own score and rank among the others).
create function api_quiz_leaderboard(p_user_id uuid, p_scope text, p_period text, p_limit int) returns jsonb
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

create function api_points_history(p_user_id uuid, p_limit int, p_before bigint default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  return jsonb_build_object(
    'balance', points_balance(p_user_id),
    'items', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'kind', p.kind, 'label', k.label,
                                                           'points', p.points, 'createdAt', p.created_at) order by p.id desc)
                       from (select * from participation where user_id = p_user_id and (p_before is null or id < p_before)
                             order by id desc limit least(greatest(p_limit, 1), 100) + 1) p
                       join participation_kinds k on k.kind = p.kind), '[]'::jsonb)
  );
end
$$;

create function api_rewards_list() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(jsonb_build_object(
    'id', id, 'name', name, 'description', description, 'cost', cost, 'stock', stock, 'imageUrl', image_url)
    order by cost, name), '[]'::jsonb))
  from rewards where active;
$$;

-- Spends points on a prize. The reward row lock keeps stock exact; the per-user lock keeps the
-- balance from going negative when one user redeems twice at once.
create function api_reward_redeem(p_user_id uuid, p_reward_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_reward rewards;
  v_balance int;
  v_code text;
begin
  perform require_user(p_user_id);
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/points_spend', 0));
  select * into v_reward from rewards where id = p_reward_id and active for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_reward.stock = 0 then
    raise exception 'out_of_stock';
  end if;
  v_balance := points_balance(p_user_id);
  if v_balance < v_reward.cost then
    raise exception 'insufficient_points';
  end if;
  update rewards set stock = stock - 1 where id = v_reward.id;
  -- 12 characters from a random UUID: 48 random bits, easy to read out at the desk.
  v_code := upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12));
  insert into reward_redemptions (code, user_id, reward_id, cost) values (v_code, p_user_id, v_reward.id, v_reward.cost);
  perform record_participation(p_user_id, 'reward_redeemed', 'reward_redemption', v_code, -v_reward.cost);
  return jsonb_build_object(
    'redemptionCode', v_code,
    'reward', jsonb_build_object('id', v_reward.id, 'name', v_reward.name, 'cost', v_reward.cost),
    'balance', v_balance - v_reward.cost
  );
end
$$;

create function api_reward_redemptions_mine(p_user_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_user(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('code', r.code, 'status', r.status, 'cost', r.cost, 'createdAt', r.created_at,
                                        'verifiedAt', r.verified_at, 'reward', jsonb_build_object('id', w.id, 'name', w.name))
                     order by r.created_at desc)
    from reward_redemptions r join rewards w on w.id = r.reward_id where r.user_id = p_user_id), '[]'::jsonb));
end
$$;

-- At the prize desk: an organiser verifies a code once. County only: the prizes are the county
-- office's stock, bought with points earned county-wide.
create function api_reward_verify(p_user_id uuid, p_code text) returns jsonb
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
  perform audit(p_user_id, 'reward.verify',
    jsonb_build_object('redemptionId', v_redemption.id, 'rewardId', v_redemption.reward_id));
  return jsonb_build_object('code', v_redemption.code, 'status', v_redemption.status,
    'verifiedAt', v_redemption.verified_at,
    'reward', (select jsonb_build_object('id', id, 'name', name) from rewards where id = v_redemption.reward_id));
end
$$;

-- Organisers add questions in bulk: all or nothing. A stem already in the bank refuses the whole
-- import with the positions (0-based) of the clashing items in the detail. County only: one bank
-- serves every resident's quiz, its points and the county leaderboard.
create function api_quiz_import(p_user_id uuid, p_questions jsonb) returns jsonb
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
  perform audit(p_user_id, 'quiz.import', jsonb_build_object('imported', v_count, 'questionIds', v_ids));
  return jsonb_build_object('imported', v_count);
end
$$;

-- Newest first; p_before is the seq of the last question already shown.
create function api_quiz_questions(p_user_id uuid, p_limit int, p_before bigint default null) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id);
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('id', q.id, 'seq', q.seq, 'type', q.type, 'stem', q.stem, 'options', q.options,
                                        'answerKeys', to_jsonb(q.answer_keys), 'explanation', q.explanation,
                                        'difficulty', q.difficulty, 'createdAt', q.created_at) order by q.seq desc)
    from (select * from quiz_questions where status = 'active' and (p_before is null or seq < p_before)
          order by seq desc limit least(greatest(p_limit, 1), 100) + 1) q), '[]'::jsonb));
end
$$;

-- Retired questions are no longer drawn; past attempts keep their review. County only (the bank).
create function api_quiz_question_retire(p_user_id uuid, p_question_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id, 'county');
  update quiz_questions set status = 'retired' where id = p_question_id and status = 'active';
  if not found then
    raise exception 'not_found';
  end if;
  perform audit(p_user_id, 'quiz.retire', jsonb_build_object('questionId', p_question_id));
  return jsonb_build_object('id', p_question_id, 'status', 'retired');
end
$$;
