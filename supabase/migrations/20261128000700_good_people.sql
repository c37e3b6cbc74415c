-- 身边好人推荐评议 (good people around us): organisers run selection rounds; residents nominate
-- (text and photos pass WeChat's content check, or are held for review with the reason); organisers review,
-- merge duplicates and fix typos (audited); residents 点赞 within caps during the voting window;
-- organisers choose honourees, publish a 公示 notice that takes objections, then the 好人榜.
--
-- A round: draft → open → notice → published. While open, its windows say what can happen:
-- nominating between nominate_from and nominate_until, voting between vote_from and vote_until.
-- A nomination: pending → approved | rejected | merged (into another of the same round). A pending
-- nomination with a held_reason was flagged by (or could not pass) the content check.
-- A category's id is its name: categories belong to their round.

-- ============================================================================
-- Tables
-- ============================================================================
create table selection_rounds (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 60),
  description text not null default '' check (char_length(description) <= 2000),
  categories text[] not null default array['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲']
    check (cardinality(categories) between 1 and 12),
  nominate_from timestamptz not null,
  nominate_until timestamptz not null,
  vote_from timestamptz not null,
  vote_until timestamptz not null,
  notice_days int not null default 7 check (notice_days between 1 and 30),
  daily_vote_cap int not null default 5 check (daily_vote_cap between 1 and 100),
  round_vote_cap int not null default 30 check (round_vote_cap between 1 and 1000),
  status text not null default 'draft' check (status in ('draft', 'open', 'notice', 'published')),
  approved_count int not null default 0 check (approved_count >= 0),
  notice_starts_at timestamptz,
  notice_ends_at timestamptz,
  published_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (nominate_until > nominate_from),
  check (vote_until > vote_from),
  check (vote_from >= nominate_from),
  check (vote_until >= nominate_until),
  check (daily_vote_cap <= round_vote_cap),
  check ((status in ('notice', 'published')) = (notice_starts_at is not null))
);
create index selection_rounds_recent on selection_rounds (created_at desc);
comment on table selection_rounds is '评选轮次: windows for nominating and voting, the vote caps, and where the round stands.';

create table nominations (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references selection_rounds (id) on delete cascade,
  nominator_id uuid references users (id) on delete set null,
  nominee_name text not null check (char_length(nominee_name) between 1 and 20),
  category text not null check (char_length(category) between 1 and 20),
  community_id uuid references communities (id),
  story text not null check (char_length(story) between 20 and 800),
  contact text check (char_length(contact) between 1 and 60),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'merged')),
  held_reason text check (char_length(held_reason) <= 200),
  review_note text check (char_length(review_note) <= 200),
  merged_into uuid references nominations (id),
  honoured boolean not null default false,
  vote_count int not null default 0 check (vote_count >= 0),
  new_account_votes int not null default 0 check (new_account_votes between 0 and vote_count),
  created_at timestamptz not null default now(),
  reviewed_at timestamptz,
  reviewed_by uuid references users (id) on delete set null,
  check ((status = 'merged') = (merged_into is not null)),
  check (not honoured or status = 'approved')
);
create index nominations_by_votes on nominations (round_id, vote_count desc, id desc) where status = 'approved';
-- A rare category would otherwise filter its way through the whole round.
create index nominations_category_by_votes on nominations (round_id, category, vote_count desc, id desc) where status = 'approved';
create index nominations_category_newest on nominations (round_id, category, created_at desc, id desc) where status = 'approved';
create index nominations_honoured on nominations (round_id) where honoured;
create index nominations_newest on nominations (round_id, created_at desc, id desc) where status = 'approved';
create index nominations_queue on nominations (created_at, id) where status = 'pending';
create index nominations_nominator on nominations (nominator_id, created_at desc);
comment on table nominations is '推荐: the contact stays with organisers; the vote count is kept on the row in each vote''s transaction, new accounts'' votes counted apart as well.';
comment on column nominations.new_account_votes is 'Votes from accounts created after the round''s voting opened: shown to organisers as a stuffing signal.';

create table nomination_photos (
  id uuid primary key default gen_random_uuid(),
  uploader_id uuid references users (id) on delete set null,
  nomination_id uuid references nominations (id) on delete cascade,
  position smallint check (position between 1 and 3),
  storage_key text not null unique check (char_length(storage_key) <= 200),
  width int not null check (width > 0),
  height int not null check (height > 0),
  bytes int not null check (bytes > 0),
  check_status text not null check (check_status in ('checking', 'pass', 'risky', 'error', 'unchecked')),
  check_trace_id text unique,
  check_label text check (char_length(check_label) <= 40),
  created_at timestamptz not null default now(),
  unique (nomination_id, position)
);
create index nomination_photos_uploader on nomination_photos (uploader_id, created_at desc);
comment on table nomination_photos is 'Re-encoded photos (no EXIF). Shown in public only after WeChat''s media check passed (or unchecked where WeChat is not configured).';

create table nomination_votes (
  id bigint generated always as identity primary key,
  round_id uuid not null references selection_rounds (id) on delete cascade,
  nomination_id uuid not null references nominations (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  local_day date not null,
  new_account boolean not null,
  created_at timestamptz not null default now(),
  unique (nomination_id, user_id, local_day)
);
create index nomination_votes_user on nomination_votes (user_id, round_id, created_at);
comment on table nomination_votes is '点赞: one per story per person per day, within the round''s daily and total caps.';

create table nomination_objections (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references selection_rounds (id) on delete cascade,
  nomination_id uuid not null references nominations (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  reason text not null check (char_length(reason) between 10 and 500),
  contact text check (char_length(contact) between 1 and 60),
  status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
  resolution_note text check (char_length(resolution_note) <= 200),
  resolved_by uuid references users (id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  unique (nomination_id, user_id)
);
create index nomination_objections_round on nomination_objections (round_id, created_at);
comment on table nomination_objections is '公示异议: raised during the notice window; an upheld objection removes the honouree.';

insert into participation_kinds (kind, label, points, daily_cap) values
  ('good_people_nominate', '推荐身边好人', 5, 2),
  ('good_people_vote', '为好人点赞', 1, 5),
  ('good_people_objection', '公示期反映意见', 0, null);

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table selection_rounds enable row level security;
alter table nominations enable row level security;
alter table nomination_photos enable row level security;
alter table nomination_votes enable row level security;
alter table nomination_objections enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
