import type { TestApi } from './api'

/** Ledger rows queued for the statistics job and not counted yet. */
export const queuedActs = async (api: TestApi) =>
  (await api.sql.query<{ n: number }>('select count(*)::int as n from stats_pending'))[0].n
