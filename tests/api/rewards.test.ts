import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PointsHistory, RedeemResponse, RedemptionsResponse, RewardsResponse } from '../../src/shared/rewards'
import { startApi, type TestApi } from '../support/api'
import { grantPoints } from '../support/quiz'

let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const earn = (userId: string, points: number) => grantPoints(api.sql, userId, points)

const rewardNamed = async (name: string) =>
  RewardsResponse.parse((await api.call('GET', '/api/rewards')).body).items.find((r) => r.name === name)!

describe('points', () => {
  it('shows the balance and the history newest first, page by page', async () => {
    const { token, user } = await api.login('积分甲')
    for (const points of [2, 4, 6]) await earn(user.id, points)
    const first = PointsHistory.parse((await api.call('GET', '/api/points?limit=2', { token })).body)
    expect(first.balance).toBe(12)
    expect(first.items.map((i) => i.points)).toEqual([6, 4])
    expect(first.items[0]).toMatchObject({ kind: 'quiz_completed', label: '完成答题' })
    const second = PointsHistory.parse((await api.call('GET', `/api/points?limit=2&cursor=${first.nextCursor}`, { token })).body)
    expect(second.items.map((i) => i.points)).toEqual([2])
    expect(second.nextCursor).toBeNull()
  })
})

describe('rewards', () => {
  it('redeems a reward: a code, stock down by one, balance down by the cost, a QR in my redemptions', async () => {
    const { token, user } = await api.login('兑换甲')
    await earn(user.id, 50)
    const bag = await rewardNamed('文明创建环保购物袋')
    const response = await api.call('POST', `/api/rewards/${bag.id}/redeem`, { token })
    expect(response.status).toBe(201)
    const redeemed = RedeemResponse.parse(response.body)
    expect(redeemed.redemptionCode).toMatch(/^[A-Z0-9]{12}$/)
    expect(redeemed.balance).toBe(50 - bag.cost)
    expect((await rewardNamed(bag.name)).stock).toBe(bag.stock - 1)

    const mine = RedemptionsResponse.parse((await api.call('GET', '/api/rewards/redemptions', { token })).body)
    expect(mine.items).toHaveLength(1)
    expect(mine.items[0]).toMatchObject({ code: redeemed.redemptionCode, status: 'issued', reward: { name: bag.name } })
    expect(mine.items[0].qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect((await api.call('GET', '/api/points', { token })).body.items[0]).toMatchObject({ kind: 'reward_redeemed', points: -bag.cost })
  })

  it('refuses a reward the user cannot afford with 409 and changes nothing', async () => {
    const { token, user } = await api.login('兑换乙')
    await earn(user.id, 10)
    const card = await rewardNamed('公交卡充值 10 元')
    const response = await api.call('POST', `/api/rewards/${card.id}/redeem`, { token })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('insufficient_points')
    expect((await rewardNamed(card.name)).stock).toBe(card.stock)
    expect((await api.call('GET', '/api/points', { token })).body.balance).toBe(10)
  })

  it('refuses a reward that is out of stock with 409', async () => {
    const { token, user } = await api.login('兑换丙')
    await earn(user.id, 500)
    const notebook = await rewardNamed('定制笔记本')
    await api.sql.query('update rewards set stock = 0 where id = $1', [notebook.id])
    const response = await api.call('POST', `/api/rewards/${notebook.id}/redeem`, { token })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('out_of_stock')
    expect((await api.call('GET', '/api/points', { token })).body.balance).toBe(500)
  })

  it('answers 404 for a reward that does not exist', async () => {
    const { token } = await api.login('兑换丁')
    expect((await api.call('POST', '/api/rewards/00000000-0000-4000-8000-000000000000/redeem', { token })).status).toBe(404)
    expect((await api.call('POST', '/api/rewards/nope/redeem', { token })).status).toBe(404)
  })
})

describe('verifying a redemption at the prize desk', () => {
  it('lets an organiser verify a code once; residents cannot verify', async () => {
    const resident = await api.login('领奖人')
    await earn(resident.user.id, 100)
    const bag = await rewardNamed('文明创建环保购物袋')
    const { redemptionCode } = (await api.call('POST', `/api/rewards/${bag.id}/redeem`, { token: resident.token })).body

    const byResident = await api.call('POST', '/api/rewards/redemptions/verify', { token: resident.token, body: { code: redemptionCode } })
    expect(byResident.status).toBe(403)

    const organizer = await api.login('organizer')
    const verified = await api.call('POST', '/api/rewards/redemptions/verify', {
      token: organizer.token,
      body: { code: ` ${redemptionCode.toLowerCase()} ` },
    })
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ code: redemptionCode, status: 'verified', reward: { name: bag.name } })

    const twice = await api.call('POST', '/api/rewards/redemptions/verify', { token: organizer.token, body: { code: redemptionCode } })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('already_verified')
    const mine = (await api.call('GET', '/api/rewards/redemptions', { token: resident.token })).body.items[0]
    expect(mine.status).toBe('verified')
  })

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    const organizer = await api.login('organizer')
    expect((await api.call('POST', '/api/rewards/redemptions/verify', { token: organizer.token, body: { code: 'AAAAAAAAAAAA' } })).status).toBe(404)
    expect((await api.call('POST', '/api/rewards/redemptions/verify', { token: organizer.token, body: { code: 'short' } })).status).toBe(400)
  })
})
