import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defaultWriteLimits, scaled } from '../../api/_lib/rate-limit'
import { startApi, type TestApi } from '../support/api'
import { allRoutes } from '../support/routes'

// The limits are the route table's own; RATE_LIMIT_SCALE=0.1 brings each within a few requests
// (60 a minute per user → 6, 300 per address → 30, login's 120 per address → 12). Every test uses
// addresses of its own (x-forwarded-for), since all of them come from 127.0.0.1.
const scale = 0.1
const pushToken = 'push-token-for-rate-limit-tests'
let api: TestApi
const routes = await allRoutes()
const routeFor = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)!
const enforced = (method: string, path: string, side: 'perUser' | 'perAddress') => scaled(routeFor(method, path).rateLimit![side]!, scale).limit

beforeAll(async () => {
  api = await startApi({ env: { RATE_LIMIT_SCALE: String(scale), WECHAT_PUSH_TOKEN: pushToken } })
})
afterAll(() => api.close())

const from = (address: string) => ({ 'x-forwarded-for': address })

// Windows are fixed and start on the minute: a test that fills one starts at least 5 s before its
// end, or the count would start again midway.
beforeEach(async () => {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 50))
})

async function loginFrom(name: string, address: string) {
  const { status, body } = await api.call('POST', '/api/auth/login', { body: { code: `dev:${name}` }, headers: from(address) })
  expect(status).toBe(200)
  return body as { token: string; user: { id: string } }
}

const attempts = async (userId: string) =>
  (await api.sql.query<{ n: number }>('select count(*)::int as n from quiz_attempts where user_id = $1', [userId]))[0].n

function expectRefusal(response: { status: number; body: any; headers: Headers }, scope: 'user' | 'address', windowSeconds = 60) {
  expect(response.status).toBe(429)
  expect(response.body.error).toMatchObject({ code: 'rate_limited', message: '操作太频繁了,请稍等一会儿再试。', details: { scope } })
  const retryAfter = Number(response.headers.get('retry-after'))
  expect(retryAfter).toBe(response.body.error.details.retryAfterSeconds)
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds)
}

describe('the route table', () => {
  it('limits every write unless it opts out, and no read', () => {
    const optedOut = ['POST /api/wechat/push']
    for (const route of routes) {
      const name = `${route.method} ${route.path}`
      if (route.method === 'GET' || optedOut.includes(name)) {
        expect({ name, limit: route.rateLimit }).toEqual({ name, limit: null })
        continue
      }
      expect({ name, perAddress: Boolean(route.rateLimit?.perAddress) }).toEqual({ name, perAddress: true })
      // Organisers are not limited per user on their own routes; residents are, everywhere.
      const perUser = route.auth === 'user' || route.auth === 'optional'
      expect({ name, perUser: Boolean(route.rateLimit?.perUser) }).toEqual({ name, perUser })
    }
  })

  it('holds the abusable routes tighter than the default', () => {
    const tighter: [string, string, 'perUser' | 'perAddress'][] = [
      ['POST', '/api/auth/login', 'perAddress'],
      ['POST', '/api/nominations/photos', 'perUser'],
      ['POST', '/api/nominations/photos', 'perAddress'],
      ['POST', '/api/nominations', 'perUser'],
      ['POST', '/api/nominations/:nominationId/objections', 'perUser'],
      ['POST', '/api/nominations/:nominationId/objections', 'perAddress'],
      ['POST', '/api/families/student', 'perUser'],
      ['POST', '/api/families/join', 'perUser'],
    ]
    for (const [method, path, side] of tighter) {
      const limit = routeFor(method, path).rateLimit![side]!
      const perSecond = limit.limit / limit.windowSeconds
      expect({ route: `${method} ${path}`, side, tighter: perSecond < defaultWriteLimits[side].limit / defaultWriteLimits[side].windowSeconds })
        .toEqual({ route: `${method} ${path}`, side, tighter: true })
    }
  })
})

describe('per user', () => {
  it("refuses a user beyond a route's limit with 429 and Retry-After, writes nothing for it, and leaves others alone", async () => {
    const address = '198.51.100.1'
    const limit = enforced('POST', '/api/quiz/attempts', 'perUser')
    expect(limit).toBe(6)
    const ann = await loginFrom('限速甲', address)
    const start = (token: string) => api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'practice' }, headers: from(address) })
    for (let i = 0; i < limit; i++) expect((await start(ann.token)).status).toBe(201)
    expect(await attempts(ann.user.id)).toBe(limit)

    expectRefusal(await start(ann.token), 'user')
    expectRefusal(await start(ann.token), 'user')
    expect(await attempts(ann.user.id)).toBe(limit)
    // A refusal is not even counted: the window holds exactly the requests let through.
    const [bucket] = await api.sql.query<{ hits: number }>(`select hits from rate_limit_hits where bucket = $1`, [
      `user:${ann.user.id}:POST /api/quiz/attempts`,
    ])
    expect(bucket.hits).toBe(limit)

    // Another resident on the same address, and the same resident on another route, go on.
    const ben = await loginFrom('限速乙', address)
    expect((await start(ben.token)).status).toBe(201)
    const rename = await api.call('PATCH', '/api/me', { token: ann.token, body: { nickname: '改名' }, headers: from(address) })
    expect(rename.status).toBe(200)
    // Reads are never limited.
    expect((await api.call('GET', '/api/quiz/status', { token: ann.token, headers: from(address) })).status).toBe(200)
  })

  it('refuses a keyed write beyond the limit, as the mini-program sends them, before its key is taken', async () => {
    const address = '198.51.100.9'
    const limit = enforced('POST', '/api/quiz/attempts', 'perUser')
    const cat = await loginFrom('限速带键', address)
    const start = (key: string) =>
      api.call('POST', '/api/quiz/attempts', { token: cat.token, body: { mode: 'practice' }, headers: { ...from(address), 'idempotency-key': key } })
    for (let i = 0; i < limit; i++) expect((await start(crypto.randomUUID())).status).toBe(201)
    const refusedKey = crypto.randomUUID()
    expectRefusal(await start(refusedKey), 'user')
    expectRefusal(await start(refusedKey), 'user')
    expect(await attempts(cat.user.id)).toBe(limit)
    expect(await api.sql.query('select 1 from idempotency_keys where key = $1', [refusedKey])).toEqual([])
  })

  it('lets the user in again once the window has passed', async () => {
    const address = '198.51.100.2'
    const limit = enforced('PATCH', '/api/me', 'perUser')
    const { token, user } = await loginFrom('限速丙', address)
    const rename = (nickname: string) => api.call('PATCH', '/api/me', { token, body: { nickname }, headers: from(address) })
    for (let i = 1; i <= limit; i++) expect((await rename(`名字${i}`)).status).toBe(200)
    expectRefusal(await rename('不该写入'), 'user')
    const nickname = async () => (await api.sql.query<{ nickname: string }>('select nickname from users where id = $1', [user.id]))[0].nickname
    expect(await nickname()).toBe(`名字${limit}`)

    // The window ends (moved back a minute here): counting starts again.
    await api.sql.query(`update rate_limit_hits set window_start = window_start - interval '1 minute', expires_at = expires_at - interval '1 minute' where bucket like $1`, [`user:${user.id}:%`])
    expect((await rename('新的一分钟')).status).toBe(200)
    expect(await nickname()).toBe('新的一分钟')
  })

  it('holds photos and objections to their own tighter limits', async () => {
    const address = '198.51.100.3'
    const { token } = await loginFrom('限速丁', address)
    expect(enforced('POST', '/api/nominations/:nominationId/objections', 'perUser')).toBe(1)
    const object = () =>
      api.call('POST', `/api/nominations/${crypto.randomUUID()}/objections`, { token, body: { reason: '此人事迹与实际情况不符,请核实。' }, headers: from(address) })
    expect((await object()).status).toBe(404)
    // An hour's window: Retry-After may be up to an hour.
    expectRefusal(await object(), 'user', 3600)
  })
})

describe('per address', () => {
  it('counts everyone behind one address (first x-forwarded-for entry, else x-real-ip) together', async () => {
    const limit = enforced('POST', '/api/auth/login', 'perAddress')
    expect(limit).toBe(12)
    const shared = '203.0.113.7'
    for (let i = 0; i < limit; i++) await loginFrom(`网吧${i}`, `${shared}, 10.0.0.${i}`)
    const refused = await api.call('POST', '/api/auth/login', { body: { code: 'dev:网吧新人' }, headers: from(`${shared}, 10.0.0.99`) })
    expectRefusal(refused, 'address')
    expect(await api.sql.query(`select 1 from users where openid = 'dev:网吧新人'`)).toEqual([])
    // x-real-ip names the same address when there is no x-forwarded-for.
    expectRefusal(await api.call('POST', '/api/auth/login', { body: { code: 'dev:网吧新人' }, headers: { 'x-real-ip': shared } }), 'address')
    // Another address is not affected.
    await loginFrom('网吧新人', '203.0.113.8')
  })

  it("takes an IPv6 client's /64 as one address", async () => {
    const limit = enforced('POST', '/api/auth/login', 'perAddress')
    for (let i = 0; i < limit; i++) await loginFrom(`六号${i}`, `2001:db8:aa:bb:${i.toString(16)}::1`)
    expectRefusal(await api.call('POST', '/api/auth/login', { body: { code: 'dev:六号新' }, headers: from('2001:db8:aa:bb:ffff::2') }), 'address')
    await loginFrom('六号新', '2001:db8:aa:bc::1')
  })

  it('limits a resident route per address across users', async () => {
    const address = '203.0.113.20'
    const limit = enforced('PATCH', '/api/me', 'perAddress')
    expect(limit).toBe(30)
    const perUser = enforced('PATCH', '/api/me', 'perUser')
    let sent = 0
    for (let u = 0; sent < limit; u++) {
      const { token } = await loginFrom(`同一网络${u}`, `203.0.113.${100 + u}`)
      for (let i = 0; i < perUser && sent < limit; i++, sent++) {
        expect((await api.call('PATCH', '/api/me', { token, body: { nickname: `甲${i}` }, headers: from(address) })).status).toBe(200)
      }
    }
    const { token } = await loginFrom('同一网络新人', '203.0.113.99')
    expectRefusal(await api.call('PATCH', '/api/me', { token, body: { nickname: '乙' }, headers: from(address) }), 'address')
    expect((await api.call('PATCH', '/api/me', { token, body: { nickname: '乙' }, headers: from('203.0.113.21') })).status).toBe(200)
  })
})

describe('organisers', () => {
  it('are not limited per user on organiser routes, but are on residents’ routes', async () => {
    const address = '192.0.2.50'
    const organizer = await loginFrom('organizer', address)
    const [round] = (await api.call('GET', '/api/selections', { token: organizer.token })).body.items as { id: string; title: string }[]
    const perUser = scaled(defaultWriteLimits.perUser, scale).limit
    for (let i = 0; i < perUser * 2; i++) {
      const response = await api.call('PATCH', `/api/selections/${round.id}`, { token: organizer.token, body: { title: round.title }, headers: from(address) })
      expect(response.status).toBe(200)
    }
    for (let i = 0; i < perUser; i++) {
      expect((await api.call('PATCH', '/api/me', { token: organizer.token, body: { nickname: '组织者' }, headers: from(address) })).status).toBe(200)
    }
    expectRefusal(await api.call('PATCH', '/api/me', { token: organizer.token, body: { nickname: '组织者' }, headers: from(address) }), 'user')
  })
})

describe('opting out', () => {
  it("never refuses WeChat's push for volume", async () => {
    const address = '101.226.0.1'
    const timestamp = '1700000000'
    const nonce = 'n1'
    const signature = createHash('sha1').update([pushToken, timestamp, nonce].sort().join('')).digest('hex')
    const over = scaled(defaultWriteLimits.perAddress, scale).limit + 5
    for (let i = 0; i < over; i++) {
      const response = await api.call('POST', `/api/wechat/push?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
        body: { Event: 'other' },
        headers: from(address),
      })
      expect(response.status).toBe(200)
    }
  })
})

describe('upkeep', () => {
  it('purges ended windows as calls go by', async () => {
    await api.sql.query(`insert into rate_limit_hits (bucket, window_start, expires_at, hits)
      select 'old:' || g, now() - interval '2 hours', now() - interval '1 hour', 1 from generate_series(1, 50) g`)
    // About one call in fifty purges: 600 calls leave a chance of about 1 in 180,000 that none did.
    for (let i = 0; i < 600; i++) {
      await api.sql.query(`select api_rate_limit_hit('[{"key": "address:purge-test:x", "limit": 100000, "windowSeconds": 60}]'::jsonb)`)
    }
    expect(await api.sql.query(`select 1 from rate_limit_hits where bucket like 'old:%'`)).toEqual([])
  })

  // Last in this file: it removes the limiter's function.
  it('lets writes through when the limiter itself fails (it must not take the writes down)', async () => {
    const { token } = await loginFrom('限速失灵', '192.0.2.99')
    await api.sql.exec('drop function api_rate_limit_hit(jsonb)')
    const response = await api.call('PATCH', '/api/me', { token, body: { nickname: '照常' }, headers: from('192.0.2.99') })
    expect(response.status).toBe(200)
  })
})
