-- Participation statistics off the write path (issue 14). An act's transaction no longer rewrites
-- the shared daily rollups of its community and class (stats_days, stats_uniques) and the
-- resident's stats row: it only queues the ledger row's id in stats_pending, a row of its own.
-- api_stats_catch_up counts the queue in id order, in batches, with the same statement trigger
-- the ledger had (fired by inserting the claimed rows into stats_batch), so the figures are the
-- ones the triggers kept. It runs every minute (pg_cron on Supabase, the Vercel cron or the local
-- server's timer: README, 参与统计) and before every dashboard read, so that no figure is more than
-- a minute behind. One runner at a time (a transaction-level advisory lock: a second waits, then
-- finds what is left); a runner that fails rolls back, its rows stay queued.

-- With the resident: a ledger row loses them when the account is deleted, and its act stays counted.
create table stats_pending (participation_id bigint primary key, user_id uuid not null);
comment on table stats_pending is 'Ledger rows not yet counted in the participation statistics, with their resident; api_stats_catch_up empties it.';
alter table stats_pending enable row level security;

-- The rows being counted; only ever filled and emptied inside api_stats_catch_up.
create unlogged table stats_batch (like participation);
alter table stats_batch enable row level security;
