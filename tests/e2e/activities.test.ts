import { describe, expect, it } from 'vitest'
import { openPhone, screenshot, useAs, useH5App } from '../support/browser'

const app = useH5App()

const shot = (name: string) => screenshot(app.page, `activities-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('an activity from announcement to hours on the record', { timeout: 120_000 }, () => {
  it('organiser publishes → resident signs up → ticket → organiser checks in and out → hours appear', async () => {
    await useAs(app, 'organizer', '/packages/organizer/activity-edit/index')
    await visible('[data-testid="edit-title"] input').fill('浏览器测试:清扫西关街')
    await visible('[data-testid="edit-location"] input').fill('西关社区门口')
    await visible('[data-testid="edit-capacity"] input').fill('10')
    await shot('1-publish')
    await visible('.edit__submit').click()
    await app.page.getByText('报名名单与签到').waitFor()
    const [activity] = await app.api.sql.query<{ id: string }>(`select id from activities where title = '浏览器测试:清扫西关街'`)

    await useAs(app, '王阿姨', `/packages/activities/detail/index?id=${activity.id}`)
    await app.page.getByText('我要报名').click()
    await app.page.getByText('报名成功').waitFor()
    await shot('2-signed-up')
    await app.page.getByText('确定', { exact: true }).click()
    await app.page.getByText('查看报名凭证(签到二维码)').click()
    await visible('[data-testid="ticket-qr"]').waitFor()
    await app.page.getByText('到场后请向工作人员出示此码签到').waitFor()
    await shot('3-ticket')

    // The day comes: the two-hour activity started 1.9 hours ago.
    await app.api.sql.query(
      `update activities set starts_at = now() - interval '114 minutes', ends_at = now() + interval '6 minutes' where id = $1`,
      [activity.id],
    )
    const [{ ticket }] = await app.api.sql.query<{ ticket: string }>('select ticket from activity_signups where activity_id = $1', [activity.id])
    await useAs(app, 'organizer', `/packages/organizer/roster/index?id=${activity.id}`)
    await visible('[data-testid="roster-ticket"] input').fill(ticket)
    await app.page.getByText('签到', { exact: true }).click()
    await app.page.getByText('王阿姨 签到成功').waitFor()
    // She arrived at the start.
    await app.api.sql.query('update activity_signups set checked_in_at = now() - interval \'114 minutes\' where ticket = $1', [ticket])
    await visible('[data-testid="roster-ticket"] input').fill(ticket)
    await app.page.getByText('签退', { exact: true }).click()
    await app.page.getByText('王阿姨 签退成功,记志愿时长 1.9 小时').waitFor()
    await shot('4-roster')

    await useAs(app, '王阿姨', '/packages/activities/mine/index')
    await visible('[data-testid="hours-total"]').waitFor()
    expect(await visible('[data-testid="hours-total"]').innerText()).toBe('1.9 小时')
    await shot('5-my-hours')
  })

  it('shows an activity’s times in Beijing time on a phone set to another time zone', async () => {
    // 16:30 UTC is 08:30 or 09:30 in Los Angeles on the same day, 00:30 the next day in Beijing.
    const deadline = new Date(Date.now() + 20 * 86_400_000)
    deadline.setUTCHours(16, 30, 0, 0)
    const [activity] = await app.api.sql.query<{ id: string }>(
      `update activities set starts_at = now() + interval '30 days', ends_at = now() + interval '30 days 2 hours', signup_deadline = $1
       where id = (select id from activities where status = 'published' order by starts_at limit 1) returning id`,
      [deadline.toISOString()],
    )
    const [times] = await app.api.sql.query<{ starts_at: Date; ends_at: Date; signup_deadline: Date }>(
      'select starts_at, ends_at, signup_deadline from activities where id = $1',
      [activity.id],
    )
    const inBeijing = (at: Date, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', ...options }).format(at)
    const clock = (at: Date) => inBeijing(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const day = (at: Date) => inBeijing(at, { month: 'long', day: 'numeric' })
    const weekday = inBeijing(times.starts_at, { weekday: 'short' }).replace('周', '')

    const phone = await openPhone('America/Los_Angeles')
    try {
      expect(await phone.page.evaluate(() => new Date().getTimezoneOffset())).toBeGreaterThan(0)
      await useAs({ api: app.api, page: phone.page }, '洛杉矶的亲戚', `/packages/activities/detail/index?id=${activity.id}`)
      await phone.page.getByText(`报名截止:${day(times.signup_deadline)} 00:30`).waitFor()
      await phone.page
        .getByText(`时间:${day(times.starts_at)} 周${weekday} ${clock(times.starts_at)}–${clock(times.ends_at)}`)
        .waitFor()
      await screenshot(phone.page, 'activities-7-other-time-zone')
    } finally {
      await phone.browser.close()
    }
  })

  it('lists the upcoming activities on the 活动 tab', async () => {
    await useAs(app, '看活动的人', '/pages/activities/index')
    await visible('[data-testid="activity-card"]').first().waitFor()
    expect(await visible('[data-testid="activity-card"]').count()).toBeGreaterThanOrEqual(4)
    await shot('6-tab')
  })
})
