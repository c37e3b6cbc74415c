import { describe, expect, it } from 'vitest'
import { usePostgresApi } from '../support/api'

const app = usePostgresApi()

describe('300 racing sign-ups for 50 seats', { timeout: 120_000 }, () => {
  it('confirm exactly 50, waitlist 250 in arrival order; racing cancellations promote exactly one each', async () => {
    const organizer = (await app.api.login('organizer')).token
    const start = new Date(Date.now() + 48 * 3600_000)
    const created = await app.api.call('POST', '/api/activities', {
      token: organizer,
      body: {
        title: '抢报名测试', kind: 'volunteer', location: '县体育场', capacity: 50, cancelRule: 'anytime',
        startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7200_000).toISOString(),
      },
    })
    const activityId = created.body.id
    const residents = await Promise.all(Array.from({ length: 300 }, (_, i) => app.api.login(`抢报${i}`)))
    const responses = await Promise.all(residents.map(({ token }) => app.api.call('POST', `/api/activities/${activityId}/signup`, { token })))
    expect(responses.filter((r) => r.status !== 201)).toEqual([])
    expect(responses.filter((r) => r.body.status === 'confirmed')).toHaveLength(50)
    const waitlisted = responses.filter((r) => r.body.status === 'waitlisted')
    expect(waitlisted.map((r) => r.body.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1))

    const rows = await app.api.sql.query<{ user_id: string; status: string; arrival: string }>(
      `select user_id, status, arrival from activity_signups where activity_id = $1 order by arrival`,
      [activityId],
    )
    // Everyone confirmed arrived before everyone waiting.
    expect(rows.map((r) => r.status)).toEqual([...Array(50).fill('confirmed'), ...Array(250).fill('waitlisted')])
    const [seats] = await app.api.sql.query<{ confirmed_seats: number; waitlisted_seats: number }>(
      'select confirmed_seats, waitlisted_seats from activities where id = $1',
      [activityId],
    )
    expect(seats).toEqual({ confirmed_seats: 50, waitlisted_seats: 250 })

    // 20 confirmed residents cancel at once: the first 20 in the queue move up, nobody else.
    const byUser = new Map(residents.map((r) => [r.user.id, r.token]))
    const leaving = rows.slice(0, 20).map((r) => byUser.get(r.user_id)!)
    const nextInLine = rows.slice(50, 70).map((r) => r.user_id).sort()
    const cancels = await Promise.all(leaving.map((token) => app.api.call('DELETE', `/api/activities/${activityId}/signup`, { token })))
    expect(cancels.every((r) => r.status === 200)).toBe(true)
    const after = await app.api.sql.query<{ user_id: string }>(
      `select user_id from activity_signups where activity_id = $1 and status = 'confirmed' order by arrival`,
      [activityId],
    )
    expect(after).toHaveLength(50)
    expect(after.slice(30).map((r) => r.user_id).sort()).toEqual(nextInLine)
    const [left] = await app.api.sql.query<{ confirmed_seats: number; waitlisted_seats: number }>(
      'select confirmed_seats, waitlisted_seats from activities where id = $1',
      [activityId],
    )
    expect(left).toEqual({ confirmed_seats: 50, waitlisted_seats: 230 })
  })
})
