-- Trust: abuse limits on every write (fixed-window counters per user and per client address, set
-- per route in api/_lib/rate-limit.ts) and idempotent writes (the first answer to an
-- Idempotency-Key, replayed to the same user's retries for 24 hours).

-- ============================================================================
-- Tables
-- ============================================================================
-- One row per bucket and window. Unlogged: counters are worth nothing after a crash, and skipping
-- the WAL makes the one write every limited request costs cheaper.
create unlogged table rate_limit_hits (
  bucket text not null check (char_length(bucket) between 1 and 300),
  window_start timestamptz not null,
  expires_at timestamptz not null,
  hits int not null check (hits >= 0),
  primary key (bucket, window_start)
);
create index rate_limit_hits_expiry on rate_limit_hits (expires_at);
comment on table rate_limit_hits is
  'Requests counted per bucket (user:<id>:<route> or address:<address>:<route>) in fixed windows; rows past expires_at are purged as calls go by.';

create table idempotency_keys (
  user_id uuid not null references users (id) on delete cascade,
  key text not null check (key ~ '^[A-Za-z0-9_-]{8,100}$'),
  -- sha256 of the method, the URL and the request's content: a key names one request only.
  fingerprint text not null check (char_length(fingerprint) between 1 and 128),
  state text not null default 'running' check (state in ('running', 'done')),
  status int check (status between 200 and 299),
  body jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, key),
  check ((state = 'done') = (status is not null))
);
create index idempotency_keys_created on idempotency_keys (created_at);
comment on table idempotency_keys is
  'The answer to each Idempotency-Key a user sent with a POST, replayed to retries; kept 24 hours.';

-- ============================================================================
-- Closed by default
-- ============================================================================
alter table rate_limit_hits enable row level security;
alter table idempotency_keys enable row level security;

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
