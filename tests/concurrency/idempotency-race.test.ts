import { describe, expect, it } from 'vitest'
import { newIdempotencyKey } from '../../src/shared/idempotency'
import { RewardsResponse } from '../../src/shared/rewards'
import { usePostgresApi } from '../support/api'
import { grantPoints } from '../support/quiz'

// PGlite has one connection and cannot race; this runs on a real PostgreSQL server, with the
// production limits (RATE_LIMIT_SCALE=1).
const app = usePostgresApi({ env: { RATE_LIMIT_SCALE: '1' } })

const count = async (sql: string, params: unknown[]) => (await app.api.sql.query<{ n: number }>(sql, params))[0].n

/** Every answer is the one success, or a 409 request_in_progress for a copy that met it running. */
function expectOneAnswer(responses: { status: number; body: any }[]) {
  const successes = responses.filter((r) => r.status === 201)
  expect(successes.length).toBeGreaterThanOrEqual(1)
  for (const success of successes) expect(success.body).toEqual(successes[0].body)
  for (const other of responses.filter((r) => r.status !== 201)) {
    expect({ status: other.status, code: other.body?.error?.code }).toEqual({ status: 409, code: 'request_in_progress' })
  }
  return successes[0]
}

describe('20 concurrent copies of one POST with the same Idempotency-Key', { timeout: 120_000 }, () => {
  it('start one quiz attempt; every copy answers it or request_in_progress', async () => {
    expect(app.api.runtime.db.kind).toBe('postgres')
    const { token, user } = await app.api.login('同键答题')
    const key = newIdempotencyKey()
    const start = () => app.api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'practice' }, headers: { 'idempotency-key': key } })
    const first = expectOneAnswer(await Promise.all(Array.from({ length: 20 }, start)))
    expect(await count('select count(*)::int as n from quiz_attempts where user_id = $1', [user.id])).toBe(1)
    // Once it has finished, a late retry gets the same answer.
    expect(await start()).toMatchObject({ status: 201, body: first.body })
  })

  it('redeem a prize once and take its points once', async () => {
    const { token, user } = await app.api.login('同键兑奖')
    const { items } = RewardsResponse.parse((await app.api.call('GET', '/api/rewards')).body)
    const reward = items.find((r) => r.stock >= 2)!
    await grantPoints(app.api.sql, user.id, reward.cost * 5)
    const key = newIdempotencyKey()
    const redeem = () => app.api.call('POST', `/api/rewards/${reward.id}/redeem`, { token, headers: { 'idempotency-key': key } })
    expectOneAnswer(await Promise.all(Array.from({ length: 20 }, redeem)))
    expect(await count('select count(*)::int as n from reward_redemptions where user_id = $1', [user.id])).toBe(1)
    const points = await app.api.call('GET', '/api/points', { token })
    expect(points.body.balance).toBe(reward.cost * 4)
  })

  it('with 20 different keys make 20 attempts (keys do not hold each other up)', async () => {
    const { token, user } = await app.api.login('异键答题')
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'practice' }, headers: { 'idempotency-key': newIdempotencyKey() } }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201))
    expect(await count('select count(*)::int as n from quiz_attempts where user_id = $1', [user.id])).toBe(20)
  })
})

describe('100 concurrent writes from one resident against a limit of 60 a minute', { timeout: 120_000 }, () => {
  it('let exactly 60 through and refuse 40 with 429', async () => {
    const { token, user } = await app.api.login('限速并发')
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.api.call('PATCH', '/api/me', { token, body: { nickname: `并发${i}` } })),
    )
    // Unless the minute turned during the burst, which would let up to twice the limit through.
    const ok = responses.filter((r) => r.status === 200).length
    const refused = responses.filter((r) => r.status === 429).length
    expect(ok + refused).toBe(100)
    const hits = await app.api.sql.query<{ hits: number }>(`select hits from rate_limit_hits where bucket = $1 order by window_start`, [
      `user:${user.id}:PATCH /api/me`,
    ])
    const counted = hits.reduce((sum, row) => sum + row.hits, 0)
    // When the minute turns during the burst, the first window's row expires and a later request's
    // cleanup may delete it: then only the second window's hits remain.
    if (ok > 60) expect(counted).toBeLessThanOrEqual(ok)
    else expect(counted).toBe(ok)
    expect(hits.every((row) => row.hits <= 60)).toBe(true)
    if (hits.length === 1) expect([ok, refused]).toEqual([60, 40])
    for (const r of responses.filter((r) => r.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })
})
