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
