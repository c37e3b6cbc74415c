import { describe, expect, it } from 'vitest'
import { usePostgresApi } from '../support/api'
import { grantPoints } from '../support/quiz'

// Races that PGlite (one connection) cannot show: on a real PostgreSQL server.
const app = usePostgresApi()

const earn = (userId: string, points: number) => grantPoints(app.api.sql, userId, points)

describe('racing redemptions', { timeout: 120_000 }, () => {
  it('100 users redeeming a reward with stock 10 at once → exactly 10 redeemed, stock 0', async () => {
    const [reward] = await app.api.sql.query<{ id: string }>(
      `insert into rewards (name, cost, stock) values ('限量纪念章', 10, 10) returning id`,
    )
    const users = await Promise.all(Array.from({ length: 100 }, (_, i) => app.api.login(`抢兑${i}`)))
    for (const { user } of users) await earn(user.id, 10)
    const responses = await Promise.all(users.map(({ token }) => app.api.call('POST', `/api/rewards/${reward.id}/redeem`, { token })))
    expect(responses.filter((r) => r.status === 201)).toHaveLength(10)
    expect(responses.filter((r) => r.status === 409 && r.body.error.code === 'out_of_stock')).toHaveLength(90)
    const [row] = await app.api.sql.query<{ stock: number; redeemed: number }>(
      'select stock, (select count(*)::int from reward_redemptions where reward_id = $1) as redeemed from rewards where id = $1',
      [reward.id],
    )
    expect(row).toEqual({ stock: 0, redeemed: 10 })
  })

  it('one user redeeming twice at once with points for one → one redemption, balance never negative', async () => {
    const [reward] = await app.api.sql.query<{ id: string }>(`insert into rewards (name, cost, stock) values ('双击测试', 30, 50) returning id`)
    const { token, user } = await app.api.login('双击者')
    await earn(user.id, 40)
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.api.call('POST', `/api/rewards/${reward.id}/redeem`, { token })))
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1)
    expect(responses.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(7).fill('insufficient_points'))
    expect((await app.api.call('GET', '/api/points', { token })).body.balance).toBe(10)
  })
})

describe('racing quiz submissions', { timeout: 120_000 }, () => {
  it('the same attempt submitted 10 times at once is scored once', async () => {
    const { token } = await app.api.login('连点交卷')
    const started = await app.api.call('POST', '/api/quiz/attempts', { token })
    expect(started.status).toBe(201)
    const attempt = started.body
    const answers = attempt.questions.map((q: { id: string }) => ({ questionId: q.id, keys: ['A'] }))
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => app.api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers } })),
    )
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)])
    expect(responses.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(9).fill('already_submitted'))
    const [ledger] = await app.api.sql.query<{ n: number }>(`select count(*)::int as n from participation where ref_id = $1`, [attempt.attemptId])
    expect(ledger.n).toBe(1)
  })

  it('starting many scored attempts at once stays within the daily cap', async () => {
    const { token } = await app.api.login('连点开始')
    const responses = await Promise.all(Array.from({ length: 10 }, () => app.api.call('POST', '/api/quiz/attempts', { token })))
    expect(responses.filter((r) => r.status === 201)).toHaveLength(3)
    expect(responses.filter((r) => r.status === 409 && r.body.error.code === 'daily_limit_reached')).toHaveLength(7)
  })
})
