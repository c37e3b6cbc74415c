import { describe, expect, it } from 'vitest'
import { usePostgresApi } from '../support/api'

const app = usePostgresApi()

describe('racing family joins', { timeout: 120_000 }, () => {
  it('one person opening two invitations at once (ten times each) is attributed once; counts stay exact', async () => {
    const { api } = app
    const [{ join_code }] = await api.sql.query<{ join_code: string }>('select join_code from school_classes order by sort_order limit 1')
    const students = await Promise.all(['抢甲', '抢乙'].map((name) => api.login(name)))
    const cards = await Promise.all(
      students.map((s) => api.call('POST', '/api/families/student', { token: s.token, body: { joinCode: join_code, under14: false } })),
    )
    const codes = cards.map((c) => c.body.inviteCode as string)
    const members = await Promise.all(Array.from({ length: 30 }, (_, i) => api.login(`抢着加入${i}`)))
    const responses = await Promise.all(
      members.flatMap(({ token }) => Array.from({ length: 10 }, (_, k) => api.call('POST', '/api/families/join', { token, body: { code: codes[k % 2] } }))),
    )
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true)
    expect(responses.filter((r) => r.status === 201)).toHaveLength(30)
    const [links] = await api.sql.query<{ n: number }>(`select count(*)::int as n from family_links`)
    expect(links.n).toBe(30)
    const [stats] = await api.sql.query<{ members: number }>(`select sum(members)::int as members from family_stats`)
    expect(stats.members).toBe(30)
    const [points] = await api.sql.query<{ n: number }>(`select count(*)::int as n from participation where kind = 'family_member_joined'`)
    expect(points.n).toBe(30)
  })
})
