import { ApiError, domainError } from '../errors'
import { currentRequest } from '../log'
import type { Db, DbKind, SqlClient } from './types'

const identifier = /^[a-z_][a-z0-9_]*$/

/** `select name(p_a => $1, …)`: names are checked identifiers, values always parameters. */
export function rpcStatement(name: string, args: Record<string, unknown>) {
  if (!identifier.test(name)) throw new Error(`invalid function name: ${name}`)
  const names: string[] = []
  const values: unknown[] = []
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue
    if (!identifier.test(key)) throw new Error(`invalid argument name: ${key}`)
    // Both drivers serialise a value by the parameter's type, so jsonb takes objects as they are.
    values.push(value)
    names.push(`${key} => $${values.length}`)
  }
  return { text: `select ${name}(${names.join(', ')}) as result`, values }
}

// Codes that mean "the database cannot answer right now": the driver's connection states, the
// socket errors of Node, SQLSTATE class 08 (connection exception), 53 (insufficient resources, e.g.
// too many connections), 57014 (statement timeout, or dropped when the request's budget ran out),
// 57P01–57P03 (shutdown, crash, starting up or shutting down).
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57014', '57P01', '57P02', '57P03',
])

export function mapSqlError(error: unknown): Error {
  const fields = (error ?? {}) as { code?: unknown; message?: unknown; syscall?: unknown }
  const domain = domainError(fields)
  if (domain) return domain
  const code = String(fields.code ?? '')
  // A Node system error (it names a syscall: connect, read, write) is the socket failing.
  if (unavailableCodes.has(code) || code.startsWith('08') || code.startsWith('53') || typeof fields.syscall === 'string') {
    return new ApiError('unavailable', undefined, undefined, error)
  }
  return error instanceof Error ? error : new Error(String(error))
}

export function createSqlDb(kind: Exclude<DbKind, 'supabase'>, client: SqlClient): Db {
  return {
    kind,
    async rpc<T>(name: string, args: Record<string, unknown> = {}) {
      const { text, values } = rpcStatement(name, args)
      // A request whose time budget is spent starts nothing new (it has answered 503 already).
      const signal = currentRequest()?.signal
      if (signal?.aborted) throw new ApiError('unavailable', undefined, undefined, 'request time budget spent')
      try {
        const rows = await client.query<{ result: T }>(text, values, { signal })
        return rows[0].result
      } catch (error) {
        throw mapSqlError(error)
      }
    },
    close: () => client.close(),
  }
}
