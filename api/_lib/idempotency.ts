import { createHash } from 'node:crypto'
import type { VercelRequest } from '@vercel/node'
import { idempotencyKeyPattern } from '../../src/shared/idempotency'
import type { Db } from './db/types'
import { ApiError, domainError } from './errors'
import type { Reply } from './reply'
import { currentLog, requestContext } from './log'
import type { Bucket } from './rate-limit'
import type { Runtime } from './runtime'

// Idempotent writes: a POST carrying `Idempotency-Key` from a signed-in user is begun in
// idempotency_keys (api_request_begin) and finished there (api_call_keyed, or
// api_idempotency_finish), so a retry of it answers what the first attempt answered and writes
// nothing new.
//
// What is kept: what a write that happened answered: a JSON answer with a 2xx status or, for a
// route that makes one database call (`oneCall`), that call's result, kept in the call's own
// transaction, from which a retry builds the same answer again.
// A refusal (an ApiError: 4xx, 429, 503) wrote nothing, so there is nothing to protect by
// replaying it, and it may well not hold on retry (the database is back, the window has passed,
// the round opened): the key is let go and the retry runs afresh. So is the key of a request
// that failed unexpectedly (each route's database function is one transaction, so it wrote
// nothing either). Files and plain text are never answers to a user's POST, and are not kept.
//
// Public POSTs are not keyed: login (a replayed answer would be a stored session token, which
// must never sit in a table) and WeChat's push (WeChat retries by itself and the push is applied
// idempotently by trace id). PATCH and DELETE set or remove state and repeat harmlessly.

/** The key of a request, or null when it carries none; a malformed one is refused with 400. */
export function idempotencyKeyOf(req: VercelRequest): string | null {
  const raw = req.headers['idempotency-key']
  if (raw === undefined) return null
  const value = Array.isArray(raw) ? raw[0] : raw
  if (!idempotencyKeyPattern.test(value)) {
    throw new ApiError('invalid_request', 'Idempotency-Key 应为 UUID,或 8 到 100 个字母、数字、- 或 _。', { header: 'Idempotency-Key' })
  }
  return value
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * What a key is bound to: the method, the URL and the request's content as the route read it
 * (its query and body after validation, the uploaded file's bytes), so a retry of the same call
 * matches however the client framed it, and anything else under the same key does not.
 */
export function fingerprintOf(req: VercelRequest, content: { query: unknown; body: unknown; file: { data: Buffer } | null }): string {
  return sha256(
    [req.method, req.url ?? '', JSON.stringify({ query: content.query, body: content.body }), content.file ? sha256(content.file.data) : ''].join('\n'),
  )
}

type Begun = { state: 'new' } | { state: 'done'; status: number | null; body: unknown; result: unknown }

type BeginAnswer =
  | { refused: { retryAfterSeconds: number; scope: string } }
  | { error: { code: string; detail: string | null }; limiterError: string | null }
  | { begun: Begun | null; limiterError: string | null }

export interface RequestBegin {
  /** The route's pattern, for the log. */
  route: string
  /** An organiser's route: the caller must organise somewhere (their scope is the function's to check). */
  organizer: { userId: string | null } | null
  /** The rate-limit buckets the request is counted in, null when none. */
  buckets: Bucket[] | null
  /** A signed-in user's key, when the request carries one. */
  keyed: { userId: string; key: string; fingerprint: string } | null
  /** The route makes one database call and builds its answer from that call's result alone. */
  oneCall: boolean
}

const logFailure = (what: string, error: unknown) => currentLog().error({ error: String(error) }, `idempotency ${what} failed`)

/** A database whose one call gives `result` (a retry's kept result) or runs `call`; a second call is a bug. */
function oneCallDb(db: Db, route: string, call: (name: string, args: Record<string, unknown>) => Promise<unknown>): Db {
  let calls = 0
  return {
    kind: db.kind,
    rpc: async <T>(name: string, args: Record<string, unknown> = {}) => {
      if (calls++ > 0) throw new Error(`${route} is marked oneCall but made a second database call (${name})`)
      return (await call(name, args)) as T
    },
    close: () => db.close(),
  }
}

/**
 * Runs a request: an organiser's role is checked, its rate limits are counted and its key begun in
 * one call (api_request_begin), when it needs any of these; then
 * the route runs once per key and a finished key answers again what it answered. A `oneCall`
 * route's database call keeps its result under the key in the same statement (api_call_keyed),
 * and a retry builds its answer again from that result: two round trips in all. Any other keyed
 * route finishes its key after it has answered: three.
 */
export async function runRequest(runtime: Runtime, request: RequestBegin, run: (db: Db) => Promise<Reply>): Promise<Reply> {
  const { buckets, keyed, organizer } = request
  if (!buckets && !keyed && !organizer) return run(runtime.db)
  const answer = await runtime.db.rpc<BeginAnswer>('api_request_begin', {
    p_organizer: organizer !== null,
    p_buckets: buckets,
    p_user_id: keyed?.userId ?? organizer?.userId ?? null,
    p_key: keyed?.key ?? null,
    p_fingerprint: keyed?.fingerprint ?? null,
  })
  if ('refused' in answer) {
    throw new ApiError('rate_limited', undefined, { retryAfterSeconds: answer.refused.retryAfterSeconds, scope: answer.refused.scope })
  }
  // The limiter's own failure must not take every write down with it: logged, and let through.
  if (answer.limiterError) currentLog().error({ route: request.route, error: answer.limiterError }, 'rate limiter failed; request let through')
  if ('error' in answer) {
    throw domainError({ code: 'P0001', message: answer.error.code, detail: answer.error.detail ?? undefined }) ?? new Error(answer.error.code)
  }
  const begun = answer.begun
  if (!keyed || !begun) return run(runtime.db)
  if (begun.state === 'done') {
    if (begun.status !== null) return { status: begun.status, body: begun.body }
    return run(oneCallDb(runtime.db, request.route, async () => begun.result))
  }

  const args = { p_user_id: keyed.userId, p_key: keyed.key, p_fingerprint: keyed.fingerprint }
  // Finishing is bookkeeping for what already happened: it runs even once the request's time
  // budget is spent (outside the request's context, whose spent budget refuses new statements),
  // so that a write finished late is still answered to its retries.
  const finish = (extra: { p_status?: number; p_body?: unknown } = {}) =>
    requestContext.exit(() => runtime.db.rpc('api_idempotency_finish', { ...args, ...extra }))
  const db = request.oneCall
    ? oneCallDb(runtime.db, request.route, (name, fnArgs) => runtime.db.rpc('api_call_keyed', { ...args, p_function: name, p_args: fnArgs }))
    : runtime.db
  let reply: Reply
  try {
    reply = await run(db)
  } catch (error) {
    // Nothing to keep: let the key go so that a retry runs again. If even that fails the key
    // stays running and is taken over after its 5-minute lease.
    await finish().catch((failure: unknown) => logFailure('release', failure))
    throw error
  }
  if (request.oneCall) return reply
  const status = 'body' in reply ? (reply.status ?? 200) : null
  const keep = status !== null && status >= 200 && status < 300
  try {
    await finish(keep ? { p_status: status!, p_body: (reply as { body: unknown }).body ?? null } : {})
  } catch (error) {
    // The write happened and its answer is on its way: not storing it must not turn it into an
    // error. A retry within the lease is told request_in_progress; after it, the route runs again.
    logFailure('finish', error)
  }
  return reply
}
