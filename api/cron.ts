import { cronPaths } from '../src/shared/paths'
import { area, route } from './_lib/handler'
import { sendDueReminders } from './_lib/reminders'

// Called by the scheduler (vercel.json "crons", or pg_cron + pg_net) with the CRON_SECRET.
export default area([
  route({
    method: 'GET',
    path: cronPaths.reminders,
    auth: 'cron',
    // The scheduler, holding CRON_SECRET: not limited.
    rateLimit: false,
    handle: async ({ runtime }) => ({ body: await sendDueReminders(runtime) }),
  }),
  route({
    method: 'GET',
    path: cronPaths.stats,
    auth: 'cron',
    rateLimit: false,
    // Every minute: counts the acts queued since the last run into the participation statistics.
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_stats_catch_up') }),
  }),
  // A batch of up to 100 WeChat sends outlasts a person's 10 s budget; the scheduler can wait.
], { timeoutMs: 60_000 })
