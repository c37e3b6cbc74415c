import postgres from 'postgres'
import type { SqlClient } from './types'

type Sql = postgres.Sql | postgres.TransactionSql

function wrap(sql: Sql, close: () => Promise<void>): SqlClient {
  return {
    async query<R>(text: string, params: unknown[] = []) {
      // Prepared once per connection: the API sends a handful of distinct statements, many times.
      return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as R[]
    },
    async exec(text: string) {
      await sql.unsafe(text)
    },
    async transaction(fn) {
      if (!('begin' in sql)) throw new Error('nested transaction')
      return (await sql.begin((tx) => fn(wrap(tx, close)))) as never
    },
    close,
  }
}

/** A PostgreSQL server by URL (self-hosting, concurrency tests, benchmarks). */
export function openPostgres(url: string, options: { max?: number } = {}): SqlClient {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
  })
  return wrap(sql, () => sql.end({ timeout: 5 }))
}
