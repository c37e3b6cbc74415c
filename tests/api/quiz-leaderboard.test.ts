import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attempt, Leaderboard } from '../../src/shared/quiz'
import { startApi, type TestApi } from '../support/api'
import { answersFor as answersIn } from '../support/quiz'
import { runStatsJob } from '../support/stats'

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

  it('ranks no student under 14 before a guardian consents, nor counts them in anyone\'s rank', async () => {
    const [{ join_code: joinCode }] = await api.sql.query<{ join_code: string }>('select join_code from school_classes limit 1')
    const child = await api.login('小童未同意')
    expect((await api.call('POST', '/api/families/student', { token: child.token, body: { joinCode, under14: true } })).status).toBe(201)
    const quiz = async (token: string) => {
      const attempt = Attempt.parse((await start(token)).body)
      await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers: await answersFor(attempt) } })
    }
    await quiz(child.token)
    await quiz(child.token)
    const adult = await api.login('同分邻居')
    await quiz(adult.token)
    const boards = async (token: string) => {
      const out = []
      for (const period of ['week', 'all']) {
        out.push(Leaderboard.parse((await api.call('GET', `/api/quiz/leaderboard?scope=user&period=${period}&limit=100`, { token })).body))
      }
      return out
    }
    for (const board of await boards(adult.token)) {
      expect(JSON.stringify(board)).not.toContain('小童未同意')
      // The child scored 20, the neighbour 10: the neighbour's rank does not count the child.
      const above = board.items.filter((item) => item.score > 10).length
      expect(board.mine).toEqual({ rank: above + 1, score: 10 })
    }
    // The child sees their own score; after a guardian consents, everyone sees them.
    for (const board of await boards(child.token)) expect(board.mine?.score).toBe(20)
    const card = (await api.call('GET', '/api/families/me', { token: child.token })).body
    const parent = await api.login('小童的家长')
    expect((await api.call('POST', '/api/families/join', { token: parent.token, body: { code: card.inviteCode } })).status).toBe(201)
    expect((await api.call('POST', '/api/families/consent', { token: parent.token })).status).toBe(200)
    for (const board of await boards(adult.token)) expect(board.items.map((item) => item.name)).toContain('小童未同意')
  })

  it('ranks communities by the points their residents earned', async () => {
    const { token } = await api.login('社区答题')
    const communities = (await api.call('GET', '/api/communities')).body.items
    await api.call('PATCH', '/api/me', { token, body: { communityId: communities[5].id } })
    const attempt = Attempt.parse((await start(token)).body)
    await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers: await answersFor(attempt) } })
    const ahead = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=community&period=week', { token })).body)
    expect(ahead.items.map((item) => item.name)).not.toContain(communities[5].name)
    // A community's points are added up by the statistics job, at most a minute after the quiz.
    await runStatsJob(api)
    const board = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=community&period=week', { token })).body)
    expect(board.items).toContainEqual({ rank: 1, name: communities[5].name, score: 10 })
    expect(board.mine).toEqual({ rank: 1, score: 10 })
  })

  it.each(['scope=class', 'period=year', 'limit=0'])('refuses ?%s with 400', async (query) => {
    expect((await api.call('GET', `/api/quiz/leaderboard?${query}`)).status).toBe(400)
  })
})
