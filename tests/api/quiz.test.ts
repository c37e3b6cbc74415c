import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attempt, QuizResult, QuizStatus } from '../../src/shared/quiz'
import { startApi, type TestApi } from '../support/api'
import { answersFor as answersIn } from '../support/quiz'

let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const answersFor = (attempt: Attempt, correct = true) => answersIn(api.sql, attempt, correct)

const start = (token: string, mode?: 'scored' | 'practice') =>
  api.call('POST', '/api/quiz/attempts', { token, ...(mode ? { body: { mode } } : {}) })

describe('the daily quiz', () => {
  it('draws questions with shuffled options and never sends an answer or explanation before submission', async () => {
    const { token } = await api.login('答题甲')
    const response = await start(token)
    expect(response.status).toBe(201)
    const attempt = Attempt.parse(response.body)
    expect(attempt.mode).toBe('scored')
    expect(attempt.questions).toHaveLength(5)
    expect(new Date(attempt.expiresAt).getTime()).toBeGreaterThan(Date.now() + 200_000)
    const text = JSON.stringify(response.body)
    for (const secret of ['answer', 'explanation', 'correct', 'article']) expect(text).not.toContain(secret)
    for (const question of attempt.questions) {
      expect(Object.keys(question).sort()).toEqual(['id', 'options', 'stem', 'type'])
      for (const option of question.options) expect(Object.keys(option).sort()).toEqual(['key', 'text'])
    }
  })

  it('scores on the server, explains every answer and credits points once', async () => {
    const { token } = await api.login('答题乙')
    const attempt = Attempt.parse((await start(token)).body)
    const answers = await answersFor(attempt)
    answers[0] = (await answersFor(attempt, false))[0] // one wrong
    const response = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers } })
    expect(response.status).toBe(200)
    const result = QuizResult.parse(response.body)
    expect(result).toMatchObject({ mode: 'scored', total: 5, correctCount: 4, score: 80, pointsAwarded: 8 })
    expect(result.review.map((r) => r.questionId)).toEqual(attempt.questions.map((q) => q.id))
    expect(result.review.map((r) => r.correct)).toEqual([false, true, true, true, true])
    for (const item of result.review) {
      expect(item.explanation.length).toBeGreaterThan(0)
      expect(item.article?.slug).toBeTruthy()
    }
    expect(QuizStatus.parse((await api.call('GET', '/api/quiz/status', { token })).body)).toMatchObject({
      attemptsToday: 1,
      balance: 8,
      streakDays: 1,
    })

    const again = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('already_submitted')
    expect((await api.call('GET', '/api/quiz/status', { token })).body.balance).toBe(8)
  })

  it('counts an unanswered or half-answered multiple choice question as wrong', async () => {
    const { token } = await api.login('答题丙')
    const attempt = Attempt.parse((await start(token)).body)
    const answers = (await answersFor(attempt)).slice(1)
    const result = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers } })
    expect(result.body).toMatchObject({ correctCount: 4, score: 80 })
    expect(result.body.review[0]).toMatchObject({ correct: false, yourKeys: [] })
  })

  it("refuses another resident's attempt with 404, as if it did not exist", async () => {
    const owner = await api.login('答题丁')
    const other = await api.login('答题戊')
    const attempt = Attempt.parse((await start(owner.token)).body)
    const response = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
      token: other.token,
      body: { answers: await answersFor(attempt) },
    })
    expect(response.status).toBe(404)
    expect((await api.call('POST', '/api/quiz/attempts/not-a-uuid/submit', { token: other.token, body: { answers: [] } })).status).toBe(404)
  })

  it('refuses a late submission with 409 attempt_expired and writes nothing', async () => {
    const { token } = await api.login('答题己')
    const attempt = Attempt.parse((await start(token)).body)
    await api.sql.query(`update quiz_attempts set expires_at = now() - interval '1 minute' where id = $1`, [attempt.attemptId])
    const response = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
      token,
      body: { answers: await answersFor(attempt) },
    })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('attempt_expired')
    const [row] = await api.sql.query<{ submitted_at: string | null }>('select submitted_at from quiz_attempts where id = $1', [attempt.attemptId])
    expect(row.submitted_at).toBeNull()
    expect((await api.call('GET', '/api/quiz/status', { token })).body.balance).toBe(0)
  })

  it('allows the daily number of scored attempts, then practice without points', async () => {
    const { token } = await api.login('答题庚')
    for (let i = 0; i < 3; i++) expect((await start(token)).status).toBe(201)
    const over = await start(token)
    expect(over.status).toBe(409)
    expect(over.body.error.code).toBe('daily_limit_reached')

    const practice = await start(token, 'practice')
    expect(practice.status).toBe(201)
    const attempt = Attempt.parse(practice.body)
    expect(attempt.mode).toBe('practice')
    const result = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
      token,
      body: { answers: await answersFor(attempt) },
    })
    expect(result.body).toMatchObject({ mode: 'practice', correctCount: 5, pointsAwarded: 0 })
    expect(result.body.review[0].explanation).toBeTruthy()
    expect((await api.call('GET', '/api/quiz/status', { token })).body).toMatchObject({ balance: 0, attemptsToday: 3 })
  })

  it("does not repeat the questions of the user's last attempts while the bank allows", async () => {
    const { token } = await api.login('答题辛')
    const seen = new Set<string>()
    for (let i = 0; i < 4; i++) {
      const attempt = Attempt.parse((await start(token, 'practice')).body)
      for (const q of attempt.questions) {
        expect(seen.has(q.id)).toBe(false)
        seen.add(q.id)
      }
    }
  })

  it('follows the settings organisers keep: questions per attempt and points per correct answer', async () => {
    await api.sql.query('update quiz_settings set questions_per_attempt = 3, points_per_correct = 5')
    try {
      const { token } = await api.login('答题壬')
      const attempt = Attempt.parse((await start(token)).body)
      expect(attempt.questions).toHaveLength(3)
      const result = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
        token,
        body: { answers: await answersFor(attempt) },
      })
      expect(result.body).toMatchObject({ total: 3, pointsAwarded: 15 })
    } finally {
      await api.sql.query('update quiz_settings set questions_per_attempt = 5, points_per_correct = 2')
    }
  })

  it.each([
    [{ answers: 'all' }],
    [{ answers: [{ questionId: 'x', keys: ['A'] }] }],
    [{ answers: [{ questionId: '00000000-0000-4000-8000-000000000000', keys: ['a'] }] }],
    [{}],
  ])('refuses a malformed submission %j with 400', async (body) => {
    const { token } = await api.login('答题癸')
    const attempt = Attempt.parse((await start(token, 'practice')).body)
    const response = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body })
    expect(response.status).toBe(400)
  })

  it('needs a login to start', async () => {
    expect((await api.call('POST', '/api/quiz/attempts')).status).toBe(401)
  })
})

describe('learn articles', () => {
  it('lists articles and shows one in full', async () => {
    const list = await api.call('GET', '/api/learn/articles')
    expect(list.status).toBe(200)
    expect(list.body.items.length).toBeGreaterThanOrEqual(15)
    const article = await api.call('GET', `/api/learn/articles/${list.body.items[0].slug}`)
    expect(article.status).toBe(200)
    expect(article.body.body.length).toBeGreaterThan(100)
  })

  it('answers 404 for an article that does not exist', async () => {
    expect((await api.call('GET', '/api/learn/articles/no-such-article')).status).toBe(404)
    expect((await api.call('GET', '/api/learn/articles/Bad%20Slug')).status).toBe(404)
  })
})

describe('daily caps per kind of participation', () => {
  it('records acts beyond the cap with 0 points', async () => {
    await api.sql.query(`update participation_kinds set daily_cap = 2 where kind = 'quiz_completed'`)
    try {
      const { token } = await api.login('封顶者')
      const awarded: number[] = []
      for (let i = 0; i < 3; i++) {
        const attempt = Attempt.parse((await start(token)).body)
        const result = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
          token,
          body: { answers: await answersFor(attempt) },
        })
        awarded.push(result.body.pointsAwarded)
      }
      expect(awarded).toEqual([10, 10, 0])
      const history = (await api.call('GET', '/api/points', { token })).body
      expect(history.balance).toBe(20)
      expect(history.items.map((i: { points: number }) => i.points)).toEqual([0, 10, 10])
    } finally {
      await api.sql.query(`update participation_kinds set daily_cap = null where kind = 'quiz_completed'`)
    }
  })
})
