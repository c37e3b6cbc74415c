import { area, route } from './_lib/handler'

export default area([
  route({
    method: 'GET',
    path: '/api/health',
    auth: 'public',
    handle: async ({ runtime }) => ({ body: { ok: true, db: runtime.db.kind } }),
  }),
])
