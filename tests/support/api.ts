// Starts the real API over HTTP on a real database (PGlite in memory, or the PostgreSQL server at
// `databaseUrl`) and offers small helpers to call it as the mini-program does. `sql` reaches the
// same database directly, for arranging data and checking what was written.
import { readFileSync } from 'node:fs'
import { loadEnv } from '../../api/_lib/env'
import { migrate } from '../../api/_lib/db/migrate'
import { openPglite } from '../../api/_lib/db/pglite'
import { openPostgres } from '../../api/_lib/db/postgres'
import { createSqlDb } from '../../api/_lib/db/sql-db'
import type { SqlClient } from '../../api/_lib/db/types'
import { startLocalServer } from '../../api/_lib/local-server'
import { createRuntime, statementTimeoutMs, type Runtime } from '../../api/_lib/runtime'
import { freshDatabaseOn, type Cluster } from '../../scripts/lib/pg-cluster'
import { afterAll, beforeAll, inject } from 'vitest'

export interface TestApi {
  url: string
  runtime: Runtime
  sql: SqlClient
  call(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>
  login(name: string): Promise<{ token: string; user: any }>
  close(): Promise<void>
}

export async function startApi(
  options: { env?: Record<string, string>; databaseUrl?: string; staticDir?: string; statsJobEveryMs?: number } = {},
): Promise<TestApi> {
  const env = loadEnv({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...options.env })
  const sql = options.databaseUrl
    ? openPostgres(options.databaseUrl, { max: 20, statementTimeoutMs: statementTimeoutMs(env) })
    : await openPglite(undefined, { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) })
  // On a copy of the run's migrated and seeded database (setup-database.ts, setup-tools.ts) nothing is
  // left to do; a server of the test's own is migrated here.
  await migrate(sql, { seed: true })
  const runtime = await createRuntime(env, createSqlDb(options.databaseUrl ? 'postgres' : 'pglite', sql))
  // By default no timer for the statistics job: tests run it themselves, or read the dashboard, which runs it first.
  const server = await startLocalServer({ runtime, staticDir: options.staticDir, statsJobEveryMs: options.statsJobEveryMs ?? null })
  const call: TestApi['call'] = async (method, path, request = {}) => {
    const headers: Record<string, string> = { ...request.headers }
    if (request.token) headers.authorization = `Bearer ${request.token}`
    let body: string | undefined = request.raw
    if (request.body !== undefined) {
      body = JSON.stringify(request.body)
      headers['content-type'] = 'application/json'
    } else if (request.raw !== undefined) {
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body })
    const isJson = response.headers.get('content-type')?.includes('application/json')
    const text = isJson ? await response.text() : null
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
  }
  return {
    url: server.url,
    runtime,
    sql,
    call,
    async login(name) {
      const { status, body } = await call('POST', '/api/auth/login', { body: { code: `dev:${name}` } })
      if (status !== 200) throw new Error(`login ${name} failed: ${status} ${JSON.stringify(body)}`)
      return body
    },
    async close() {
      await server.close()
      await runtime.db.close()
    },
  }
}

/**
 * The API on a database of its own on the run's PostgreSQL server (a copy of its migrated one:
 * tests/support/setup-tools.ts), for races PGlite (one connection) cannot show. The races stand
 * hundreds of residents on 127.0.0.1, who would come from as many addresses: the rate limits are
 * raised a hundredfold unless `env` says otherwise.
 */
export function usePostgresApi(options: { env?: Record<string, string> } = {}) {
  const app = {} as { api: TestApi; cluster: Cluster }
  beforeAll(async () => {
    const { adminUrl, template } = inject('postgres')
    app.cluster = await freshDatabaseOn(adminUrl, template)
    app.api = await startApi({ databaseUrl: app.cluster.url, env: { RATE_LIMIT_SCALE: '100', ...options.env } })
  })
  afterAll(async () => {
    await app.api?.close()
    await app.cluster?.stop()
  })
  return app
}

/** The one value a query answers (its first row's first column), as text: an id, a slug, a code. */
export async function valueOf(api: TestApi, sql: string): Promise<string> {
  return String(Object.values((await api.sql.query<Record<string, unknown>>(sql))[0])[0])
}
