import type { TestApi } from './api'

/** Ledger rows queued for the statistics job and not counted yet. */
export const queuedActs = async (api: TestApi) =>
  (await api.sql.query<{ n: number }>('select count(*)::int as n from stats_pending'))[0].n

/** One run of the statistics job, as the scheduler makes every minute: the group figures catch up. */
export const runStatsJob = async (api: TestApi) => {
  await api.sql.query('select api_stats_catch_up()')
}
