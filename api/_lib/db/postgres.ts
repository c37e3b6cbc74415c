import postgres from 'postgres'
import type { SqlClient } from './types'

type Sql = postgres.Sql | postgres.TransactionSql

/**
 * Runs a statement; when `signal` aborts while it still waits in the pool's queue for a
 * connection, it is dropped there and rejects with 57014 (query_canceled). A statement already
 * sent is left to the server's statement_timeout: cancelling it would need a connection of its
 * own, which is exactly what may be missing when the budget runs out.
 */
async function run<R>(pending: postgres.PendingQuery<postgres.Row[]>, signal: AbortSignal | undefined) {
  if (!signal) return (await pending) as unknown as R[]
  const dropIfUnsent = () => {
    // `state` is null until the pool hands the query to a connection (postgres 3.4).
    if ((pending as unknown as { state?: unknown }).state === null) pending.cancel()
  }
  signal.addEventListener('abort', dropIfUnsent, { once: true })
  try {
    return (await pending) as unknown as R[]
  } finally {
    signal.removeEventListener('abort', dropIfUnsent)
  }
}

function wrap(sql: Sql, close: () => Promise<void>, succeeded: () => void): SqlClient {
  return {
    async query<R>(text: string, params: unknown[] = [], options: { signal?: AbortSignal } = {}) {
      // Prepared once per connection: the API sends a handful of distinct statements, many times.
      const rows = await run<R>(sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }), options.signal)
      succeeded()
      return rows
    },
    async exec(text: string) {
      await sql.unsafe(text)
    },
    async transaction(fn) {
      if (!('begin' in sql)) throw new Error('nested transaction')
      return (await sql.begin((tx) => fn(wrap(tx, close, succeeded)))) as never
    },
    close,
  }
}

/**
 * A PostgreSQL server by URL (self-hosting, concurrency tests, benchmarks). Every statement is
 * cut off by the server after `statementTimeoutMs` (0: never), which the API maps to 503. A
 * connection lost to a restart or a network failure fails the statements on it (503 too) and is
 * opened again by the next statement: at most about a second after an outage, however long
 * it lasted (the driver's own backoff grows to 20 s).
 */
export function openPostgres(url: string, options: { max?: number; statementTimeoutMs?: number } = {}): SqlClient {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    backoff: (attempt) => Math.min(0.05 * 2 ** attempt, 1),
    connection: { statement_timeout: options.statementTimeoutMs ?? 8000 },
  })
  // postgres.js fetches the array types on each connect and drops that query's promise: a connection
  // lost during it (a database restart) rejects it unhandled, which ends the process
  // (porsager/postgres#1192, open). The types are the same on every connection and shared by all, so
  // once a statement has succeeded (its connection has fetched them), later connects skip the fetch.
  const typesFetched = () => {
    sql.options.fetch_types = false
  }
  return wrap(sql, () => sql.end({ timeout: 5 }), typesFetched)
}
