import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApi, type TestApi } from '../support/api'
import { loginAs, startFakeWechat, type FakeWechat } from '../support/fake-wechat'

// Reminders go out through WeChat's subscribe messages; here WeChat is a fake on loopback.
let wechat: FakeWechat
let api: TestApi
let organizer: string
const cronSecret = 'cron-secret-for-tests-0123456789'

beforeAll(async () => {
  wechat = await startFakeWechat('wx-app', 'wx-secret')
  api = await startApi({
    env: {
      WECHAT_APP_ID: 'wx-app',
      WECHAT_APP_SECRET: 'wx-secret',
      WECHAT_API_BASE: wechat.url,
      WECHAT_TEMPLATE_ACTIVITY: 'tmpl-activity',
      CRON_SECRET: cronSecret,
    },
  })
  organizer = (await login('openid-organizer')).token
  await api.sql.query(
    `insert into user_roles (user_id, role, scope_kind) select id, 'organizer', 'county' from users where openid = 'openid-organizer'`,
  )
})
afterAll(async () => {
  await api.close()
  await wechat.close()
})

const login = (openid: string) => loginAs(api, wechat, openid)

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString()

async function publish(startsInHours: number, title = '社区文明课堂') {
  const response = await api.call('POST', '/api/activities', {
    token: organizer,
    body: { title, kind: 'class', location: '金城社区活动室', startsAt: hours(startsInHours), endsAt: hours(startsInHours + 1), capacity: 10 },
  })
  return response.body.id as string
}

const pending = (activityId: string) =>
  api.sql.query<{ kind: string; due_at: Date }>(
    `select kind, due_at from activity_notifications where activity_id = $1 and status = 'pending' order by due_at`,
    [activityId],
  )
const runCron = () => api.call('GET', '/api/cron/reminders', { headers: { authorization: `Bearer ${cronSecret}` } })
const makeDue = (activityId: string) =>
  api.sql.query(`update activity_notifications set due_at = now() - interval '1 second' where activity_id = $1 and status = 'pending'`, [activityId])

describe('reminder scheduling', () => {
  // One 允许 is a one-time subscription: one message, so one reminder.
  it('schedules one reminder a day before for a subscribed sign-up', async () => {
    const activityId = await publish(48)
    const { token } = await login('openid-a')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    const due = await pending(activityId)
    expect(due.map((d) => d.kind)).toEqual(['day_before'])
    const start = Date.parse(hours(48))
    expect(Math.abs(due[0].due_at.valueOf() - (start - 24 * 3600_000))).toBeLessThan(60_000)
  })

  it('reminds an hour before when the day before has passed, and schedules none without the opt-in', async () => {
    const soon = await publish(2)
    const { token } = await login('openid-b')
    await api.call('POST', `/api/activities/${soon}/signup`, { token, body: { subscribe: true } })
    expect((await pending(soon)).map((d) => d.kind)).toEqual(['hour_before'])
    const quiet = await publish(48)
    await api.call('POST', `/api/activities/${quiet}/signup`, { token, body: { subscribe: false } })
    expect(await pending(quiet)).toEqual([])
  })
})

describe('the scheduled sender', () => {
  it('refuses a call without the cron secret', async () => {
    expect((await api.call('GET', '/api/cron/reminders')).status).toBe(401)
    expect((await api.call('GET', '/api/cron/reminders', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
  })

  it('sends only what is due, with the template fields, and never twice', async () => {
    const activityId = await publish(48, '这是一个名字非常非常长的道德讲堂活动标题超过二十个字')
    const { token } = await login('openid-c')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    await api.sql.query(
      `update activity_notifications set due_at = now() - interval '1 second' where activity_id = $1 and kind = 'day_before'`,
      [activityId],
    )
    const before = wechat.messages.length
    expect((await runCron()).body).toEqual({ configured: true, sent: 1, refused: 0, retried: 0 })
    const message = wechat.messages[before]
    expect(message).toMatchObject({ touser: 'openid-c', template_id: 'tmpl-activity', page: `packages/activities/detail/index?id=${activityId}` })
    expect(Array.from(message.data.thing1.value)).toHaveLength(20)
    expect(message.data.thing3.value).toBe('金城社区活动室')
    expect(message.data.thing4.value).toBe('活动明天开始,请准时参加')
    expect(message.data.time2.value).toMatch(/年.*月.*日/)
    expect((await runCron()).body.sent).toBe(0)
    expect(wechat.messages.length).toBe(before + 1)
    expect(await pending(activityId)).toEqual([])
  })

  it('sends one message per subscription: the first due, the rest skipped, nothing more queued', async () => {
    const activityId = await publish(48)
    const { token } = await login('openid-one-message')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    const edit = (location: string) => api.call('PATCH', `/api/activities/${activityId}`, { token: organizer, body: { location } })
    expect((await edit('金城社区二楼')).status).toBe(200)
    expect((await pending(activityId)).map((d) => d.kind)).toEqual(['changed', 'day_before'])
    const before = wechat.messages.length
    expect((await runCron()).body).toMatchObject({ sent: 1, refused: 0 })
    expect((await runCron()).body).toMatchObject({ sent: 0 })
    expect(wechat.messages.slice(before).map((m) => m.data.thing4.value)).toEqual(['活动信息有变动,请点击查看'])
    const statuses = await api.sql.query<{ kind: string; status: string }>(
      `select kind, status from activity_notifications where activity_id = $1 order by kind`,
      [activityId],
    )
    expect(statuses).toEqual([{ kind: 'changed', status: 'sent' }, { kind: 'day_before', status: 'skipped' }])
    // The subscription is spent: a later change queues nothing for this sign-up.
    expect((await edit('金城社区三楼')).status).toBe(200)
    expect(await pending(activityId)).toEqual([])
  })

  it('claims one message per sign-up, and none while one is in flight', async () => {
    const activityId = await publish(48)
    const { token } = await login('openid-in-flight')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    await api.call('PATCH', `/api/activities/${activityId}`, { token: organizer, body: { location: '金城社区' } })
    await makeDue(activityId)
    const claim = async () => {
      const [row] = await api.sql.query<{ result: { items: { activity: { id: string } }[] } }>('select api_notifications_claim(100) as result')
      return row.result.items.filter((item) => item.activity.id === activityId).length
    }
    // Two senders one after the other, before the first has sent: only the first gets a message.
    expect(await claim()).toBe(1)
    expect(await claim()).toBe(0)
  })

  it('does not retry a resident who has no subscription left', async () => {
    const activityId = await publish(48)
    const { token } = await login('openid-refusing')
    wechat.refusing.add('openid-refusing')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    await makeDue(activityId)
    expect((await runCron()).body).toMatchObject({ refused: 1, sent: 0 })
    const [row] = await api.sql.query<{ n: number }>(
      `select count(*)::int as n from activity_notifications where activity_id = $1 and status = 'skipped'`,
      [activityId],
    )
    expect(row.n).toBe(1)
  })

  it('retries when WeChat is busy, and gives up after three attempts', async () => {
    const activityId = await publish(48)
    const { token } = await login('openid-busy')
    await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { subscribe: true } })
    for (let attempt = 1; attempt <= 3; attempt++) {
      wechat.busy.next = 1
      await makeDue(activityId)
      expect((await runCron()).body).toMatchObject({ retried: 1 })
    }
    const [row] = await api.sql.query<{ status: string; attempts: number }>(
      `select status, attempts from activity_notifications where activity_id = $1`,
      [activityId],
    )
    expect(row).toEqual({ status: 'failed', attempts: 3 })
  })
})

describe('the invitation poster (a mini-program code from WeChat)', () => {
  it('carries the invitation code as the scene and opens the landing page', async () => {
    const [{ join_code }] = await api.sql.query<{ join_code: string }>('select join_code from school_classes limit 1')
    const { token } = await login('openid-student')
    const bound = await api.call('POST', '/api/families/student', { token, body: { joinCode: join_code, under14: false } })
    const response = await api.call('GET', '/api/families/me/poster', { token })
    expect(response.status).toBe(200)
    expect(response.body.imageDataUrl).toMatch(/^data:image\/jpeg;base64,/)
    expect(wechat.codeRequests.at(-1)).toMatchObject({ scene: `i=${bound.body.inviteCode}`, page: 'packages/families/join/index' })
  })
})
