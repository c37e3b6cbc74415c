import { describe, expect, it } from 'vitest'
import { Attempt } from '../../src/shared/quiz'
import { Dashboard } from '../../src/shared/stats'
import { usePostgresApi } from '../support/api'
import { answersFor } from '../support/quiz'
import { queuedActs } from '../support/stats'

// The dashboard's rollups are counted from the ledger by the statistics job (api_stats_catch_up,
// also run before each dashboard read): many residents acting at once, in the same communities, must
// be counted exactly (each resident once a day), whatever the job's runs do.
const app = usePostgresApi()

describe('residents of three communities taking quizzes and signing at once', { timeout: 120_000 }, () => {
  it('leave rollups equal to a recount and to a rebuild from the tables', async () => {
    const { api } = app
    const { body: communities } = await api.call('GET', '/api/communities')
    const residents = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const { token } = await api.login(`统计并发${i}`)
        await api.call('PATCH', '/api/me', { token, body: { communityId: communities.items[i % 3].id } })
        return token
      }),
    )
    // Each resident: two quizzes and the pledge, all at once.
    const attempts = await Promise.all(
      residents.flatMap((token) => [0, 1].map(async () => ({ token, attempt: Attempt.parse((await api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'scored' } })).body) }))),
    )
    const answers = await Promise.all(attempts.map(({ attempt }, i) => answersFor(api.sql, attempt, i % 2 === 0)))
    const responses = await Promise.all([
      ...attempts.map(({ token, attempt }, i) => api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, { token, body: { answers: answers[i] } })),
      ...residents.map((token, i) => api.call('POST', '/api/pledge', { token, body: { displayName: `并发${i}` } })),
    ])
    expect(responses.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([])

    const { token: organizer } = await api.login('organizer')
    const read = async () => Dashboard.parse((await api.call('GET', '/api/stats/dashboard?scope=county&bucket=day', { token: organizer })).body)
    const live = await read()
    const recount = await api.sql.query<{ id: string; participants: number; acts: number; quiz_takers: number; quizzes: number; score: number }>(
      `select u.community_id as id, count(distinct p.user_id)::int as participants, count(*)::int as acts,
              count(distinct p.user_id) filter (where p.kind = 'quiz_completed')::int as quiz_takers,
              (select count(*)::int from quiz_attempts q join users v on v.id = q.user_id where v.community_id = u.community_id and q.submitted_at is not null) as quizzes,
              (select sum(q.score)::int from quiz_attempts q join users v on v.id = q.user_id where v.community_id = u.community_id and q.submitted_at is not null) as score
       from participation p join users u on u.id = p.user_id
       where p.kind in ('quiz_completed', 'pledge_signed') and u.community_id is not null group by 1`,
    )
    expect(recount).toHaveLength(3)
    for (const r of recount) {
      const group = live.groups.find((g) => g.id === r.id)!
      expect({ participants: group.participants, acts: group.acts, quizTakers: group.quizTakers, quizzes: group.quizzes, pledgedResidents: group.pledgedResidents })
        .toEqual({ participants: 20, acts: r.acts, quizTakers: 20, quizzes: r.quizzes, pledgedResidents: 20 })
      expect(r.participants).toBe(20)
      expect(group.averageScore).toBe(Math.round((r.score / r.quizzes) * 10) / 10)
      expect(group.awareResidents).toBe(20)
    }
    expect(live.series.at(-1)!.participants).toBe(live.totals.participants)

    await api.sql.query('select stats_rebuild()')
    const rebuilt = await read()
    expect({ ...rebuilt, generatedAt: null }).toEqual({ ...live, generatedAt: null })
  })
})

describe('the statistics job', { timeout: 120_000 }, () => {
  it('counts the same whether two runs meet or one fails midway and the next takes over', async () => {
    const { api } = app
    const { token: organizer } = await api.login('organizer')
    const read = async () => Dashboard.parse((await api.call('GET', '/api/stats/dashboard?scope=county&bucket=day', { token: organizer })).body)
    const act = async (from: number) => {
      const responses = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        const { token } = await api.login(`统计任务${from + i}`)
        return api.call('POST', '/api/pledge', { token, body: { displayName: `任务${from + i}` } })
      }))
      expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([])
    }
    await read() // counted up to here
    await act(0)
    expect(await queuedActs(api)).toBeGreaterThanOrEqual(30)
    // Two runs at once, in small batches: one waits for the other; every row is counted once.
    await Promise.all([api.sql.query('select api_stats_catch_up(7)'), api.sql.query('select api_stats_catch_up(7)')])
    expect(await queuedActs(api)).toBe(0)
    await act(30)
    // A run that fails midway (its transaction rolls back) leaves its rows queued.
    await expect(api.sql.transaction(async (tx) => {
      await tx.query('select api_stats_catch_up(5)')
      throw new Error('the job died')
    })).rejects.toThrow('the job died')
    expect(await queuedActs(api)).toBeGreaterThanOrEqual(30)
    const live = await read()
    expect(await queuedActs(api)).toBe(0)
    await api.sql.query('select stats_rebuild()')
    expect({ ...(await read()), generatedAt: null }).toEqual({ ...live, generatedAt: null })
  })
})
