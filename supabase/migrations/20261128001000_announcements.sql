-- 公告 (announcements): organisers of the county, a community or a school write notices for their
-- own scope, save them as drafts, publish them now or from a set time, pin them, and take them
-- down. Residents see the county's notices, their community's and (students) their school's,
-- pinned first and then the newest, with an unread mark. The body is HTML the API has sanitised
-- (api/_lib/rich-text.ts) before it reaches these functions. Every organiser action is audited.

-- ============================================================================
-- Tables
-- ============================================================================
create table announcements (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 60),
  body text not null default '' check (char_length(body) <= 20000),
  cover_url text check (char_length(cover_url) <= 500 and cover_url ~* '^https?://'),
  scope_kind text not null check (scope_kind in ('county', 'community', 'school')),
  scope_id uuid,
  pinned boolean not null default false,
  status text not null default 'draft' check (status in ('draft', 'published', 'unpublished')),
  -- Visible from then on while published; set (to now at the latest) when published.
  publish_at timestamptz,
  created_by uuid references users (id) on delete set null,
  updated_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((scope_kind = 'county') = (scope_id is null)),
  check (status <> 'published' or publish_at is not null)
);
create index announcements_feed on announcements (pinned desc, publish_at desc, id desc) where status = 'published';
create index announcements_scope on announcements (scope_kind, scope_id, created_at desc);
comment on table announcements is '公告: a notice of the county, a community or a school; the body is sanitised HTML (p, br, strong, em, b, i, u, h3, h4, ul, ol, li, blockquote, no attributes).';

create table announcement_reads (
  user_id uuid not null references users (id) on delete cascade,
  announcement_id uuid not null references announcements (id) on delete cascade,
  read_at timestamptz not null default now(),
  primary key (user_id, announcement_id)
);
create index announcement_reads_announcement on announcement_reads (announcement_id);
comment on table announcement_reads is 'Who opened which announcement: the unread mark and badge, and the read count organisers see.';

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table announcements enable row level security;
alter table announcement_reads enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
