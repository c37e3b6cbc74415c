-- Quizzes 文明知识有奖问答 (大参与小奖励): learn articles, the question bank, daily attempts scored
-- on the server, and the points they earn in the participation ledger.

-- ============================================================================
-- Tables
-- ============================================================================
create table learn_articles (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]{1,60}$'),
  title text not null check (char_length(title) between 1 and 60),
  category text not null check (char_length(category) between 1 and 20),
  summary text not null check (char_length(summary) between 1 and 200),
  body text not null check (char_length(body) between 1 and 20000),
  sort_order int not null default 0,
  published boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table learn_articles is '学习: short articles on civility that quiz questions cite. body is plain text, paragraphs separated by blank lines.';

create table quiz_questions (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  article_id uuid references learn_articles (id) on delete set null,
  type text not null check (type in ('single', 'multiple', 'judge')),
  stem text not null check (char_length(stem) between 1 and 300),
  options jsonb not null check (jsonb_typeof(options) = 'array' and jsonb_array_length(options) between 2 and 6),
  answer_keys text[] not null check (cardinality(answer_keys) >= 1),
  explanation text not null check (char_length(explanation) between 1 and 500),
  difficulty int not null default 1 check (difficulty between 1 and 3),
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  check (type <> 'single' or cardinality(answer_keys) = 1),
  check (type <> 'judge' or (cardinality(answer_keys) = 1 and jsonb_array_length(options) = 2)),
  check (type <> 'multiple' or cardinality(answer_keys) >= 2)
);
create unique index quiz_questions_stem on quiz_questions (stem) where status = 'active';
comment on table quiz_questions is '题库: options are [{"key","text"}]; answer_keys never leave the database before submission.';

create table quiz_settings (
  id boolean primary key default true check (id),
  questions_per_attempt int not null default 5 check (questions_per_attempt between 1 and 20),
  time_limit_seconds int not null default 300 check (time_limit_seconds between 30 and 3600),
  daily_scored_attempts int not null default 3 check (daily_scored_attempts between 1 and 50),
  points_per_correct int not null default 2 check (points_per_correct between 0 and 100),
  recent_attempts_excluded int not null default 3 check (recent_attempts_excluded between 0 and 50)
);
insert into quiz_settings default values;
comment on table quiz_settings is 'The one row of quiz rules organisers may change: size, time limit, daily cap, points.';

create table quiz_attempts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references users (id) on delete set null,
  mode text not null check (mode in ('scored', 'practice')),
  question_ids uuid[] not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  submitted_at timestamptz,
  correct_count int,
  score int check (score between 0 and 100),
  points_awarded int
);
create index quiz_attempts_user_time on quiz_attempts (user_id, created_at desc);
comment on table quiz_attempts is 'One drawn quiz; the server holds its deadline and scores it once.';

-- Running totals kept by api_quiz_submit, so leaderboards read a few rows instead of the ledger.
create table quiz_user_scores (
  user_id uuid not null references users (id) on delete cascade,
  week_start date not null,
  points int not null,
  primary key (user_id, week_start)
);
create index quiz_user_scores_rank on quiz_user_scores (week_start, points desc);

create table quiz_user_totals (
  user_id uuid primary key references users (id) on delete cascade,
  points int not null
);
create index quiz_user_totals_rank on quiz_user_totals (points desc);

create table quiz_group_scores (
  scope text not null check (scope in ('community', 'school')),
  group_id uuid not null,
  week_start date not null,
  points int not null,
  primary key (scope, group_id, week_start)
);
comment on table quiz_user_scores is 'Quiz points per user per week (Monday, county time).';
comment on table quiz_user_totals is 'Quiz points per user, all time.';
comment on table quiz_group_scores is 'Quiz points per community or school per week, credited to the group the user belonged to when earning them.';

create table rewards (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 40),
  description text not null default '' check (char_length(description) <= 500),
  cost int not null check (cost > 0),
  stock int not null check (stock >= 0),
  image_url text check (char_length(image_url) <= 500),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table rewards is '小奖励: the prize catalogue; stock never goes below zero.';

create table reward_redemptions (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9]{12}$'),
  user_id uuid references users (id) on delete set null,
  reward_id uuid not null references rewards (id),
  cost int not null,
  status text not null default 'issued' check (status in ('issued', 'verified')),
  created_at timestamptz not null default now(),
  verified_at timestamptz,
  verified_by uuid references users (id) on delete set null
);
create index reward_redemptions_user on reward_redemptions (user_id, created_at desc);
comment on table reward_redemptions is 'A redeemed prize: its code is shown as a QR and verified once at the prize desk.';

insert into participation_kinds (kind, label, points, daily_cap) values
  ('quiz_completed', '完成答题', 0, null),
  ('reward_redeemed', '兑换奖品', 0, null);

-- ============================================================================
-- Internal helpers
-- ============================================================================
create function local_week_start() returns date
language sql stable set search_path = public, pg_temp as $$
  select date_trunc('week', now() at time zone 'Asia/Shanghai')::date;
$$;

-- Adds quiz points to a community's or school's running total for this week.
create function quiz_credit_group(p_scope text, p_group_id uuid, p_points int) returns void
language sql security definer set search_path = public, pg_temp as $$
  insert into quiz_group_scores (scope, group_id, week_start, points)
  select p_scope, p_group_id, local_week_start(), p_points where p_group_id is not null
  on conflict (scope, group_id, week_start) do update set points = quiz_group_scores.points + excluded.points;
$$;

-- The group a user's quiz points go to in a scope: their community (the families migration adds
-- the student's school).
create function user_group(p_user_id uuid, p_scope text) returns uuid
language sql stable security definer set search_path = public, pg_temp as $$
  select case p_scope when 'community' then (select community_id from users where id = p_user_id) end;
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

-- Top of the board (ties share a rank) and the caller's own rank, even outside the top.
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
          where t.points > 0 order by t.points desc limit p_limit) top;
    select points into v_mine_score from quiz_user_totals where user_id = p_user_id;
    if v_mine_score > 0 then
      v_mine := jsonb_build_object('score', v_mine_score,
        'rank', 1 + (select count(*) from quiz_user_totals where points > v_mine_score));
    end if;
  elsif p_scope = 'user' and p_period = 'week' then
    select jsonb_agg(jsonb_build_object('rank', rnk, 'name', nickname, 'score', points) order by rnk) into v_items
    from (select rank() over (order by s.points desc) rnk, u.nickname, s.points
          from quiz_user_scores s join users u on u.id = s.user_id
          where s.week_start = v_week and s.points > 0 order by s.points desc limit p_limit) top;
    select points into v_mine_score from quiz_user_scores where user_id = p_user_id and week_start = v_week;
    if v_mine_score > 0 then
      v_mine := jsonb_build_object('score', v_mine_score,
        'rank', 1 + (select count(*) from quiz_user_scores where week_start = v_week and points > v_mine_score));
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

-- At the prize desk: an organiser verifies a code once.
create function api_reward_verify(p_user_id uuid, p_code text) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_redemption reward_redemptions;
begin
  perform require_organizer(p_user_id);
  select * into v_redemption from reward_redemptions where code = upper(btrim(p_code)) for update;
  if not found then
    raise exception 'not_found';
  end if;
  if v_redemption.status = 'verified' then
    raise exception 'already_verified';
  end if;
  update reward_redemptions set status = 'verified', verified_at = now(), verified_by = p_user_id
    where id = v_redemption.id returning * into v_redemption;
  return jsonb_build_object('code', v_redemption.code, 'status', v_redemption.status,
    'verifiedAt', v_redemption.verified_at,
    'reward', (select jsonb_build_object('id', id, 'name', name) from rewards where id = v_redemption.reward_id));
end
$$;

-- Organisers add questions in bulk: all or nothing. A stem already in the bank refuses the whole
-- import with the positions (0-based) of the clashing items in the detail.
create function api_quiz_import(p_user_id uuid, p_questions jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_clashes jsonb;
  v_count int;
begin
  perform require_organizer(p_user_id);
  select jsonb_agg(i.position - 1 order by i.position) into v_clashes
  from jsonb_array_elements(p_questions) with ordinality as i(item, position)
  where exists (select 1 from quiz_questions q where q.status = 'active' and q.stem = i.item->>'stem')
     or (select count(*) from jsonb_array_elements(p_questions) o where o->>'stem' = i.item->>'stem') > 1;
  if v_clashes is not null then
    raise exception 'duplicate_question' using detail = v_clashes::text;
  end if;
  insert into quiz_questions (article_id, type, stem, options, answer_keys, explanation, difficulty)
  select (select id from learn_articles where slug = i->>'articleSlug'), i->>'type', i->>'stem', i->'options',
         array(select jsonb_array_elements_text(i->'answerKeys')), i->>'explanation', (i->>'difficulty')::int
  from jsonb_array_elements(p_questions) i;
  get diagnostics v_count = row_count;
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

-- Retired questions are no longer drawn; past attempts keep their review.
create function api_quiz_question_retire(p_user_id uuid, p_question_id uuid) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform require_organizer(p_user_id);
  update quiz_questions set status = 'retired' where id = p_question_id and status = 'active';
  if not found then
    raise exception 'not_found';
  end if;
  return jsonb_build_object('id', p_question_id, 'status', 'retired');
end
$$;

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table learn_articles enable row level security;
alter table quiz_questions enable row level security;
alter table quiz_settings enable row level security;
alter table quiz_attempts enable row level security;
alter table quiz_user_scores enable row level security;
alter table quiz_user_totals enable row level security;
alter table quiz_group_scores enable row level security;
alter table rewards enable row level security;
alter table reward_redemptions enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function api_learn_articles() to service_role;
grant execute on function api_learn_article(text) to service_role;
grant execute on function api_quiz_status(uuid) to service_role;
grant execute on function api_quiz_start(uuid, text) to service_role;
grant execute on function api_quiz_submit(uuid, uuid, jsonb) to service_role;
grant execute on function api_quiz_leaderboard(uuid, text, text, int) to service_role;
grant execute on function api_points_history(uuid, int, bigint) to service_role;
grant execute on function api_rewards_list() to service_role;
grant execute on function api_reward_redeem(uuid, uuid) to service_role;
grant execute on function api_reward_redemptions_mine(uuid) to service_role;
grant execute on function api_reward_verify(uuid, text) to service_role;
grant execute on function api_quiz_import(uuid, jsonb) to service_role;
grant execute on function api_quiz_questions(uuid, int, bigint) to service_role;
grant execute on function api_quiz_question_retire(uuid, uuid) to service_role;
