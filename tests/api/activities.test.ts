import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Activity, ActivitiesResponse, CheckinResponse, MyActivities, Roster, Ticket } from '../../src/shared/activities'
import { startApi, type TestApi } from '../support/api'

let api: TestApi
let organizer: string

beforeAll(async () => {
  api = await startApi()
  organizer = (await api.login('organizer')).token
})
afterAll(() => api.close())

const hour = 3600_000
const at = (offsetHours: number) => new Date(Date.now() + offsetHours * hour).toISOString()

async function publish(fields: Record<string, unknown> = {}) {
  const response = await api.call('POST', '/api/activities', {
    token: organizer,
    body: { title: '周末清扫东关街', kind: 'volunteer', location: '东关街口', startsAt: at(48), endsAt: at(50), capacity: 2, hours: 2, ...fields },
  })
  expect(response.status).toBe(201)
  return Activity.parse(response.body)
}

const signUp = (token: string, activityId: string, body?: object) =>
  api.call('POST', `/api/activities/${activityId}/signup`, { token, ...(body ? { body } : {}) })

/** Moves an activity in time (and its door records with it), as if the clock had run on. */
async function shift(activityId: string, startsInHours: number, lengthHours = 2) {
  await api.sql.query('update activities set starts_at = $2, ends_at = $3, signup_deadline = null where id = $1', [
    activityId,
    at(startsInHours),
    at(startsInHours + lengthHours),
  ])
}

describe('publishing', () => {
  it('lets organisers publish, residents see it in the list with seats left', async () => {
    const activity = await publish({ title: '文明课堂:垃圾分类' , kind: 'class' })
    const { token } = await api.login('看活动')
    const list = ActivitiesResponse.parse((await api.call('GET', '/api/activities?kind=class', { token })).body)
    expect(list.items.map((a) => a.id)).toContain(activity.id)
    expect(list.items.every((a) => a.kind === 'class')).toBe(true)
    expect(list.items.find((a) => a.id === activity.id)).toMatchObject({ capacity: 2, confirmedCount: 0, mySignup: null })
  })

  it('refuses residents (403) and bad times or hours (400)', async () => {
    const { token } = await api.login('想发活动')
    const body = { title: '居民活动', kind: 'other', location: '某处', startsAt: at(1), endsAt: at(2), capacity: 5 }
    expect((await api.call('POST', '/api/activities', { token, body })).status).toBe(403)
    for (const bad of [{ endsAt: at(0.5) }, { hours: 3 }, { capacity: 0 }, { kind: 'party' }, { title: '' }]) {
      expect((await api.call('POST', '/api/activities', { token: organizer, body: { ...body, ...bad } })).status).toBe(400)
    }
  })

  it('pages the list by start time', async () => {
    for (let i = 0; i < 3; i++) await publish({ title: `分页活动${i}`, startsAt: at(100 + i), endsAt: at(101 + i), hours: 1 })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = ActivitiesResponse.parse((await api.call('GET', `/api/activities?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body)
      seen.push(...page.items.map((a) => a.startsAt))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([...seen].sort())
    expect(new Set(seen).size).toBe(seen.length)
  })
})

describe('signing up', () => {
  it('confirms while seats remain, then waitlists with positions; a family takes one seat each', async () => {
    const activity = await publish({ capacity: 3 })
    const a = await api.login('报名甲')
    const b = await api.login('报名乙')
    const c = await api.login('报名丙')
    expect((await signUp(a.token, activity.id, { seats: 2 })).body).toMatchObject({ status: 'confirmed', seats: 2 })
    expect((await signUp(b.token, activity.id, { seats: 2 })).body).toMatchObject({ status: 'waitlisted', position: 1 })
    // The one seat left is not given to a later arrival while someone waits.
    expect((await signUp(c.token, activity.id)).body).toMatchObject({ status: 'waitlisted', position: 2 })
    const again = await signUp(a.token, activity.id)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('already_signed_up')
    expect(Activity.parse((await api.call('GET', `/api/activities/${activity.id}`, { token: c.token })).body)).toMatchObject({
      confirmedCount: 2,
      waitlistCount: 3,
      mySignup: { status: 'waitlisted', position: 2 },
    })
  })

  it('a cancellation promotes the first on the waiting list in the same transaction', async () => {
    const activity = await publish({ capacity: 1, cancelRule: 'anytime' })
    const first = await api.login('先来')
    const second = await api.login('后到')
    await signUp(first.token, activity.id)
    await signUp(second.token, activity.id, { subscribe: true })
    const cancelled = await api.call('DELETE', `/api/activities/${activity.id}/signup`, { token: first.token })
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } })
    const seen = Activity.parse((await api.call('GET', `/api/activities/${activity.id}`, { token: second.token })).body)
    expect(seen).toMatchObject({ confirmedCount: 1, waitlistCount: 0, mySignup: { status: 'confirmed' } })
    const notes = await api.sql.query<{ kind: string }>(
      `select n.kind from activity_notifications n join users u on u.id = n.user_id where u.nickname = '后到' order by n.kind`,
    )
    // One subscription, one message: the promotion (README: 订阅消息).
    expect(notes.map((n) => n.kind)).toEqual(['promoted'])
  })

  it('follows the cancellation rule', async () => {
    const never = await publish({ cancelRule: 'never' })
    const { token } = await api.login('不能取消')
    await signUp(token, never.id)
    const refused = await api.call('DELETE', `/api/activities/${never.id}/signup`, { token })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('cancel_not_allowed')
  })

  it('closes at the deadline', async () => {
    const activity = await publish()
    await api.sql.query(`update activities set signup_deadline = now() - interval '1 minute' where id = $1`, [activity.id])
    const { token } = await api.login('迟到报名')
    const response = await signUp(token, activity.id)
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('signup_closed')
  })

  it('lists my activities with hours', async () => {
    const { token } = await api.login('我的活动')
    const activity = await publish()
    await signUp(token, activity.id)
    const mine = MyActivities.parse((await api.call('GET', '/api/activities/mine', { token })).body)
    expect(mine.items.map((i) => i.activity.id)).toEqual([activity.id])
    expect(mine.hoursTotal).toBe(0)
  })
})

describe('tickets and the door', () => {
  it('checks a resident in and out and credits the hours when present for at least 60%', async () => {
    const activity = await publish({ capacity: 5, hours: 2 })
    const resident = await api.login('签到者')
    await signUp(resident.token, activity.id)
    const ticket = Ticket.parse((await api.call('GET', `/api/activities/${activity.id}/ticket`, { token: resident.token })).body)
    expect(ticket.ticket).toMatch(/^[0-9a-f]{64}$/)
    expect(ticket.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    const door = (action: 'in' | 'out', code = ticket.ticket, id = activity.id) =>
      api.call('POST', `/api/activities/${id}/checkin`, { token: organizer, body: { ticket: code, action } })

    expect((await door('in')).body.error.code).toBe('checkin_not_open') // two days early
    await shift(activity.id, -0.2) // started 12 minutes ago, two hours long
    expect((await door('out')).body.error.code).toBe('not_checked_in')
    expect(CheckinResponse.parse((await door('in')).body)).toMatchObject({ nickname: '签到者', hoursCredited: 0 })
    expect((await door('in')).body.error.code).toBe('already_checked_in')
    // Present from the start to now, 1.5 hours in: 75% of the activity.
    await api.sql.query(`update activity_signups set checked_in_at = $2 where ticket = $1`, [ticket.ticket, at(-1.5)])
    await shift(activity.id, -1.5)
    const out = CheckinResponse.parse((await door('out')).body)
    expect(out.hoursCredited).toBe(1.5)
    expect((await door('out')).body.error.code).toBe('already_checked_out')
    const mine = MyActivities.parse((await api.call('GET', '/api/activities/mine', { token: resident.token })).body)
    expect(mine.hoursTotal).toBe(1.5)
    expect((await api.call('GET', '/api/points', { token: resident.token })).body.items[0]).toMatchObject({ kind: 'activity_attended' })
  })

  it('names a student under 14 awaiting consent on neither the roster nor at the door, and checks them in by ticket', async () => {
    const activity = await publish({ capacity: 5 })
    const [{ join_code: joinCode }] = await api.sql.query<{ join_code: string }>('select join_code from school_classes limit 1')
    const child = await api.login('报名的小童')
    expect((await api.call('POST', '/api/families/student', { token: child.token, body: { joinCode, under14: true } })).status).toBe(201)
    await signUp(child.token, activity.id)
    const roster = async () => Roster.parse((await api.call('GET', `/api/activities/${activity.id}/roster`, { token: organizer })).body)
    expect((await roster()).items.map((entry) => entry.nickname)).toEqual(['学生（待家长确认）'])
    const { ticket } = Ticket.parse((await api.call('GET', `/api/activities/${activity.id}/ticket`, { token: child.token })).body)
    await shift(activity.id, -0.2)
    const checkin = await api.call('POST', `/api/activities/${activity.id}/checkin`, { token: organizer, body: { ticket, action: 'in' } })
    expect(CheckinResponse.parse(checkin.body).nickname).toBe('学生（待家长确认）')
    // Once a guardian consents, the roster names the child.
    const parent = await api.login('小童的爸爸')
    const card = (await api.call('GET', '/api/families/me', { token: child.token })).body
    await api.call('POST', '/api/families/join', { token: parent.token, body: { code: card.inviteCode } })
    expect((await api.call('POST', '/api/families/consent', { token: parent.token })).status).toBe(200)
    expect((await roster()).items.map((entry) => entry.nickname)).toEqual(['报名的小童'])
  })

  it('credits no hours below 60% presence, and never more than the activity grants', async () => {
    const short = await publish({ capacity: 5, hours: 1 })
    const long = await publish({ capacity: 5, hours: 1 })
    const resident = await api.login('时长规则')
    for (const a of [short, long]) await signUp(resident.token, a.id)
    const ticketOf = async (id: string) => Ticket.parse((await api.call('GET', `/api/activities/${id}/ticket`, { token: resident.token })).body).ticket
    const door = async (id: string, action: 'in' | 'out') =>
      api.call('POST', `/api/activities/${id}/checkin`, { token: organizer, body: { ticket: await ticketOf(id), action } })
    await shift(short.id, -0.5)
    await door(short.id, 'in') // 30 minutes present of 2 hours: 25%
    expect((await door(short.id, 'out')).body.hoursCredited).toBe(0)
    await shift(long.id, -2, 2) // the whole two hours
    await door(long.id, 'in')
    await api.sql.query(`update activity_signups set checked_in_at = $2 where activity_id = $1`, [long.id, at(-2)])
    expect((await door(long.id, 'out')).body.hoursCredited).toBe(1)
  })

  it('refuses a forged ticket, a ticket of another activity, and residents at the door', async () => {
    const one = await publish({ capacity: 5 })
    const other = await publish({ capacity: 5 })
    const resident = await api.login('别的活动')
    await signUp(resident.token, one.id)
    await shift(other.id, 0.1)
    const ticket = Ticket.parse((await api.call('GET', `/api/activities/${one.id}/ticket`, { token: resident.token })).body).ticket
    const forged = await api.call('POST', `/api/activities/${other.id}/checkin`, { token: organizer, body: { ticket: 'f'.repeat(64) } })
    expect(forged.body.error.code).toBe('invalid_ticket')
    const wrong = await api.call('POST', `/api/activities/${other.id}/checkin`, { token: organizer, body: { ticket } })
    expect(wrong.body.error.code).toBe('wrong_activity')
    expect((await api.call('POST', `/api/activities/${one.id}/checkin`, { token: resident.token, body: { ticket } })).status).toBe(403)
    expect((await api.call('POST', `/api/activities/${one.id}/checkin`, { token: organizer, body: { ticket: 'abc' } })).status).toBe(400)
  })

  it('lets organisers add hours by hand with a reason, within the activity length, kept as an audit record', async () => {
    const activity = await publish({ capacity: 5 })
    const resident = await api.login('补录者')
    await signUp(resident.token, activity.id)
    const roster = Roster.parse((await api.call('GET', `/api/activities/${activity.id}/roster`, { token: organizer })).body)
    const signupId = roster.items[0].signupId
    const add = (hours: number, reason = '扫码设备故障,现场核实') =>
      api.call('POST', `/api/activities/${activity.id}/hours`, { token: organizer, body: { signupId, hours, reason } })
    expect((await add(3)).body.error.code).toBe('hours_exceed_activity')
    expect((await add(1, '')).status).toBe(400)
    expect(await add(1.5)).toMatchObject({ status: 201, body: { hours: 1.5 } })
    const [audit] = await api.sql.query<{ reason: string; created_by: string | null }>(
      `select reason, created_by from volunteer_hours where activity_id = $1`,
      [activity.id],
    )
    expect(audit.reason).toBe('扫码设备故障,现场核实')
    expect(audit.created_by).not.toBeNull()
  })

  it('exports the roster with hours as an Excel workbook', async () => {
    const activity = await publish({ title: '导出测试活动', capacity: 5 })
    for (const name of ['导出甲', '导出乙']) await signUp((await api.login(name)).token, activity.id)
    const response = await fetch(`${api.url}/api/activities/${activity.id}/roster.xlsx`, { headers: { authorization: `Bearer ${organizer}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.worksheets[0]
    expect(sheet.getRow(1).getCell(2).value).toBe('活动名称')
    expect(sheet.rowCount).toBe(3)
    expect([sheet.getRow(2).getCell(4).value, sheet.getRow(3).getCell(4).value]).toEqual(['导出甲', '导出乙'])
    expect(sheet.getRow(2).getCell(2).value).toBe('导出测试活动')
  })
})

describe('organisers change or cancel an activity', () => {
  it('an edit notifies subscribed residents; raising capacity promotes the waiting list', async () => {
    const activity = await publish({ capacity: 1 })
    const a = await api.login('改动甲')
    const b = await api.login('改动乙')
    await signUp(a.token, activity.id, { subscribe: true })
    await signUp(b.token, activity.id, { subscribe: true })
    const edited = await api.call('PATCH', `/api/activities/${activity.id}`, { token: organizer, body: { capacity: 2, location: '西关广场' } })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ location: '西关广场', confirmedCount: 2, waitlistCount: 0 })
    // Fields the edit does not name keep their values (no defaults filled in).
    expect(edited.body).toMatchObject({ hours: activity.hours, cancelRule: activity.cancelRule, description: activity.description })
    const [{ n }] = await api.sql.query<{ n: number }>(
      `select count(*)::int as n from activity_notifications where activity_id = $1 and kind = 'changed'`,
      [activity.id],
    )
    expect(n).toBe(2)
    expect((await api.call('PATCH', `/api/activities/${activity.id}`, { token: organizer, body: { capacity: 1 } })).body.error.code).toBe(
      'capacity_below_confirmed',
    )
  })

  it('cancelling an activity notifies and closes sign-up', async () => {
    const activity = await publish()
    const { token } = await api.login('取消通知')
    await signUp(token, activity.id, { subscribe: true })
    expect((await api.call('POST', `/api/activities/${activity.id}/cancel`, { token: organizer })).body.status).toBe('cancelled')
    const later = await api.login('取消后报名')
    expect((await signUp(later.token, activity.id)).body.error.code).toBe('signup_closed')
    const kinds = await api.sql.query<{ kind: string }>(`select kind from activity_notifications where activity_id = $1 and status = 'pending'`, [activity.id])
    expect(kinds.map((k) => k.kind)).toEqual(['cancelled'])
  })
})
