import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attempt } from '../../src/shared/quiz'
import { Dashboard, StatsScopes, type StatsFigures } from '../../src/shared/stats'
import { startApi, type TestApi } from '../support/api'
import { approvedNomination, openRound } from '../support/good-people'
import { answersFor } from '../support/quiz'
import { queuedActs } from '../support/stats'

// The dashboard is checked against counts made here, from the raw tables, with plain SQL that
// knows nothing of the rollups. Acts are seeded through the API (today) and, for earlier days, as
// ledger rows written in time order.

const none = '00000000-0000-0000-0000-000000000000'
const cronSecret = 'stats-cron-secret-0123456789'
let api: TestApi
let organizer: string
let today: string
let communities: { id: string; name: string }[]
let school: { id: string; classes: { id: string; join_code: string }[] }
const residents: { token: string; user: { id: string }; name: string }[] = []

const day = async (offset: number) =>
  (await api.sql.query<{ d: string }>(`select to_char((now() at time zone 'Asia/Shanghai')::date + $1::int, 'YYYY-MM-DD') as d`, [offset]))[0].d

async function resident(name: string, communityIndex: number | null) {
  const session = await api.login(name)
  if (communityIndex !== null) {
    const patched = await api.call('PATCH', '/api/me', { token: session.token, body: { communityId: communities[communityIndex].id } })
    expect(patched.status).toBe(200)
  }
  const entry = { ...session, name }
  residents.push(entry)
  return entry
}

/** A ledger row on an earlier day, as the act would have written it then. */
const pastAct = (userId: string, kind: string, daysAgo: number) =>
  api.sql.query(
    `insert into participation (user_id, kind, points, ref_type, ref_id, created_at)
     values ($1, $2, 1, 'test', 'past', now() - make_interval(days => $3))`,
    [userId, kind, daysAgo],
  )

async function quiz(token: string, correct: boolean) {
  const started = await api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'scored' } })
  expect(started.status).toBe(201)
  const attempt = Attempt.parse(started.body)
  const submitted = await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
    token,
    body: { answers: await answersFor(api.sql, attempt, correct) },
  })
  expect(submitted.status).toBe(200)
}

const pledge = async (token: string, name: string) =>
  expect((await api.call('POST', '/api/pledge', { token, body: { displayName: name } })).status).toBe(201)

async function dashboard(token: string, query: string) {
  const response = await api.call('GET', `/api/stats/dashboard?${query}`, { token })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return Dashboard.parse(response.body)
}

/** Organises one community or school, granted as `npm run admin -- grant` does. */
async function organiserOf(name: string, kind: 'community' | 'school', id: string) {
  const session = await api.login(name)
  await api.sql.query(`insert into user_roles (user_id, role, scope_kind, scope_id) values ($1, 'organizer', $2, $3)`, [session.user.id, kind, id])
  return session.token
}

beforeAll(async () => {
  api = await startApi({ env: { CRON_SECRET: cronSecret } })
  organizer = (await api.login('organizer')).token
  today = await day(0)
  communities = (await api.call('GET', '/api/communities')).body.items
  const [first] = await api.sql.query<{ id: string }>(`select id from schools order by sort_order limit 1`)
  school = {
    id: first.id,
    classes: await api.sql.query(`select id, join_code from school_classes where school_id = $1 order by sort_order`, [first.id]),
  }

  // Residents of 东关 (0) and 西关 (1), and two who chose no community.
  const a = [await resident('统计东关一', 0), await resident('统计东关二', 0), await resident('统计东关三', 0), await resident('统计东关四', 0)]
  const b = [await resident('统计西关一', 1), await resident('统计西关二', 1), await resident('统计西关三', 1)]
  const n = [await resident('统计无社区一', null), await resident('统计无社区二', null)]

  // Earlier days, oldest first: the ledger only ever grows forward in time.
  const history: [number, string, number][] = [
    [0, 'quiz_completed', 40], // outside a 30-day period
    [0, 'good_people_vote', 20],
    [1, 'quiz_completed', 20],
    [4, 'good_people_vote', 12],
    [0, 'good_people_vote', 9],
    [1, 'good_people_vote', 9],
    [4, 'quiz_completed', 9],
    [0, 'good_people_vote', 3],
    [7, 'family_participated', 3], // a credit to a student, not an act of theirs
    [4, 'good_people_vote', 2],
  ]
  for (const [index, kind, daysAgo] of history) await pastAct(residents[index].user.id, kind, daysAgo)

  // Today, through the API: pledges, quizzes, a nomination with votes, an activity attended.
  await pledge(a[0].token, '东关一')
  await pledge(a[1].token, '东关二')
  await pledge(b[0].token, '西关一')
  await pledge(n[0].token, '无社区一')
  await quiz(a[0].token, true)
  await quiz(a[0].token, false)
  await quiz(b[1].token, true)
  await quiz(n[1].token, false)

  const round = await openRound(api, organizer)
  const story = await approvedNomination(api, organizer, a[2].token, round.id, { communityId: communities[0].id })
  for (const voter of [a[3], b[0], b[2]]) {
    expect((await api.call('POST', `/api/nominations/${story.id}/votes`, { token: voter.token })).status).toBe(201)
  }

  const published = await api.call('POST', '/api/activities', {
    token: organizer,
    body: {
      title: '统计测试:清扫',
      kind: 'volunteer',
      location: '东关街口',
      startsAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 50 * 3600_000).toISOString(),
      capacity: 10,
      hours: 2,
    },
  })
  expect(published.status).toBe(201)
  const activityId = published.body.id
  for (const who of [a[1], b[1], n[0]]) {
    expect((await api.call('POST', `/api/activities/${activityId}/signup`, { token: who.token })).status).toBe(201)
  }
  await api.sql.query(`update activities set starts_at = now() - interval '114 minutes', ends_at = now() + interval '6 minutes',
                       signup_deadline = null where id = $1`, [activityId])
  const [{ ticket }] = await api.sql.query<{ ticket: string }>(
    `select s.ticket from activity_signups s where s.activity_id = $1 and s.user_id = $2`, [activityId, a[1].user.id])
  for (const action of ['in', 'out']) {
    if (action === 'out') await api.sql.query(`update activity_signups set checked_in_at = now() - interval '114 minutes' where ticket = $1`, [ticket])
    expect((await api.call('POST', `/api/activities/${activityId}/checkin`, { token: organizer, body: { ticket, action } })).status).toBe(200)
  }

  // 小手牵大手: a student of 东关 in the first class, their mother (who then signs) and a neighbour.
  const student = await resident('统计学生', 0)
  const bound = await api.call('POST', '/api/families/student', { token: student.token, body: { joinCode: school.classes[0].join_code, under14: false } })
  expect(bound.status).toBe(201)
  const mother = await resident('统计学生妈妈', 0)
  expect((await api.call('POST', '/api/families/join', { token: mother.token, body: { code: bound.body.inviteCode } })).status).toBe(201)
  const neighbour = await resident('统计学生邻居', 1)
  const motherCard = await api.call('GET', '/api/families/me', { token: mother.token })
  expect((await api.call('POST', '/api/families/join', { token: neighbour.token, body: { code: motherCard.body.inviteCode } })).status).toBe(201)
  await pledge(mother.token, '学生妈妈')
  await quiz(student.token, true)
})
afterAll(() => api.close())

type Counts = Map<string, number>
const toMap = (rows: { g: string; n: number | string | null }[]): Counts => new Map(rows.map((r) => [r.g, Number(r.n ?? 0)]))

/**
 * The same figures, counted from the raw tables. Residents are grouped by their community now (the
 * test moves nobody before the comparison); acts are the ledger's, less the credits a student gets
 * for the family's acts and spending points.
 */
async function recount(from: string, to: string) {
  const q = (text: string) => api.sql.query<{ g: string; n: number | string | null }>(text, [from, to]).then(toMap)
  const inPeriod = `(x.created_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date`
  const group = `coalesce(u.community_id, '${none}')::text`
  const acts = `participation x join users u on u.id = x.user_id
    where x.kind not in ('family_participated', 'family_member_joined', 'reward_redeemed') and ${inPeriod}`
  return {
    registered: await q(`select ${group} as g, count(*) as n from users u where u.deleted_at is null and $1::date <= $2::date
                         and (u.created_at at time zone 'Asia/Shanghai')::date <= $2::date group by 1`),
    participants: await q(`select ${group} as g, count(distinct x.user_id) as n from ${acts} group by 1`),
    acts: await q(`select ${group} as g, count(*) as n from ${acts} group by 1`),
    pledges: await q(`select ${group} as g, count(*) as n from pledge_signatures x join users u on u.id = x.user_id
                      where (x.signed_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date group by 1`),
    pledgedResidents: await q(`select ${group} as g, count(distinct x.user_id) as n from pledge_signatures x join users u on u.id = x.user_id
                               where (x.signed_at at time zone 'Asia/Shanghai')::date <= $2::date and u.deleted_at is null and $1::date <= $2::date group by 1`),
    quizzes: await q(`select ${group} as g, count(*) as n from quiz_attempts x join users u on u.id = x.user_id
                      where x.mode = 'scored' and x.submitted_at is not null
                        and (x.submitted_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date group by 1`),
    quizScore: await q(`select ${group} as g, sum(x.score) as n from quiz_attempts x join users u on u.id = x.user_id
                        where x.mode = 'scored' and x.submitted_at is not null
                          and (x.submitted_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date group by 1`),
    quizTakers: await q(`select ${group} as g, count(distinct x.user_id) as n from ${acts} and x.kind = 'quiz_completed' group by 1`),
    awareResidents: await q(`select ${group} as g, count(distinct x.user_id) as n from participation x join users u on u.id = x.user_id
                             where x.kind = 'quiz_completed' and (x.created_at at time zone 'Asia/Shanghai')::date <= $2::date
                               and u.deleted_at is null and $1::date <= $2::date group by 1`),
    nominations: await q(`select ${group} as g, count(*) as n from nominations x join users u on u.id = x.nominator_id
                          where ${inPeriod} group by 1`),
    votes: await q(`select ${group} as g, count(*) as n from ${acts} and x.kind = 'good_people_vote' group by 1`),
    signups: await q(`select ${group} as g, count(*) as n from activity_signups x join users u on u.id = x.user_id where ${inPeriod} group by 1`),
    attended: await q(`select ${group} as g, count(*) as n from activity_signups x join users u on u.id = x.user_id
                       where x.checked_out_at is not null and (x.checked_out_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date group by 1`),
    hours: await q(`select ${group} as g, sum(x.hours) as n from volunteer_hours x join users u on u.id = x.user_id where ${inPeriod} group by 1`),
    familyJoins: await q(`select ${group} as g, count(*) as n from family_links x join users u on u.id = x.student_user_id where ${inPeriod} group by 1`),
    familiesReached: await q(`select ${group} as g, count(distinct x.student_user_id) as n from family_links x join users u on u.id = x.student_user_id
                              where x.level = 1 and ${inPeriod} group by 1`),
  }
}

function expectFigures(figures: StatsFigures, expected: Awaited<ReturnType<typeof recount>>, id: string, label: string) {
  const at = (m: Counts) => m.get(id) ?? 0
  const registered = at(expected.registered)
  const quizzes = at(expected.quizzes)
  const rate = (n: number) => (registered > 0 ? Math.round((n / registered) * 10_000) / 10_000 : null)
  const { id: _id, name: _name, ...values } = figures as StatsFigures & { id?: string; name?: string }
  expect({ label, ...values }).toEqual({
    label,
    registered,
    participants: at(expected.participants),
    acts: at(expected.acts),
    pledges: at(expected.pledges),
    pledgedResidents: at(expected.pledgedResidents),
    quizzes,
    quizTakers: at(expected.quizTakers),
    awareResidents: at(expected.awareResidents),
    averageScore: quizzes > 0 ? Math.round((at(expected.quizScore) / quizzes) * 10) / 10 : null,
    nominations: at(expected.nominations),
    votes: at(expected.votes),
    signups: at(expected.signups),
    attended: at(expected.attended),
    volunteerHours: at(expected.hours),
    familyJoins: at(expected.familyJoins),
    familiesReached: at(expected.familiesReached),
    awarenessRate: rate(at(expected.awareResidents)),
    supportRate: rate(at(expected.pledgedResidents)),
    participationRate: rate(at(expected.participants)),
  })
}

const sum = (m: Counts) => [...m.values()].reduce((a, b) => a + b, 0)

describe('the dashboard equals counts made from the raw tables', () => {
  it.each([
    ['the last 30 days', -29, 0],
    ['the last 7 days', -6, 0],
    ['a week in the past', -10, -3],
    ['one day, 9 days ago', -9, -9],
    ['a year', -365, 0],
  ])('for the county and each community: %s', async (_, fromOffset, toOffset) => {
    const from = await day(fromOffset)
    const to = await day(toOffset)
    const expected = await recount(from, to)
    const result = await dashboard(organizer, `scope=county&from=${from}&to=${to}`)
    expect(result.period).toEqual({ from, to, days: toOffset - fromOffset + 1, bucket: 'day' })
    expect(result.groupKind).toBe('community')
    expect(result.groups.map((g) => g.id)).toEqual([...communities.map((c) => c.id), none])
    expect(result.groups.at(-1)!.name).toBe('未选社区')
    for (const group of result.groups) expectFigures(group, expected, group.id, group.name)
    expect(result.totals.participants).toBe(sum(expected.participants))
    expect(result.totals.registered).toBe(sum(expected.registered))
    expect(result.totals.acts).toBe(sum(expected.acts))
    expect(result.totals.quizTakers).toBe(sum(expected.quizTakers))

    const one = await dashboard(organizer, `scope=community&scopeId=${communities[0].id}&from=${from}&to=${to}`)
    expect(one.groups).toHaveLength(1)
    expectFigures(one.totals, expected, communities[0].id, 'community totals')
  })

  it('counts each resident once per day and once per week in the series', async () => {
    const from = await day(-29)
    const expectedDaily = await api.sql.query<{ d: string; participants: number; acts: number }>(
      `select to_char((x.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as d, count(distinct x.user_id)::int as participants,
              count(*)::int as acts
       from participation x where x.kind not in ('family_participated', 'family_member_joined', 'reward_redeemed')
         and (x.created_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date group by 1`,
      [from, today],
    )
    const daily = await dashboard(organizer, `scope=county&from=${from}&to=${today}&bucket=day`)
    expect(daily.series).toHaveLength(30)
    expect(daily.series.filter((b) => b.acts > 0).map((b) => ({ d: b.start, participants: b.participants, acts: b.acts }))).toEqual(
      expectedDaily.sort((x, y) => x.d.localeCompare(y.d)),
    )
    const weekly = await dashboard(organizer, `scope=county&from=${from}&to=${today}&bucket=week`)
    const expectedWeekly = await api.sql.query<{ participants: number; acts: number }>(
      `with b as (select greatest(d - (extract(isodow from d)::int - 1), $1::date) as start, x.user_id
                  from participation x cross join lateral (select (x.created_at at time zone 'Asia/Shanghai')::date as d) dd
                  where x.kind not in ('family_participated', 'family_member_joined', 'reward_redeemed') and d between $1::date and $2::date)
       select to_char(start, 'YYYY-MM-DD') as start, count(distinct user_id)::int as participants, count(*)::int as acts from b group by 1 order by 1`,
      [from, today],
    )
    expect(weekly.series[0].start).toBe(from)
    expect(weekly.series.at(-1)!.end).toBe(today)
    expect(weekly.series.filter((b) => b.acts > 0).map(({ start, participants, acts }) => ({ start, participants, acts }))).toEqual(expectedWeekly)
    expect(weekly.totals).toEqual(daily.totals)
  })

  it('breaks a school down by class: its students and the family members and neighbours they brought', async () => {
    const from = await day(-29)
    const result = await dashboard(organizer, `scope=school&scopeId=${school.id}&from=${from}&to=${today}`)
    expect(result.groupKind).toBe('class')
    expect(result.groups.map((g) => g.id)).toEqual(school.classes.map((c) => c.id))
    // Class one: the student, the mother and the neighbour; the student quizzed, the mother signed.
    expect(result.groups[0]).toMatchObject({
      registered: 3, participants: 2, acts: 2, pledgedResidents: 1, awareResidents: 1, quizzes: 1, quizTakers: 1, averageScore: 100,
      familyJoins: 2, familiesReached: 1, supportRate: 0.3333, awarenessRate: 0.3333, participationRate: 0.6667,
    })
    expect(result.groups.slice(1).every((g) => g.registered === 0 && g.acts === 0)).toBe(true)
  })

  it('the triggers kept the same rollups the rebuild computes from the tables', async () => {
    const from = await day(-60)
    const before = [await dashboard(organizer, `scope=county&from=${from}&to=${today}`), await dashboard(organizer, `scope=school&scopeId=${school.id}&from=${from}&to=${today}`)]
    await api.sql.query('select stats_rebuild()')
    const after = [await dashboard(organizer, `scope=county&from=${from}&to=${today}`), await dashboard(organizer, `scope=school&scopeId=${school.id}&from=${from}&to=${today}`)]
    for (const [i, result] of after.entries()) {
      expect({ ...result, generatedAt: null }).toEqual({ ...before[i], generatedAt: null })
    }
  })
})

describe('the statistics job', () => {
  it('counts acts off their own write: queued, then counted by the scheduler every minute or before a read', async () => {
    const before = await queuedActs(api)
    const { token } = await api.login('排队计数')
    await pledge(token, '排队计数')
    expect(await queuedActs(api)).toBe(before + 1)
    expect((await api.call('GET', '/api/cron/stats')).status).toBe(401)
    const run = await api.call('GET', '/api/cron/stats', { headers: { authorization: `Bearer ${cronSecret}` } })
    expect(run).toMatchObject({ status: 200, body: { counted: before + 1 } })
    expect(await queuedActs(api)).toBe(0)
  })

  it("keeps the act of a resident who deleted the account before the job counted it (acts stay counted)", async () => {
    const query = `scope=county&from=${await day(-1)}&to=${today}`
    const before = (await dashboard(organizer, query)).totals
    const { token } = await api.login('注销前签名')
    await pledge(token, '注销前签名')
    expect((await api.call('DELETE', '/api/me', { token })).status).toBe(200)
    const after = (await dashboard(organizer, query)).totals
    expect({ acts: after.acts - before.acts, pledges: after.pledges - before.pledges }).toEqual({ acts: 1, pledges: 1 })
  })

  it('counts the queued acts of a resident who moves first: what they know and support moves with them', async () => {
    const [left, joined] = [communities[2], communities[3]]
    const totals = async () =>
      Promise.all([left, joined].map(async (c) => (await dashboard(organizer, `scope=community&scopeId=${c.id}&from=${today}&to=${today}`)).totals))
    const before = await totals()
    const mover = await resident('搬家前答题', 2)
    await quiz(mover.token, true)
    await pledge(mover.token, '搬家前答题')
    const queued = await queuedActs(api)
    expect((await api.call('PATCH', '/api/me', { token: mover.token, body: { communityId: joined.id } })).status).toBe(200)
    expect(await queuedActs(api)).toBe(queued - 2)
    const after = await totals()
    const moved = (i: number) => ({
      acts: after[i].acts - before[i].acts,
      registered: after[i].registered - before[i].registered,
      awareResidents: after[i].awareResidents - before[i].awareResidents,
      pledgedResidents: after[i].pledgedResidents - before[i].pledgedResidents,
    })
    // The acts stay where they were done; the resident, and that they know and support, move.
    expect([moved(0), moved(1)]).toEqual([
      { acts: 2, registered: 0, awareResidents: 0, pledgedResidents: 0 },
      { acts: 0, registered: 1, awareResidents: 1, pledgedResidents: 1 },
    ])
  })
})

describe('scopes', () => {
  it('a community organiser sees their own community only; 403 for another, the county or a school', async () => {
    const token = await organiserOf('东关组织者', 'community', communities[0].id)
    const scopes = StatsScopes.parse((await api.call('GET', '/api/stats/scopes', { token })).body)
    expect(scopes.items).toEqual([{ kind: 'community', id: communities[0].id, name: communities[0].name }])
    const own = await dashboard(token, `scope=community&scopeId=${communities[0].id}`)
    expect(own.scope).toEqual({ kind: 'community', id: communities[0].id, name: communities[0].name })
    expect(own.period.days).toBe(30)
    expect(own.period.to).toBe(today)
    for (const query of [`scope=community&scopeId=${communities[1].id}`, 'scope=county', `scope=school&scopeId=${school.id}`]) {
      for (const path of ['dashboard', 'export.xlsx', 'ledger.csv']) {
        const response = await api.call('GET', `/api/stats/${path}?${query}`, { token })
        expect({ path, query, status: response.status }).toEqual({ path, query, status: 403 })
      }
    }
  })

  it('a school organiser sees their school by class; a resident is refused; the county sees every scope', async () => {
    const token = await organiserOf('实小组织者', 'school', school.id)
    expect((await dashboard(token, `scope=school&scopeId=${school.id}`)).groupKind).toBe('class')
    expect((await api.call('GET', `/api/stats/dashboard?scope=community&scopeId=${communities[0].id}`, { token })).status).toBe(403)
    const { token: plain } = await api.login('普通居民看统计')
    expect((await api.call('GET', '/api/stats/dashboard', { token: plain })).status).toBe(403)
    expect((await api.call('GET', '/api/stats/scopes', { token: plain })).status).toBe(403)
    expect((await api.call('GET', '/api/stats/dashboard')).status).toBe(401)
    const county = StatsScopes.parse((await api.call('GET', '/api/stats/scopes', { token: organizer })).body)
    expect(county.items[0]).toEqual({ kind: 'county', id: null, name: '全县' })
    expect(county.items.filter((s) => s.kind === 'community')).toHaveLength(communities.length)
    expect(county.items.filter((s) => s.kind === 'school').length).toBeGreaterThan(0)
    const unknown = await api.call('GET', `/api/stats/dashboard?scope=community&scopeId=${crypto.randomUUID()}`, { token: organizer })
    expect(unknown.status).toBe(404)
  })

  it('answers 400 for a period over 366 days, dates out of order or malformed, or a scope without its id', async () => {
    const longFrom = await day(-366)
    const ok = await api.call('GET', `/api/stats/dashboard?scope=county&from=${await day(-365)}&to=${today}`, { token: organizer })
    expect(ok.status).toBe(200)
    for (const query of [
      `scope=county&from=${longFrom}&to=${today}`,
      `scope=county&from=${today}&to=${await day(-1)}`,
      `scope=county&from=2026-13-01&to=${today}`,
      `scope=county&from=${today}`,
      'scope=community',
      `scope=county&scopeId=${communities[0].id}`,
      'scope=county&bucket=month',
    ]) {
      for (const path of ['dashboard', 'export.xlsx', 'ledger.csv']) {
        const response = await api.call('GET', `/api/stats/${path}?${query}`, { token: organizer })
        expect({ path, query, status: response.status }).toEqual({ path, query, status: 400 })
      }
    }
    // The database holds the cap too, whoever calls it.
    await expect(api.runtime.db.rpc('api_stats_dashboard', {
      p_user_id: (await api.login('organizer')).user.id, p_scope: 'county', p_scope_id: null, p_from: longFrom, p_to: today, p_bucket: 'day',
    })).rejects.toMatchObject({ code: 'invalid_request', status: 400 })
  })
})

describe('the assessment workbook', () => {
  it('opens, and its summary and capability sheets match the dashboard', async () => {
    const from = await day(-29)
    const query = `scope=county&from=${from}&to=${today}`
    const response = await fetch(`${api.url}/api/stats/export.xlsx?${query}`, { headers: { authorization: `Bearer ${organizer}` } })
    expect(response.status).toBe(200)
    expect(decodeURIComponent(response.headers.get('content-disposition') ?? '')).toContain(`参与情况评估表_全县_${from}_${today}.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '签名承诺', '知识问答', '身边好人', '志愿活动', '小手牵大手', '参与趋势'])
    const result = await dashboard(organizer, query)
    const summary = workbook.getWorksheet('汇总')!
    const rows = summary.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1))
    expect(rows[1]).toEqual(['统计范围', '全县'])
    expect(rows[2]).toEqual(['统计时段', `${from} 至 ${today}(30 天)`])
    expect(String(rows[3][1])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\(北京时间\)$/)
    const header = rows.findIndex((r) => r[0] === '社区')
    expect(rows[header]).toEqual(['社区', '注册居民', '参与人数', '知晓率', '支持率', '参与率'])
    // Empty cells (a rate without registered residents) read back as missing.
    const table = rows.slice(header + 1, header + 2 + result.groups.length).map((r) => Array.from({ length: 6 }, (_, i) => r[i] ?? null))
    expect(table).toEqual(
      [...result.groups, { name: '合计', ...result.totals }].map((g) => [g.name, g.registered, g.participants, g.awarenessRate, g.supportRate, g.participationRate]),
    )
    expect(rows.some((r) => String(r[0]).startsWith('知晓率 ='))).toBe(true)
    const quizSheet = workbook.getWorksheet('知识问答')!
    const east = quizSheet.getSheetValues().find((row) => Array.isArray(row) && row[1] === communities[0].name) as unknown[]
    const eastFigures = result.groups[0]
    expect(east.slice(1)).toEqual([communities[0].name, eastFigures.registered, eastFigures.quizTakers, eastFigures.quizzes, eastFigures.averageScore, eastFigures.awareResidents, eastFigures.awarenessRate])
    expect(workbook.getWorksheet('参与趋势')!.rowCount).toBe(31)
  })
})

describe('the open-data ledger', () => {
  it('is a CSV of date, kind, points and community, with nothing about the person', async () => {
    const from = await day(-29)
    const response = await fetch(`${api.url}/api/stats/ledger.csv?scope=county&from=${from}&to=${today}`, { headers: { authorization: `Bearer ${organizer}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // so that Excel reads UTF-8
    const text = new TextDecoder().decode(bytes)
    expect(text.startsWith('date,kind,kind_label,points,community\n')).toBe(true)
    const records = parse(text, { columns: true }) as Record<string, string>[]
    const [{ n }] = await api.sql.query<{ n: number }>(
      `select count(*)::int as n from participation where (created_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date`, [from, today])
    expect(records).toHaveLength(n)
    expect(Object.keys(records[0])).toEqual(['date', 'kind', 'kind_label', 'points', 'community'])
    expect(records.some((r) => r.community === communities[0].name && r.kind === 'pledge_signed' && r.kind_label === '签署文明承诺')).toBe(true)
    const people = await api.sql.query<{ id: string; openid: string; nickname: string }>('select id, openid, nickname from users')
    for (const person of people) {
      expect(text).not.toContain(person.id)
      expect(text).not.toContain(person.openid)
      if (!communities.some((c) => c.name.includes(person.nickname))) expect(text).not.toContain(person.nickname)
    }
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)

    const east = await fetch(`${api.url}/api/stats/ledger.csv?scope=community&scopeId=${communities[0].id}&from=${from}&to=${today}`, {
      headers: { authorization: `Bearer ${organizer}` },
    })
    const eastRows = parse(await east.text(), { columns: true }) as Record<string, string>[]
    expect(eastRows.length).toBeGreaterThan(0)
    expect(eastRows.every((r) => r.community === communities[0].name)).toBe(true)
  })

  it('pages through the ledger in time order, every row once', async () => {
    const from = await day(-60)
    const userId = (await api.login('organizer')).user.id
    const seen: unknown[] = []
    let after: { at: string; id: number } | null = null
    let pages = 0
    do {
      const page: { items: unknown[]; next: { at: string; id: number } | null } = await api.runtime.db.rpc('api_stats_ledger', {
        p_user_id: userId, p_scope: 'county', p_scope_id: null, p_from: from, p_to: today,
        p_after_at: after?.at ?? null, p_after_id: after?.id ?? null, p_limit: 3,
      })
      seen.push(...page.items)
      after = page.next
      pages++
    } while (after && pages < 100)
    const [{ n }] = await api.sql.query<{ n: number }>(
      `select count(*)::int as n from participation where (created_at at time zone 'Asia/Shanghai')::date between $1::date and $2::date`, [from, today])
    expect(seen).toHaveLength(n)
    expect(pages).toBe(Math.floor(n / 3) + 1)
    const dates = seen.map((row) => (row as string[])[0])
    expect(dates).toEqual([...dates].sort())
  })
})

describe('moves and deletions', () => {
  it('a resident moving community takes their registration and pledge along; a deleted account leaves', async () => {
    const mover = residents.find((r) => r.name === '统计东关一')!
    const before = await dashboard(organizer, 'scope=county')
    expect((await api.call('PATCH', '/api/me', { token: mover.token, body: { communityId: communities[1].id } })).status).toBe(200)
    const moved = await dashboard(organizer, 'scope=county')
    const [east0, west0] = before.groups
    const [east1, west1] = moved.groups
    expect([east1.registered, west1.registered]).toEqual([east0.registered - 1, west0.registered + 1])
    expect([east1.pledgedResidents, west1.pledgedResidents]).toEqual([east0.pledgedResidents - 1, west0.pledgedResidents + 1])
    expect([east1.awareResidents, west1.awareResidents]).toEqual([east0.awareResidents - 1, west0.awareResidents + 1])
    // Their acts stay where they were done.
    expect([east1.acts, east1.participants]).toEqual([east0.acts, east0.participants])
    expect(moved.totals.registered).toBe(before.totals.registered)

    expect((await api.call('DELETE', '/api/me', { token: mover.token })).status).toBe(200)
    const deleted = await dashboard(organizer, 'scope=county')
    expect(deleted.groups[1].registered).toBe(west1.registered - 1)
    expect(deleted.groups[1].pledgedResidents).toBe(west1.pledgedResidents - 1)
    expect(deleted.totals.registered).toBe(moved.totals.registered - 1)
    expect(deleted.totals.acts).toBe(moved.totals.acts)
    expect(deleted.totals.participants).toBe(moved.totals.participants)
  })
})
