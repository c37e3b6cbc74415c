import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attempt, Leaderboard } from '../../src/shared/quiz'
import { startApi, type TestApi } from '../support/api'
import { answersFor as answersIn } from '../support/quiz'

// A database of its own, so that only these tests' residents are on the boards.
let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const answersFor = (attempt: Attempt, correct = true) => answersIn(api.sql, attempt, correct)

const start = (token: string, mode?: 'scored' | 'practice') =>
  api.call('POST', '/api/quiz/attempts', { token, ...(mode ? { body: { mode } } : {}) })

describe('leaderboards', () => {
  it('rank users by quiz points this week and all time, show nicknames only, and give my own rank', async () => {
    const top = await api.login('榜首')
    const attempt = Attempt.parse((await start(top.token)).body)
    await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token: top.token, body: { answers: await answersFor(attempt) } })
    for (const period of ['week', 'all']) {
      const response = await api.call('GET', `/api/quiz/leaderboard?scope=user&period=${period}`, { token: top.token })
      expect(response.status).toBe(200)
      const board = Leaderboard.parse(response.body)
      expect(board.items[0]).toEqual({ rank: 1, name: '榜首', score: 10 })
      expect(board.mine).toEqual({ rank: 1, score: 10 })
      const scores = board.items.map((i) => i.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
    }
    const anonymous = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard')).body)
    expect(anonymous.mine).toBeNull()
    expect(JSON.stringify(anonymous)).not.toMatch(/dev:|openid/)
  })

  it('shows my rank even when I am outside the top of the list', async () => {
    const low = await api.login('榜尾')
    const attempt = Attempt.parse((await start(low.token)).body)
    const answers = await answersFor(attempt)
    await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token: low.token, body: { answers: answers.slice(0, 1) } })
    const board = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=user&period=all&limit=1', { token: low.token })).body)
    expect(board.items).toHaveLength(1)
    expect(board.mine).not.toBeNull()
    expect(board.mine!.rank).toBeGreaterThan(1)
    expect(board.mine!.score).toBe(2)
  })

  it('ranks communities by the points their residents earned', async () => {
    const { token } = await api.login('社区答题')
    const communities = (await api.call('GET', '/api/communities')).body.items
    await api.call('PATCH', '/api/me', { token, body: { communityId: communities[5].id } })
    const attempt = Attempt.parse((await start(token)).body)
    await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers: await answersFor(attempt) } })
    const board = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=community&period=week', { token })).body)
    expect(board.items).toContainEqual({ rank: 1, name: communities[5].name, score: 10 })
    expect(board.mine).toEqual({ rank: 1, score: 10 })
  })

  it.each(['scope=class', 'period=year', 'limit=0'])('refuses ?%s with 400', async (query) => {
    expect((await api.call('GET', `/api/quiz/leaderboard?${query}`)).status).toBe(400)
  })
})
