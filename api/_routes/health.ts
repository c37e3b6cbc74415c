import { healthPaths } from '../../src/shared/paths'
import { route } from '../_lib/handler'

export const routes = [
  route({
    method: 'GET',
    path: healthPaths.health,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: { ok: true, db: runtime.db.kind } }),
  }),
]
