import { healthPath } from '../src/shared/paths'
import { area, route } from './_lib/handler'

export default area([
  route({
    method: 'GET',
    path: healthPath,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: { ok: true, db: runtime.db.kind } }),
  }),
])
