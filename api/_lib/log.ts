import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger } from 'pino'

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

/** `LOG_LEVEL` when set, else quiet under tests and `info` everywhere else. */
export const defaultLogLevel = (nodeEnv: string | undefined): LogLevel => (nodeEnv === 'test' ? 'silent' : 'info')

// The request line carries ids, patterns, codes and timings only. These keys are removed anyway
// should one ever be logged by mistake: secrets and what names a person.
const neverLogged = ['authorization', 'token', 'openid', 'unionid', 'nickname', 'displayName', 'nomineeName', 'name', 'phone', 'contact', 'body', 'headers']

/**
 * JSON lines (one object per line: ISO time, level name, fields, msg) on standard output,
 * written synchronously so nothing is lost when a serverless instance is frozen after answering.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...neverLogged, ...neverLogged.map((key) => `*.${key}`)], remove: true },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  )
}

let fallback: Logger | null = null

/** For what happens outside a request or before the runtime exists (from the process environment). */
export function processLogger(): Logger {
  const wanted = process.env.LOG_LEVEL as LogLevel | undefined
  fallback ??= createLogger(wanted && logLevels.includes(wanted) ? wanted : defaultLogLevel(process.env.NODE_ENV))
  return fallback
}

/** What one request carries through its asynchronous work: its id, its logger and its time budget. */
export interface RequestContext {
  id: string
  log: Logger
  /** Aborted when the request's time budget is spent: work not yet started should not start. */
  signal: AbortSignal
}

export const requestContext = new AsyncLocalStorage<RequestContext>()

export const currentRequest = (): RequestContext | undefined => requestContext.getStore()

/** The logger of the current request (its lines carry `reqId`), or the process's. */
export const currentLog = (): Logger => currentRequest()?.log ?? processLogger()

const saneRequestId = /^[A-Za-z0-9_-]{1,64}$/

/** The caller's `X-Request-Id` when it looks like one (≤ 64 of [A-Za-z0-9_-]), else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && saneRequestId.test(header) ? header : randomUUID()
}
