import { randomUUID } from 'node:crypto'
import type { VercelRequest } from '@vercel/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { route } from '../../api/_lib/handler'
import { processLogger, requestContext } from '../../api/_lib/log'
import { newIdempotencyKey } from '../../src/shared/idempotency'
import { RewardsResponse } from '../../src/shared/rewards'
import { startApi, type TestApi } from '../support/api'
import { photoWithLocation } from '../support/good-people'
import { grantPoints } from '../support/quiz'

// A POST carrying Idempotency-Key answers its retries with the first answer and writes once.
let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const start = (token: string, key: string | undefined, mode = 'practice') =>
  api.call('POST', '/api/quiz/attempts', { token, body: { mode }, headers: key === undefined ? {} : { 'idempotency-key': key } })

const attempts = async (userId: string) =>
  (await api.sql.query<{ n: number }>('select count(*)::int as n from quiz_attempts where user_id = $1', [userId]))[0].n

describe('a retried POST', () => {
  it('answers the same status and body and writes once', async () => {
    const { token, user } = await api.login('幂等甲')
    const key = newIdempotencyKey()
    const first = await start(token, key)
    expect(first.status).toBe(201)
    const again = await start(token, key)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(await attempts(user.id)).toBe(1)
    // Without a key (or with another) every call is its own.
    expect((await start(token, undefined)).body.attemptId).not.toBe(first.body.attemptId)
    expect((await start(token, newIdempotencyKey())).body.attemptId).not.toBe(first.body.attemptId)
    expect(await attempts(user.id)).toBe(3)
  })

  it('replays a success that a retry without the key would refuse', async () => {
    const { token } = await api.login('幂等签名')
    const key = randomUUID()
    const sign = (headers: Record<string, string>) => api.call('POST', '/api/pledge', { token, body: { displayName: '幂等签名' }, headers })
    const first = await sign({ 'idempotency-key': key })
    expect(first.status).toBe(201)
    // The pledge itself answers a second signature with 200; the retry gets the first answer.
    expect(await sign({ 'idempotency-key': key })).toMatchObject({ status: 201, body: first.body })
    expect((await sign({})).status).toBe(200)
  })

  it('refuses the same key for another request: another body, or another path', async () => {
    const { token, user } = await api.login('幂等乙')
    const key = newIdempotencyKey()
    expect((await start(token, key, 'practice')).status).toBe(201)
    const otherBody = await start(token, key, 'scored')
    expect(otherBody.status).toBe(409)
    expect(otherBody.body.error).toMatchObject({ code: 'idempotency_key_reused', message: '这次提交和之前的不一样,请返回页面重新操作。' })
    const otherPath = await api.call('POST', '/api/pledge', { token, body: { displayName: '乙' }, headers: { 'idempotency-key': key } })
    expect(otherPath.body.error.code).toBe('idempotency_key_reused')
    expect(await attempts(user.id)).toBe(1)
    expect(await api.sql.query('select 1 from pledge_signatures where user_id = $1', [user.id])).toEqual([])
  })

  it("keeps each user's keys apart", async () => {
    const ann = await api.login('幂等丙')
    const ben = await api.login('幂等丁')
    const key = newIdempotencyKey()
    const mine = await start(ann.token, key)
    const theirs = await start(ben.token, key)
    expect(theirs.status).toBe(201)
    expect(theirs.body.attemptId).not.toBe(mine.body.attemptId)
    expect([await attempts(ann.user.id), await attempts(ben.user.id)]).toEqual([1, 1])
  })

  it('forgets a key after 24 hours', async () => {
    const { token, user } = await api.login('幂等戊')
    const key = newIdempotencyKey()
    const first = await start(token, key)
    await api.sql.query(`update idempotency_keys set created_at = now() - interval '24 hours 1 minute' where user_id = $1 and key = $2`, [user.id, key])
    const later = await start(token, key)
    expect(later.status).toBe(201)
    expect(later.body.attemptId).not.toBe(first.body.attemptId)
    expect(await attempts(user.id)).toBe(2)
    // ... and answers that new run to its own retries.
    expect((await start(token, key)).body).toEqual(later.body)
  })

  it('does not keep a refusal: the retry runs again and can succeed', async () => {
    const { token, user } = await api.login('幂等己')
    const { items } = RewardsResponse.parse((await api.call('GET', '/api/rewards')).body)
    const reward = items.find((r) => r.stock > 0)!
    const key = newIdempotencyKey()
    const redeem = () => api.call('POST', `/api/rewards/${reward.id}/redeem`, { token, headers: { 'idempotency-key': key } })
    const refused = await redeem()
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('insufficient_points')
    expect(await api.sql.query('select 1 from idempotency_keys where user_id = $1', [user.id])).toEqual([])

    await grantPoints(api.sql, user.id, reward.cost)
    const redeemed = await redeem()
    expect(redeemed.status).toBe(201)
    expect(await redeem()).toMatchObject({ status: 201, body: redeemed.body })
    const [{ n }] = await api.sql.query<{ n: number }>('select count(*)::int as n from reward_redemptions where user_id = $1', [user.id])
    expect(n).toBe(1)
  })

  it('answers 409 request_in_progress while the first is running, and takes over a key abandoned for 5 minutes', async () => {
    const { token, user } = await api.login('幂等庚')
    const key = newIdempotencyKey()
    await start(token, key)
    // As if the first were still running (or its process had died before finishing).
    await api.sql.query(`update idempotency_keys set state = 'running', status = null, body = null, result = null where user_id = $1 and key = $2`, [user.id, key])
    const busy = await start(token, key)
    expect(busy.status).toBe(409)
    expect(busy.body.error).toMatchObject({ code: 'request_in_progress', message: '刚才的提交还在处理中,请稍等几秒再看结果。' })
    expect(await attempts(user.id)).toBe(1)

    await api.sql.query(`update idempotency_keys set updated_at = now() - interval '6 minutes' where user_id = $1 and key = $2`, [user.id, key])
    expect((await start(token, key)).status).toBe(201)
    expect(await attempts(user.id)).toBe(2)
  })

  it('makes an upload idempotent by the file it carries', async () => {
    const { token, user } = await api.login('幂等辛')
    const key = newIdempotencyKey()
    const upload = async (data: Buffer) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), 'photo.jpg')
      const response = await fetch(`${api.url}/api/nominations/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: form,
      })
      return { status: response.status, body: await response.json() }
    }
    const photo = await photoWithLocation()
    const first = await upload(photo)
    expect(first.status).toBe(201)
    // A retry frames the file anew (another multipart boundary): still the same request.
    expect(await upload(photo)).toEqual(first)
    expect((await upload(await photoWithLocation(640, 480))).body.error.code).toBe('idempotency_key_reused')
    const [{ n }] = await api.sql.query<{ n: number }>('select count(*)::int as n from nomination_photos where uploader_id = $1', [user.id])
    expect(n).toBe(1)
  })
})

describe('a write that outlives its time budget', () => {
  it('still keeps its answer for the retries (the 503 was sent, the write happened)', async () => {
    const { token, user } = await api.login('幂等超时')
    const key = newIdempotencyKey()
    const budget = new AbortController()
    // A route whose write finishes just as the budget runs out: past it, the request's own
    // statements are refused, but the key's bookkeeping must still be done.
    const slow = route({
      method: 'POST',
      path: '/test/slow',
      auth: 'user',
      async handle({ userId, runtime }) {
        const attempt = await runtime.db.rpc('api_quiz_start', { p_user_id: userId, p_mode: 'practice' })
        budget.abort()
        return { status: 201, body: attempt }
      },
    })
    const req = { method: 'POST', url: '/api/test/slow', query: {}, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } }
    const reply = await requestContext.run({ id: 'test', log: processLogger(), signal: budget.signal }, () =>
      slow.handle(req as unknown as VercelRequest, {}),
    )
    const [row] = await api.sql.query<{ state: string; status: number; body: unknown }>(
      'select state, status, body from idempotency_keys where user_id = $1 and key = $2',
      [user.id, key],
    )
    expect(row).toEqual({ state: 'done', status: 201, body: (reply as { body: unknown }).body })
  })
})

describe('the Idempotency-Key header', () => {
  it.each([
    ['too short', 'abc'],
    ['spaces', 'not a valid key at all'],
    ['too long', 'x'.repeat(101)],
    ['other characters', 'key/with/slashes'],
  ])('refuses a key with %s with 400 and writes nothing', async (_, key) => {
    const { token, user } = await api.login(`幂等校验${key.length}`)
    const before = await attempts(user.id)
    const response = await start(token, key)
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
    expect(response.body.error.details).toEqual({ header: 'Idempotency-Key' })
    expect(await attempts(user.id)).toBe(before)
  })

  it('takes a UUID or 8–100 characters of letters, digits, - and _', async () => {
    const { token } = await api.login('幂等格式')
    for (const key of [randomUUID(), 'abcd_123', 'A-'.repeat(50)]) expect((await start(token, key)).status).toBe(201)
  })

  it('is ignored where a request is not keyed: reads, PATCH, and login', async () => {
    const { token } = await api.login('幂等忽略')
    const headers = { 'idempotency-key': 'bad' }
    expect((await api.call('GET', '/api/me', { token, headers })).status).toBe(200)
    expect((await api.call('PATCH', '/api/me', { token, body: { nickname: '忽略' }, headers })).status).toBe(200)
    expect((await api.call('POST', '/api/auth/login', { body: { code: 'dev:幂等忽略' }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(200)
    // A login's answer carries a session token: it is never stored.
    expect(await api.sql.query(`select 1 from idempotency_keys k join users u on u.id = k.user_id where u.openid = 'dev:幂等忽略'`)).toEqual([])
  })
})

describe('upkeep', () => {
  it('purges keys older than 24 hours as calls go by', async () => {
    const { token, user } = await api.login('幂等清理')
    await api.sql.query(`insert into idempotency_keys (user_id, key, fingerprint, state, status, body, created_at)
      select $1, 'old-key-' || g, 'f', 'done', 200, '{}', now() - interval '25 hours' from generate_series(1, 20) g`, [user.id])
    // About one begin in fifty purges: 600 leave a chance of about 1 in 180,000 that none did.
    for (let i = 0; i < 600; i++) await api.sql.query(`select api_idempotency_begin($1, $2, 'f')`, [user.id, `purge-${i}-${token.length}`])
    expect(await api.sql.query(`select 1 from idempotency_keys where key like 'old-key-%'`)).toEqual([])
  })
})
