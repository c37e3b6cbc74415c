-- Pledge 「创文明城,做文明人」: the ten-thousand-signature drive.
-- Signatures are numbered 1, 2, 3 … in signing order with no gaps: the campaign row is locked
-- while a signature is added, and its counter moves in the same transaction.

-- ============================================================================
-- Tables
-- ============================================================================
create table pledge_campaigns (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 40),
  text text not null check (char_length(text) between 1 and 2000),
  goal int not null check (goal > 0),
  signature_count int not null default 0 check (signature_count >= 0),
  is_current boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index pledge_campaigns_one_current on pledge_campaigns (is_current) where is_current;
comment on table pledge_campaigns is 'Pledge drives; the one marked current is shown in the app. signature_count is kept with each signature.';

create table pledge_signatures (
  campaign_id uuid not null references pledge_campaigns (id) on delete cascade,
  number int not null check (number > 0),
  user_id uuid references users (id) on delete set null,
  display_name text not null check (char_length(display_name) between 1 and 20),
  community_id uuid references communities (id) on delete set null,
  signed_at timestamptz not null default now(),
  primary key (campaign_id, number)
);
create unique index pledge_signatures_one_per_user on pledge_signatures (campaign_id, user_id);
comment on table pledge_signatures is 'One signature per user per campaign, numbered in signing order; community is taken at signing time.';

insert into participation_kinds (kind, label, points, daily_cap)
  values ('pledge_signed', '签署文明承诺', 10, null);

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table pledge_campaigns enable row level security;
alter table pledge_signatures enable row level security;

revoke all on all tables in schema public from anon, authenticated;
