import { area, route } from './_lib/handler'
import { sendDueReminders } from './_lib/reminders'

// Called by the scheduler (vercel.json "crons", or pg_cron + pg_net) with the CRON_SECRET.
export default area([
  route({
    method: 'GET',
    path: '/api/cron/reminders',
    auth: 'cron',
    handle: async ({ runtime }) => ({ body: await sendDueReminders(runtime) }),
  }),
])
