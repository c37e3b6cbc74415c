import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'

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

  it('lists the upcoming activities on the 活动 tab', async () => {
    await useAs(app, '看活动的人', '/pages/activities/index')
    await visible('[data-testid="activity-card"]').first().waitFor()
    expect(await visible('[data-testid="activity-card"]').count()).toBeGreaterThanOrEqual(4)
    await shot('6-tab')
  })
})
