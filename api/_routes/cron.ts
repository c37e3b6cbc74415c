import { cronPaths } from '../../src/shared/paths'
import { route } from '../_lib/handler'
import { sendDueReminders } from '../_lib/reminders'

/** The scheduler can wait longer than a person: a batch of up to 100 WeChat sends outlasts 10 s. */
const schedulerTimeoutMs = 60_000

// Called by the scheduler (vercel.json "crons", or pg_cron + pg_net) with the CRON_SECRET.
export const routes = [
  route({
    method: 'GET',
    path: cronPaths.reminders,
    auth: 'cron',
    // The scheduler, holding CRON_SECRET: not limited.
    rateLimit: false,
    timeoutMs: schedulerTimeoutMs,
    handle: async ({ runtime }) => ({ body: await sendDueReminders(runtime) }),
  }),
  route({
    method: 'GET',
    path: cronPaths.stats,
    auth: 'cron',
    rateLimit: false,
    timeoutMs: schedulerTimeoutMs,
    // Every minute: counts the acts queued since the last run into the participation statistics.
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_stats_catch_up') }),
  }),
]
