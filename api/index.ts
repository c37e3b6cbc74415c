import { router } from './_lib/handler'
import { areas } from './_routes'

// The API's one serverless function: vercel.json rewrites every /api/* path here, so a new area
// adds a route table to api/_routes, not a function.
export default router(areas)
