import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Attempt } from '../../src/shared/quiz'
import { startApi, valueOf, type TestApi } from '../support/api'
import { approvedNomination, openRound, setRoundTimes } from '../support/good-people'
import { answersFor } from '../support/quiz'
import { allRoutes } from '../support/routes'
import { grant, idOf } from '../support/scopes'

// Nobody learns more about a person than the public pages show. People with distinctive private
// details take part in every capability; then every route of the routers' own tables is called as
// an anonymous caller, another resident, an organiser of another community, an organiser of the
// student's school, a county organiser and an admin, exports read cell by cell. Whatever an answer
// holds of the private details must be in `allowed` below, with its reason, and everything in
// `allowed` must still happen. A new route is swept without editing this file (a new path
// parameter or a required query needs a sample here).
let api: TestApi
const routes = await allRoutes()

/** What must not reach others: each person's detail that the public view masks or never shows. */
const secrets = {
  "the resident's openid": 'dev:秀兰阿姨',
  "the resident's full signature": '欧阳秀兰',
  "the nominee's full name": '诸葛明亮',
  "the nominator's contact": '13911112222',
  "the objector's contact": '13933334444',
  "the unconsented student's nickname": '小隐私童',
  "the student's openid": 'dev:小隐私童',
}
type Secret = keyof typeof secrets
type Caller = 'anonymous' | 'another resident' | 'organiser of another community' | "organiser of the student's school" | 'county organiser' | 'admin'

const countyStaff = ['county organiser', 'admin'] as const

/** Where a caller legitimately sees a detail, and why. Route keys are `METHOD path` as the routers name them. */
const allowed: { route: string; caller: Caller; secret: Secret; reason: string }[] = [
  ...(['anonymous', 'another resident', 'organiser of another community', "organiser of the student's school", ...countyStaff] as const).map((caller) => ({
    route: 'GET /api/families/invites/:code', caller, secret: "the unconsented student's nickname" as const,
    reason: "the invitation names the child who sent it, so the family knows whom they join and a guardian whom they consent for; its code is only on the child's own share card and poster",
  })),
  ...countyStaff.flatMap((caller) =>
    (['GET /api/nominations/:nominationId', 'GET /api/nominations/review-queue'] as const).flatMap((route) =>
      (["the nominee's full name", "the nominator's contact"] as const).map((secret) => ({
        route, caller, secret,
        reason: "reviewers check a story with the nominee's real name and may call the nominator (organisers of the nominee's community or the county)",
      })),
    ),
  ),
  ...countyStaff.flatMap((caller) =>
    (["the nominee's full name", "the objector's contact"] as const).map((secret) => ({
      route: 'GET /api/selections/:roundId/objections', caller, secret,
      reason: 'organisers resolve a 公示 objection about a named honouree and may call the objector back',
    })),
  ),
]

/** Reads no other caller gets an answer from (the sweep checks that they refuse all of them). */
const notForOthers: Record<string, string> = {
  'GET /api/me/children/:childId/data': "only the child's guardian",
  'GET /api/me/children/:childId/data.xlsx': "only the child's guardian",
  'GET /api/activities/:activityId/ticket': 'only the person signed up',
  'GET /api/families/me/poster': 'only the student whose invitation it is',
  'GET /api/cron/reminders': 'only the scheduler, with its secret',
  'GET /api/cron/stats': 'only the scheduler, with its secret',
  'GET /api/wechat/push': "only WeChat's servers, with their signature",
}

const tokens = {} as Record<Caller, string | undefined>
const ids: Record<string, string> = {}

beforeAll(async () => {
  api = await startApi()
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await api.call(method, path, { token, body })
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`)
    return response.body
  }
  const county = await api.login('organizer')
  tokens['county organiser'] = county.token
  const home = await idOf(api, 'communities', '东关社区')
  const elsewhere = await idOf(api, 'communities', '金城社区')
  ids.community = home

  // The resident: a nickname everyone may see, a signature the wall masks, a nomination with a contact.
  const resident = await api.login('秀兰阿姨')
  await call('PATCH', '/api/me', resident.token, { communityId: home })
  await call('POST', '/api/pledge', resident.token, { displayName: '欧阳秀兰' })
  const [{ id: openRoundId }] = await api.sql.query<{ id: string }>(`select id from selection_rounds where status = 'open' limit 1`)
  ids.openRound = openRoundId
  const story = await approvedNomination(api, county.token, resident.token, openRoundId, { nomineeName: '诸葛明亮', contact: '13911112222', communityId: home })
  ids.nominationId = story.id
  await call('POST', `/api/nominations/${story.id}/votes`, resident.token)

  // A round in its 公示 with an objection that carries the objector's contact.
  const noticeRound = await openRound(api, county.token, { title: '2026年11月 身边好人' })
  const honouree = await approvedNomination(api, county.token, resident.token, noticeRound.id, { nomineeName: '诸葛明亮', contact: '13911112222', communityId: home })
  await setRoundTimes(api, noticeRound.id, { voteUntil: -1 })
  await call('POST', `/api/selections/${noticeRound.id}/notice`, county.token, { nominationIds: [honouree.id] })
  const objector = await api.login('提异议的人')
  const objection = await call('POST', `/api/nominations/${honouree.id}/objections`, objector.token, { reason: '此人事迹与实际情况不符,请核实。', contact: '13933334444' })
  ids.roundId = noticeRound.id
  ids.objectionId = objection.id ?? objection.objection?.id

  // A student under 14 whose guardian has not consented: quizzes, signs, signs up, invites a parent.
  const [{ join_code: joinCode, school_id: schoolId }] = await api.sql.query<{ join_code: string; school_id: string }>(
    'select join_code, school_id from school_classes order by name limit 1',
  )
  ids.schoolId = schoolId
  const child = await api.login('小隐私童')
  await call('PATCH', '/api/me', child.token, { communityId: home })
  await call('POST', '/api/families/student', child.token, { joinCode, under14: true })
  const attempt = Attempt.parse(await call('POST', '/api/quiz/attempts', child.token))
  ids.attemptId = attempt.attemptId
  await call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, child.token, { answers: await answersFor(api.sql, attempt) })
  await call('POST', '/api/pledge', child.token, { displayName: '小隐私童' })
  const card = await call('GET', '/api/families/me', child.token)
  ids.code = card.inviteCode
  const parent = await api.login('小童的妈妈')
  await call('POST', '/api/families/join', parent.token, { code: card.inviteCode })
  ids.childId = child.user.id

  // An activity of the resident's community, with both signed up.
  const start = new Date(Date.now() + 72 * 3600_000)
  const activity = await call('POST', '/api/activities', county.token, {
    title: '东关街清扫', kind: 'volunteer', location: '东关街', capacity: 10, communityId: home,
    startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7200_000).toISOString(),
  })
  ids.activityId = activity.id
  for (const token of [resident.token, child.token]) await call('POST', `/api/activities/${activity.id}/signup`, token, {})

  // Another resident does what anyone may: votes for the story and objects to the honouree.
  const bystander = await api.login('旁观居民')
  await call('POST', `/api/nominations/${story.id}/votes`, bystander.token)
  await call('POST', `/api/nominations/${honouree.id}/objections`, bystander.token, { reason: '我也想请工作人员再核实一下。', contact: '旁观居民的电话' })
  tokens['another resident'] = bystander.token
  const other = await api.login('金城社区组织者')
  await grant(api, other.user.id, 'organizer', 'community', elsewhere)
  tokens['organiser of another community'] = other.token
  const teacher = await api.login('学校组织者')
  await grant(api, teacher.user.id, 'organizer', 'school', schoolId)
  tokens["organiser of the student's school"] = teacher.token
  const admin = await api.login('县管理员')
  await grant(api, admin.user.id, 'admin', 'county')
  tokens.admin = admin.token
  tokens.anonymous = undefined

  ids.announcementId = await valueOf(api, 'select id from announcements limit 1')
  ids.slug = await valueOf(api, 'select slug from learn_articles limit 1')
  ids.questionId = await valueOf(api, 'select id from quiz_questions limit 1')
  ids.rewardId = await valueOf(api, 'select id from rewards limit 1')
  ids.roleId = await valueOf(api, `select r.id from user_roles r join users u on u.id = r.user_id where u.nickname = '金城社区组织者'`)
})
afterAll(() => api?.close())

/** Path parameters, by name, filled with the people's own records. */
const pathFor = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    if (!ids[name]) throw new Error(`the people sweep has no sample for :${name} (add one to ids)`)
    return encodeURIComponent(ids[name])
  })

/** Queries the reads need to answer at all (a route whose query is optional gets none). */
const queryFor: Record<string, () => string> = {
  'GET /api/quiz/leaderboard': () => 'scope=user&period=all',
  'GET /api/families/rankings': () => `scope=class&schoolId=${ids.schoolId}`,
  'GET /api/nominations/review-queue': () => `roundId=${ids.openRound}&status=approved`,
  'GET /api/admin/users': () => `q=${encodeURIComponent('小')}`,
  'GET /api/stats/dashboard': () => `scope=community&scopeId=${ids.community}`,
  'GET /api/stats/export.xlsx': () => `scope=community&scopeId=${ids.community}`,
  'GET /api/stats/ledger.csv': () => `scope=community&scopeId=${ids.community}`,
}

/** Everything an answer says, as text: JSON, CSV, or every cell of a workbook. */
async function textOf(response: Response): Promise<string> {
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
    return workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map((cell) => JSON.stringify(cell ?? ''))).join('\n')
  }
  if (type.startsWith('image/')) return ''
  return response.text()
}

interface Finding {
  route: string
  caller: Caller
  secret: Secret
}

async function sweep(method: 'reads' | 'writes'): Promise<{ findings: Finding[]; answered: Map<string, number[]> }> {
  const findings: Finding[] = []
  const answered = new Map<string, number[]>()
  const chosen = routes.filter((route) => (method === 'reads') === (route.method === 'GET'))
  for (const route of chosen) {
    const key = `${route.method} ${route.path}`
    const query = queryFor[key]?.()
    for (const caller of Object.keys(tokens) as Caller[]) {
      // Writes as county staff would change what the other calls read; their answers are the views read above.
      if (method === 'writes' && (caller === 'county organiser' || caller === 'admin')) continue
      const token = tokens[caller]
      const response = await fetch(`${api.url}${pathFor(route.path)}${query ? `?${query}` : ''}`, {
        method: route.method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'writes' ? { 'content-type': 'application/json' } : {}) },
        body: method === 'writes' && route.method !== 'DELETE' ? '{}' : undefined,
      })
      answered.set(key, [...(answered.get(key) ?? []), response.status])
      const text = await textOf(response)
      for (const [secret, value] of Object.entries(secrets) as [Secret, string][]) {
        if (text.includes(value)) findings.push({ route: key, caller, secret })
      }
    }
  }
  return { findings, answered }
}

const sorted = (items: Finding[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))

describe('what every route tells about other people', () => {
  it('reads and exports show others only what the public pages do, beyond the listed organiser views', async () => {
    const { findings, answered } = await sweep('reads')
    const expected = allowed.filter((a) => routes.some((r) => `${r.method} ${r.path}` === a.route && r.method === 'GET'))
    expect(sorted(findings)).toEqual(sorted(expected.map(({ route, caller, secret }) => ({ route, caller, secret }))))
    // Every read answered one of the callers, unless it is only ever for its owner or a machine: a
    // sweep of refusals alone would prove nothing.
    const refusedAll = [...answered].filter(([, statuses]) => !statuses.some((s) => s < 300)).map(([key]) => key)
    expect(refusedAll.sort()).toEqual(Object.keys(notForOthers).sort())
  })

  it('writes, with nothing to write, echo nobody', async () => {
    const { findings } = await sweep('writes')
    const expected = allowed.filter((a) => routes.some((r) => `${r.method} ${r.path}` === a.route && r.method !== 'GET'))
    expect(sorted(findings)).toEqual(sorted(expected.map(({ route, caller, secret }) => ({ route, caller, secret }))))
  })
})
