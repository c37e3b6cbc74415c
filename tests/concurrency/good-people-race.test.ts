import { describe, expect, it } from 'vitest'
import { usePostgresApi } from '../support/api'
import { approvedNomination, openRound } from '../support/good-people'

const app = usePostgresApi()

const votes = (nominationId: string) =>
  app.api.sql.query<{ vote_count: number; rows: number }>(
    `select n.vote_count, (select count(*)::int from nomination_votes v where v.nomination_id = n.id) as rows
     from nominations n where n.id = $1`,
    [nominationId],
  )

describe('200 racing votes', { timeout: 120_000 }, () => {
  it('on one hot story from 200 residents: every vote counted exactly once', async () => {
    const organizer = (await app.api.login('organizer')).token
    const round = await openRound(app.api, organizer)
    const hot = await approvedNomination(app.api, organizer, (await app.api.login('热门推荐人')).token, round.id)
    const residents = await Promise.all(Array.from({ length: 200 }, (_, i) => app.api.login(`点赞居民${i}`)))
    const responses = await Promise.all(
      residents.map(({ token }) => app.api.call('POST', `/api/nominations/${hot.id}/votes`, { token })),
    )
    expect(responses.filter((r) => r.status !== 201)).toEqual([])
    // Each answer saw its own increment: the counts are 1..200, each once.
    expect(responses.map((r) => r.body.votes).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
    expect(await votes(hot.id)).toEqual([{ vote_count: 200, rows: 200 }])
  })

  it('from one resident across 40 stories: never beyond the daily cap, and never twice on one story', async () => {
    const organizer = (await app.api.login('organizer')).token
    const round = await openRound(app.api, organizer, { dailyVoteCap: 5, roundVoteCap: 8 })
    const stories = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => approvedNomination(app.api, organizer, (await app.api.login(`推荐人${i}`)).token, round.id)),
    )
    const { token, user } = await app.api.login('刷票的人')
    // Five tries at each story, all at once.
    const responses = await Promise.all(
      stories.flatMap((story) => Array.from({ length: 5 }, () => app.api.call('POST', `/api/nominations/${story.id}/votes`, { token }))),
    )
    expect(responses).toHaveLength(200)
    expect(responses.filter((r) => r.status === 201)).toHaveLength(5)
    // A second try at a story is already_voted only if it comes before the cap is reached.
    const refusals = new Set(responses.filter((r) => r.status !== 201).map((r) => r.body.error.code))
    expect(refusals.has('vote_limit_reached')).toBe(true)
    expect([...refusals].every((code) => code === 'vote_limit_reached' || code === 'already_voted')).toBe(true)
    const [mine] = await app.api.sql.query<{ rows: number; stories: number; counted: number }>(
      `select count(*)::int as rows, count(distinct nomination_id)::int as stories,
              (select sum(vote_count)::int from nominations where round_id = $2) as counted
       from nomination_votes where user_id = $1`,
      [user.id, round.id],
    )
    expect(mine).toEqual({ rows: 5, stories: 5, counted: 5 })
  })
})
