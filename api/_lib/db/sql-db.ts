import { ApiError, domainError } from '../errors'
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

// SQLSTATE classes and driver codes that mean "the database cannot be reached right now".
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03',
])

export function mapSqlError(error: unknown): Error {
  const fields = (error ?? {}) as { code?: unknown; message?: unknown }
  const domain = domainError(fields)
  if (domain) return domain
  const code = String(fields.code ?? '')
  if (unavailableCodes.has(code) || code.startsWith('08')) return new ApiError('unavailable')
  return error instanceof Error ? error : new Error(String(error))
}

export function createSqlDb(kind: Exclude<DbKind, 'supabase'>, client: SqlClient): Db {
  return {
    kind,
    async rpc<T>(name: string, args: Record<string, unknown> = {}) {
      const { text, values } = rpcStatement(name, args)
      try {
        const rows = await client.query<{ result: T }>(text, values)
        return rows[0].result
      } catch (error) {
        throw mapSqlError(error)
      }
    },
    close: () => client.close(),
  }
}
