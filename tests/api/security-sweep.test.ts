import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApi, type TestApi } from '../support/api'
import { allRoutes } from '../support/routes'

// Generated from the routers' own tables, so every route added later is covered without editing
// this file: each refusal answers the right 4xx in the error shape, never a 500, and writes nothing.
let api: TestApi
const routes = await allRoutes()
let resident: string
let organizer: string

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

// Every route that names a resource, called by one resident with the ids of another's: never
// another's data in the answer, never a change to another's rows, and the victim's own things
// (their quiz attempt, their ticket, a child's data) answer 404.
describe("another resident's ids", () => {
  const victim = { nickname: '受害居民', contact: '13811112222', ids: {} as Record<string, string>, ticket: '' }
  let attacker: string
  beforeAll(async () => {
    const { token, user } = await api.login(victim.nickname)
    attacker = (await api.login('好奇的邻居')).token
    await api.call('POST', '/api/pledge', { token, body: { displayName: '受害人' } })
    const attempt = await api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'scored' } })
    const [activity] = await api.sql.query<{ id: string }>(`select id from activities order by starts_at limit 1`)
    await api.call('POST', `/api/activities/${activity.id}/signup`, { token, body: { seats: 1 } })
    const [round] = await api.sql.query<{ id: string }>(`select id from selection_rounds where status = 'open' limit 1`)
    const nomination = await api.call('POST', '/api/nominations', {
      token,
      body: { roundId: round.id, categoryId: '助人为乐', nomineeName: '待审核的人', story: '这是一条还没有审核的推荐,只有推荐人和组织者能看到。', contact: victim.contact },
    })
    victim.ids = { attemptId: attempt.body.attemptId, activityId: activity.id, nominationId: nomination.body.id, childId: user.id, roundId: round.id }
    victim.ticket = (await api.call('GET', `/api/activities/${activity.id}/ticket`, { token })).body.ticket
    expect(victim.ids).toEqual({ attemptId: expect.any(String), activityId: expect.any(String), nominationId: expect.any(String), childId: expect.any(String), roundId: expect.any(String) })
  })

  /** Everything the victim owns, as stored: it must not move when someone else calls. */
  const victimRows = () =>
    api.sql.query(
      `select (select jsonb_agg(to_jsonb(u)) from users u where u.nickname = $1) as users,
              (select jsonb_agg(to_jsonb(s) order by s.id) from activity_signups s join users u on u.id = s.user_id where u.nickname = $1) as signups,
              (select jsonb_agg(to_jsonb(a) order by a.id) from quiz_attempts a join users u on u.id = a.user_id where u.nickname = $1) as attempts,
              (select jsonb_agg(to_jsonb(n) order by n.id) from nominations n join users u on u.id = n.nominator_id where u.nickname = $1) as nominations,
              (select jsonb_agg(to_jsonb(p) order by p.number) from pledge_signatures p join users u on u.id = p.user_id where u.nickname = $1) as pledge`,
      [victim.nickname],
    )
  const bodies: Record<string, unknown> = {
    '/api/quiz/attempts/:attemptId/submit': { answers: [] },
    '/api/activities/:activityId/signup': { seats: 1 },
    '/api/nominations/:nominationId/objections': { reason: '这是一条用来检查权限的意见内容。' },
  }
  const owned = new Set(['attemptId', 'childId'])
  const named = routes.filter((r) => /:\w+/.test(r.path) && (r.auth === 'user' || r.auth === 'optional'))

  it.each(named.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_, route) => {
    const before = await victimRows()
    const path = route.path.replace(/:(\w+)/g, (_match, name: string) => victim.ids[name] || randomUUID())
    const response = await api.call(route.method, path, { token: attacker, ...(bodies[route.path] ? { body: bodies[route.path] } : {}) })
    expect(response.status).toBeLessThan(500)
    const text = JSON.stringify(response.body ?? '')
    for (const secret of [victim.nickname, victim.contact, victim.ticket, `dev:${victim.nickname}`, '待审核的人', '受害人']) {
      expect(text).not.toContain(secret)
    }
    if ([...route.path.matchAll(/:(\w+)/g)].some(([, name]) => owned.has(name)) || route.path.endsWith('/ticket')) {
      expect(response.status).toBe(404)
    }
    expect(await victimRows()).toEqual(before)
  })
})
