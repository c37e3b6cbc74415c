import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'

const app = useH5App()

const shot = (name: string) => screenshot(app.page, `announcements-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

const title = '浏览器测试:周六集中清扫'

describe('an announcement from the organiser to a resident', { timeout: 120_000 }, () => {
  it('organiser publishes with a bold word and a script → resident sees it unread on 首页, opens it safely, the mark goes', async () => {
    await useAs(app, 'organizer', '/packages/organizer/announcements/index')
    await app.page.getByText('写新公告').click()
    await visible('[data-testid="notice-title"] input').fill(title)
    await visible('[data-testid="notice-body"] textarea').fill(
      '请大家**按时**到东关街口集合。\n\n<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">带好手套。',
    )
    await shot('1-write')
    await app.page.getByText('发布', { exact: true }).click()
    await visible('[data-testid="notice-row"]').filter({ hasText: title }).getByText('已发布').waitFor()
    await shot('2-published')
    const [row] = await app.api.sql.query<{ id: string; body: string }>('select id, body from announcements where title = $1', [title])
    expect(row.body).toContain('<strong>按时</strong>')
    expect(row.body).not.toMatch(/<script|<img/)

    await useAs(app, '李大爷', '/pages/index/index')
    const item = visible('[data-testid="announcement-row"]').filter({ hasText: title })
    await item.waitFor()
    await item.locator('[data-testid="unread-dot"]').waitFor()
    expect(await visible('[data-testid="announcements-unread"]').innerText()).toMatch(/^\d+ 条未读$/)
    // The 首页 tab carries the number too.
    await visible('.taro-tabbar-badge').first().waitFor()
    await shot('3-home-unread')

    await item.click()
    await visible('[data-testid="announcement-title"]').filter({ hasText: title }).waitFor()
    const bold = visible('[data-testid="announcement-body"] strong')
    expect(await bold.innerText()).toBe('按时')
    expect(Number(await bold.evaluate((el) => getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(600)
    // What looked like HTML is shown as text; nothing of it ran or became an element.
    await visible('[data-testid="announcement-body"]').getByText('带好手套', { exact: false }).waitFor()
    expect(await app.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(await visible('[data-testid="announcement-body"]').locator('script, img, iframe').count()).toBe(0)
    await app.page.waitForTimeout(500) // the page's slide-in
    await shot('4-detail')

    await app.page.goBack()
    await item.waitFor()
    await expect.poll(() => item.locator('[data-testid="unread-dot"]').count(), { timeout: 10_000 }).toBe(0)
    await shot('5-home-read')

    await visible('.notice__more').click()
    await visible('[data-testid="announcement-item"]').filter({ hasText: title }).waitFor()
    expect(await visible('[data-testid="announcement-item"]').filter({ hasText: title }).locator('[data-testid="unread-dot"]').count()).toBe(0)
    await app.page.waitForTimeout(500) // the page's slide-in
    await shot('6-list')
  })
})
