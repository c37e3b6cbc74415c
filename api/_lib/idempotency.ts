import { createHash } from 'node:crypto'
import type { VercelRequest } from '@vercel/node'
import { idempotencyKeyPattern } from '../../src/shared/idempotency'
import { ApiError } from './errors'
import type { Reply } from './handler'
import { currentLog, requestContext } from './log'
import type { Runtime } from './runtime'

// Idempotent writes: a POST carrying `Idempotency-Key` from a signed-in user is begun and finished
// in idempotency_keys (api_idempotency_begin / _finish), so a retry of it answers what the first
// attempt answered and writes nothing new.
//
// What is kept: only JSON answers with a 2xx status, i.e. what a write that happened answered.
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

type Begun = { state: 'new' } | { state: 'done'; status: number; body: unknown }

const logFailure = (what: string, error: unknown) => currentLog().error({ error: String(error) }, `idempotency ${what} failed`)

/** Runs the route once per key: a finished key answers its stored reply instead. */
export async function runIdempotent(
  runtime: Runtime,
  request: { userId: string; key: string; fingerprint: string },
  run: () => Promise<Reply>,
): Promise<Reply> {
  const args = { p_user_id: request.userId, p_key: request.key, p_fingerprint: request.fingerprint }
  // Finishing is bookkeeping for what already happened: it runs even once the request's time
  // budget is spent (outside the request's context, whose spent budget refuses new statements),
  // so that a write finished late is still answered to its retries.
  const finish = (extra: { p_status?: number; p_body?: unknown } = {}) =>
    requestContext.exit(() => runtime.db.rpc('api_idempotency_finish', { ...args, ...extra }))
  const begun = await runtime.db.rpc<Begun>('api_idempotency_begin', args)
  if (begun.state === 'done') return { status: begun.status, body: begun.body }
  let reply: Reply
  try {
    reply = await run()
  } catch (error) {
    // Nothing to keep: let the key go so that a retry runs again. If even that fails the key
    // stays running and is taken over after its 5-minute lease.
    await finish().catch((failure: unknown) => logFailure('release', failure))
    throw error
  }
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
