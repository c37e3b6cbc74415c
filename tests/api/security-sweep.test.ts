import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFunctions } from '../../api/_lib/local-server'
import { startApi, type TestApi } from '../support/api'

// Generated from the routers' own tables, so every route added later is covered without editing
// this file: each refusal answers the right 4xx in the error shape, never a 500, and writes nothing.
let api: TestApi
let resident: string
let organizer: string
const { areas } = await loadFunctions()
const routes = [...areas.values()].flatMap((area) => area.routes)

beforeAll(async () => {
  api = await startApi()
  resident = (await api.login('扫描居民')).token
  organizer = (await api.login('organizer')).token
})
afterAll(() => api.close())

const samplePath = (path: string) => path.replace(/:(\w+)/g, () => randomUUID())

/**
 * Row counts of every table: a refused request must leave all of them as they were. Except the
 * rate limiter's counters, which count every well-formed request a route receives (a route that
 * takes no body ignores the malformed one and is counted before its own call refuses it).
 */
async function snapshot() {
  const tables = await api.sql.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'rate_limit_hits'`,
  )
  const counts: Record<string, number> = {}
  for (const { name } of tables) counts[name] = (await api.sql.query<{ n: number }>(`select count(*)::int as n from "${name}"`))[0].n
  return counts
}

async function forgedTokens(userId: string) {
  const secret = new TextEncoder().encode(api.runtime.env.SESSION_SECRET)
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return {
    expired: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret),
    'alg none': `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: userId, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
    'another secret': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(48))),
  }
}

const refusal = (response: { status: number; body: any }, status: number) => {
  expect(response.status).toBe(status)
  expect(typeof response.body?.error?.code).toBe('string')
  expect(typeof response.body?.error?.message).toBe('string')
}

describe.each(routes.filter((r) => r.auth !== 'public' && r.auth !== 'optional').map((r) => [`${r.method} ${r.path}`, r] as const))(
  '%s',
  (_, route) => {
    it('refuses a missing, expired, unsigned or foreign token with 401 and writes nothing', async () => {
      const before = await snapshot()
      refusal(await api.call(route.method, samplePath(route.path)), 401)
      const { user } = await api.login('扫描居民')
      for (const token of Object.values(await forgedTokens(user.id))) {
        refusal(await api.call(route.method, samplePath(route.path), { token }), 401)
      }
      expect(await snapshot()).toEqual(before)
    })

    if (route.auth === 'organizer') {
      it("refuses a resident's token with 403 and writes nothing", async () => {
        const before = await snapshot()
        refusal(await api.call(route.method, samplePath(route.path), { token: resident, ...(route.method === 'GET' ? {} : { body: {} }) }), 403)
        expect(await snapshot()).toEqual(before)
      })
    }

    if (route.method !== 'GET' && route.method !== 'DELETE' && route.auth !== 'cron') {
      it('answers malformed input with a 4xx, never a 500, and writes nothing', async () => {
        const before = await snapshot()
        const token = route.auth === 'organizer' ? organizer : resident
        for (const raw of ['{"broken": ', '[1, 2, 3]', '"text"']) {
          const response = await api.call(route.method, samplePath(route.path), { token, raw })
          expect(response.status).toBeGreaterThanOrEqual(400)
          expect(response.status).toBeLessThan(500)
          expect(typeof response.body?.error?.code).toBe('string')
        }
        expect(await snapshot()).toEqual(before)
      })
    }
  },
)

describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s with ids that name nothing', (_, route) => {
  it('answers with a 4xx or success, never a 500', async () => {
    const token = route.auth === 'organizer' ? organizer : resident
    const headers = route.auth === 'cron' ? { authorization: 'Bearer nope' } : undefined
    const response = await api.call(route.method, samplePath(route.path), { token: headers ? undefined : token, headers })
    expect(response.status).toBeLessThan(500)
  })
})
