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

create function stats_queue_participation() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into stats_pending (participation_id, user_id)
    select n.id, n.user_id from new_acts n join participation_kinds k on k.kind = n.kind
    where k.counts_as_participation and n.user_id is not null;
  return null;
end
$$;

drop trigger participation_counts_for_stats on participation;
create trigger participation_queue_for_stats after insert on participation
  referencing new table as new_acts for each statement execute function stats_queue_participation();
create trigger stats_batch_counts after insert on stats_batch
  referencing new table as new_acts for each statement execute function stats_count_participation();

create function api_stats_catch_up(p_batch int default 20000) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_counted int := 0;
  v_rows int;
begin
  perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  loop
    with claimed as (
      delete from stats_pending where participation_id in (
        select participation_id from stats_pending order by participation_id limit greatest(p_batch, 1))
      returning participation_id, user_id
    )
    insert into stats_batch (id, user_id, kind, points, ref_type, ref_id, created_at, community_id)
      select p.id, c.user_id, p.kind, p.points, p.ref_type, p.ref_id, p.created_at, p.community_id
      from participation p join claimed c on c.participation_id = p.id order by p.id;
    get diagnostics v_rows = row_count;
    exit when v_rows = 0;
    delete from stats_batch;
    v_counted := v_counted + v_rows;
  end loop;
  return jsonb_build_object('counted', v_counted);
end
$$;

-- A rebuild counts the whole ledger from the tables, the queued rows with it.
alter function stats_rebuild() rename to stats_rebuild_from_tables;
create function stats_rebuild() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform pg_advisory_xact_lock(hashtext('api_stats_catch_up'));
  delete from stats_pending;
  return stats_rebuild_from_tables();
end
$$;

revoke all on function stats_queue_participation() from public, anon, authenticated;
revoke all on function stats_rebuild() from public, anon, authenticated;
revoke all on function api_stats_catch_up(int) from public, anon, authenticated;
grant execute on function api_stats_catch_up(int) to service_role;
