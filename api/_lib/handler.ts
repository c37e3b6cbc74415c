import { timingSafeEqual } from 'node:crypto'
import type { VercelRequest, VercelResponse } from '@vercel/node'
import { match, type MatchFunction } from 'path-to-regexp'
import type * as z from 'zod/mini'
import { ApiError } from './errors'
import { processLogger, requestContext, requestIdFrom } from './log'
import { getRuntime, readyRuntime, type Runtime } from './runtime'
import { verifySession } from './session'
import type { Reply } from './reply'
import { readUpload, type UploadedFile } from './upload'
import { fingerprintOf, idempotencyKeyOf, runRequest } from './idempotency'
import { rateLimitBuckets, resolveRateLimit, type RateLimit, type ResolvedRateLimit } from './rate-limit'

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/**
 * `public`: no token looked at; `optional`: a valid token is used, none is fine; `user`: required;
 * `organizer`: required, and the user must organise somewhere (functions check the exact scope);
 * `cron`: the scheduler's `Authorization: Bearer $CRON_SECRET`.
 */
type AuthMode = 'public' | 'optional' | 'user' | 'organizer' | 'cron'

type UserFor<A extends AuthMode> = A extends 'user' | 'organizer' ? string : A extends 'optional' ? string | null : null

export interface RouteContext<Q, B, P, A extends AuthMode> {
  query: Q
  body: B
  params: P
  /** The uploaded file, on routes that declare `upload`. */
  file: UploadedFile | null
  userId: UserFor<A>
  runtime: Runtime
}

/** Where Vercel serves api/: the paths in src/shared/paths.ts are below it. */
const apiBase = '/api'

export interface Route {
  method: Method
  /** The full path-to-regexp pattern, e.g. `/api/quiz/attempts/:attemptId/submit`. */
  path: string
  auth: AuthMode
  /** The abuse limits this route is held to (api/_lib/rate-limit.ts), null when none. */
  rateLimit: ResolvedRateLimit | null
  /** The time budget of a request, when not HANDLER_TIMEOUT_MS. */
  timeoutMs?: number
  handle(req: VercelRequest, params: Record<string, string>): Promise<Reply>
}

interface RouteDefinition<QS extends z.ZodMiniType, BS extends z.ZodMiniType, PS extends z.ZodMiniType, A extends AuthMode> {
  method: Method
  /** The pattern below `/api`, from src/shared/paths.ts. */
  path: string
  auth: A
  query?: QS
  body?: BS
  /** Path parameters; one that does not parse names nothing, so it answers 404. */
  params?: PS
  /** Takes one file as multipart/form-data (field `file`) of at most this many bytes. */
  upload?: { maxBytes: number }
  /** Abuse limits; writes without one get the defaults, `false` opts out (api/_lib/rate-limit.ts). */
  rateLimit?: RateLimit | false
  /** The time budget of a request, when not HANDLER_TIMEOUT_MS. */
  timeoutMs?: number
  /**
   * The handler makes exactly one database call and builds its answer from that call's result
   * alone (nothing else read or sent): a keyed request then keeps the result in the call's own
   * transaction, and a retry builds its answer again from it (api/_lib/idempotency.ts).
   */
  oneCall?: boolean
  handle(ctx: RouteContext<z.infer<QS>, z.infer<BS>, z.infer<PS>, A>): Promise<Reply>
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ApiError('invalid_request', undefined, {
    [where]: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  })
}

function readBody(req: VercelRequest): unknown {
  try {
    return req.body
  } catch {
    // Vercel's body getter (and the local server's) throws on malformed JSON.
    throw new ApiError('invalid_request', '请求内容不是有效的 JSON。')
  }
}

const bareQuery = (query: VercelRequest['query']) =>
  Object.fromEntries(Object.entries(query ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]))

/** The request's input as the route declares it; a route without a schema takes none (undefined). */
async function readInput<QS extends z.ZodMiniType, BS extends z.ZodMiniType, PS extends z.ZodMiniType>(
  definition: { method: Method; auth: AuthMode; query?: QS; body?: BS; params?: PS; upload?: { maxBytes: number } },
  req: VercelRequest,
  params: Record<string, string>,
) {
  const parsedParams = definition.params ? definition.params.safeParse(params) : null
  if (parsedParams && !parsedParams.success) throw new ApiError('not_found')
  const query = (definition.query ? parse(definition.query, bareQuery(req.query), 'query') : undefined) as z.infer<QS>
  const body = (definition.body ? parse(definition.body, readBody(req), 'body') : undefined) as z.infer<BS>
  const file = definition.upload ? await readUpload(req, definition.upload.maxBytes) : null
  // Only a signed-in user's POST is keyed (api/_lib/idempotency.ts says why).
  const keyed = definition.method === 'POST' && (definition.auth === 'user' || definition.auth === 'organizer')
  const key = keyed ? idempotencyKeyOf(req) : null
  return { query, body, params: parsedParams?.data as z.infer<PS>, file, key }
}

/** One endpoint: validation, authentication and the call, typed end to end. */
export function route<
  QS extends z.ZodMiniType = z.ZodMiniType<undefined>,
  BS extends z.ZodMiniType = z.ZodMiniType<undefined>,
  PS extends z.ZodMiniType = z.ZodMiniType<undefined>,
  A extends AuthMode = AuthMode,
>(definition: RouteDefinition<QS, BS, PS, A>): Route {
  const { method, auth } = definition
  const path = `${apiBase}${definition.path}`
  const rateLimit = resolveRateLimit(method, auth, definition.rateLimit)
  return {
    method,
    path,
    auth,
    rateLimit,
    timeoutMs: definition.timeoutMs,
    async handle(req, params) {
      const runtime = await getRuntime()
      const header = req.headers.authorization
      let userId: string | null = null
      if ((auth === 'user' || auth === 'organizer') && !header) throw new ApiError('unauthorized')
      if (auth === 'cron') {
        const expected = Buffer.from(`Bearer ${runtime.env.CRON_SECRET ?? ''}`)
        const given = Buffer.from(header ?? '')
        if (!runtime.env.CRON_SECRET || given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new ApiError('unauthorized')
        }
      } else if (auth !== 'public' && header) {
        userId = await verifySession(runtime.env, header)
      }
      let input: { query: z.infer<QS>; body: z.infer<BS>; params: z.infer<PS>; file: UploadedFile | null; key: string | null }
      try {
        input = await readInput(definition, req, params)
      } catch (error) {
        // A resident is told 403 on an organiser's route whatever they sent (when the input is
        // good, the role is checked in the call that begins the request).
        if (auth === 'organizer' && error instanceof ApiError) await runtime.db.rpc('api_require_organizer', { p_user_id: userId })
        throw error
      }
      const { query, body, file, key } = input
      const run = (db: Runtime['db']) =>
        definition.handle({
          query,
          body,
          file,
          params: input.params,
          userId: userId as UserFor<A>,
          runtime: db === runtime.db ? runtime : { ...runtime, db },
        })
      // Counted once the request is known good, in the call that checks an organiser and begins the key.
      return runRequest(
        runtime,
        {
          route: path,
          organizer: auth === 'organizer' ? { userId } : null,
          buckets: rateLimitBuckets(runtime, { method, path, rateLimit }, req, userId),
          keyed: key && userId ? { userId, key, fingerprint: fingerprintOf(req, { query, body, file }) } : null,
          oneCall: definition.oneCall === true,
        },
        run,
      )
    },
  }
}

const localOrigin = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/

function allowLocalOrigin(req: VercelRequest, res: VercelResponse) {
  const origin = req.headers.origin
  if (process.env.NODE_ENV === 'production' || !origin || !localOrigin.test(origin)) return
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS')
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key')
  res.setHeader('Access-Control-Max-Age', '600')
  res.setHeader('Vary', 'Origin')
}

function send(res: VercelResponse, status: number, body: unknown) {
  res.status(status).json(body)
}

// A malformed %-escape in a path names nothing: not found rather than a crash.
function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new ApiError('not_found')
  }
}

/**
 * An area of the API: its paths (from src/shared/paths.ts) and its route table, a module loaded by
 * the first request to one of them, so that a cold start pays for no area's schemas and handlers.
 */
export interface Area {
  paths: Record<string, string>[]
  load(): Promise<{ routes: Route[] }>
}

type Matcher = { route: Route; matches: MatchFunction<Record<string, string>> }

/**
 * The API's function: it finds a path's area by the path's first segment (`/api/<segment>/…`),
 * then routes by path and method to the area's endpoints. Each request gets an id (the caller's
 * sane `X-Request-Id` or a fresh UUID, echoed back), a time budget (its route's `timeoutMs`, else
 * HANDLER_TIMEOUT_MS: past it the answer is 503 `unavailable` and the late result is dropped), and
 * one log line: id, method, route pattern, status, ms.
 */
export function router(areas: Area[]) {
  const areaOf = new Map(areas.flatMap((area) => area.paths.flatMap(Object.values).map((path) => [path.split('/')[1], area] as const)))
  const tables = new Map<Area, Promise<Matcher[]>>()
  const matchersOf = (area: Area) => {
    let table = tables.get(area)
    if (!table) {
      table = area.load().then(({ routes }) => routes.map((r) => ({ route: r, matches: match<Record<string, string>>(r.path, { decode: decodeSegment }) })))
      tables.set(area, table)
    }
    return table
  }
  return async (req: VercelRequest, res: VercelResponse) => {
    const started = performance.now()
    const id = requestIdFrom(req.headers['x-request-id'])
    // Before the runtime exists (a cold start), the process's logger.
    const runtime = readyRuntime()
    const log = (runtime?.log ?? processLogger()).child({ reqId: id })
    const budget = new AbortController()
    let timer: NodeJS.Timeout | undefined
    let chosen: { route: Route; params: Record<string, string> } | undefined
    let failure: unknown
    res.setHeader('X-Request-Id', id)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    allowLocalOrigin(req, res)
    try {
      if (req.method === 'OPTIONS') {
        res.status(204).end()
        return
      }
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/'
      const area = pathname.startsWith(`${apiBase}/`) ? areaOf.get(pathname.split('/')[2]) : undefined
      if (!area) throw new ApiError('not_found')
      const forPath = (await matchersOf(area)).flatMap((m) => {
        const found = m.matches(pathname)
        return found ? [{ route: m.route, params: found.params }] : []
      })
      chosen = forPath.find((m) => m.route.method === req.method)
      if (forPath.length === 0) throw new ApiError('not_found')
      if (!chosen) {
        res.setHeader('Allow', forPath.map((m) => m.route.method).join(', '))
        throw new ApiError('method_not_allowed')
      }
      const { route: found, params } = chosen
      // Before the runtime exists (a cold start), the default budget.
      const timeoutMs = found.timeoutMs ?? runtime?.env.HANDLER_TIMEOUT_MS ?? 10_000
      const work = requestContext.run({ id, log, signal: budget.signal }, () => found.handle(req, params))
      const outOfTime = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          budget.abort()
          reject(new ApiError('unavailable', undefined, undefined, `no answer within ${timeoutMs} ms`))
        }, timeoutMs)
      })
      // A result arriving after the 503 is only logged: the answer has been given.
      work.then(
        () => budget.signal.aborted && log.warn({ route: found.path, ms: elapsed(started) }, 'finished after its time budget'),
        (error: unknown) => budget.signal.aborted && log.warn({ route: found.path, ms: elapsed(started), error: String(error) }, 'failed after its time budget'),
      )
      const reply = await Promise.race([work, outOfTime])
      if ('file' in reply) {
        res.setHeader('Content-Type', reply.file.type)
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(reply.file.name)}`)
        res.status(200).send(reply.file.data)
      } else if ('text' in reply) {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8')
        res.status(200).send(reply.text)
      } else if ('stream' in reply) {
        clearTimeout(timer)
        res.setHeader('Content-Type', reply.stream.type)
        res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(reply.stream.name)}`)
        res.status(200)
        try {
          for await (const chunk of reply.stream.chunks) {
            // A client that went away stops the export (and its database calls) here.
            if (res.destroyed) break
            if (!res.write(chunk)) await drained(res)
          }
          res.end()
        } catch (error) {
          // Half a file is worse than none: once it has begun, the download breaks off (logged).
          if (res.headersSent) res.destroy()
          throw error
        }
      } else {
        send(res, reply.status ?? 200, reply.body)
      }
    } catch (error) {
      failure = error
      if (res.headersSent) return
      if (error instanceof ApiError) {
        const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
        if (error.status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter))
        send(res, error.status, error.toBody())
        return
      }
      send(res, 500, new ApiError('internal').toBody())
    } finally {
      clearTimeout(timer)
      // Ids, pattern, codes and timings only: never headers, bodies, tokens or who the user is.
      const line = { method: req.method, route: chosen?.route.path ?? null, status: res.statusCode, ms: elapsed(started) }
      if (failure instanceof ApiError && failure.status >= 500) {
        log.warn({ ...line, code: failure.code, cause: describeCause(failure.cause) }, 'request')
      } else if (failure instanceof ApiError) {
        log.info({ ...line, code: failure.code }, 'request')
      } else if (failure !== undefined) {
        const { name, message, stack } = failure instanceof Error ? failure : new Error(String(failure))
        log.error({ ...line, err: { type: name, message, stack } }, 'request')
      } else {
        log.info(line, 'request')
      }
    }
  }
}

/** Resolves once a response that refused a write can take more, or has closed. */
function drained(res: VercelResponse) {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10

/** A driver error's code and message ("57014 canceling statement due to statement timeout"). */
function describeCause(cause: unknown) {
  if (cause === undefined) return undefined
  if (!(cause instanceof Error)) return String(cause)
  const code = (cause as { code?: unknown }).code
  return code === undefined ? cause.message : `${String(code)} ${cause.message}`
}
