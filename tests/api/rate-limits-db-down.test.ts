import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadEnv } from '../../api/_lib/env'
import { openPostgres } from '../../api/_lib/db/postgres'
import { createSqlDb } from '../../api/_lib/db/sql-db'
import { startLocalServer } from '../../api/_lib/local-server'
import { createRuntime } from '../../api/_lib/runtime'
import { signSession } from '../../api/_lib/session'

// The API on a PostgreSQL address where nothing listens: the rate limiter's call is the first to
// reach the database on a write, and a database that cannot be reached answers 503, never 500.
let server: { url: string; close(): Promise<void> }
let token: string
let close: () => Promise<void>

beforeAll(async () => {
  const env = loadEnv({ NODE_ENV: 'test', DATA_DIR: 'memory://' })
  const runtime = await createRuntime(env, createSqlDb('postgres', openPostgres('postgres://nobody@127.0.0.1:1/none', { max: 1 })))
  server = await startLocalServer({ runtime })
  token = (await signSession(env, crypto.randomUUID())).token
  close = async () => {
    await server.close()
    await runtime.db.close()
  }
})
afterAll(() => close())

it('answers a write 503 unavailable when the database cannot be reached', async () => {
  const response = await fetch(`${server.url}/api/me`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ nickname: '断线' }),
  })
  expect(response.status).toBe(503)
  expect((await response.json()).error.code).toBe('unavailable')
})

it('answers a keyed POST 503 as well (the key is never begun)', async () => {
  const response = await fetch(`${server.url}/api/quiz/attempts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ mode: 'practice' }),
  })
  expect(response.status).toBe(503)
})
