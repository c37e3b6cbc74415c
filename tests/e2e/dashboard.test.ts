import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'

const app = useH5App()

const visible = (selector: string) => app.page.locator(`${selector}:visible`)

/** Waits until the chart's canvas holds a picture (some pixel not transparent). */
async function drawn(chart: string) {
  await visible(`[data-testid="${chart}"] canvas`).waitFor()
  await app.page.waitForFunction((selector) => {
    const element = document.querySelector(selector) as HTMLCanvasElement | null
    if (!element || element.width === 0) return false
    const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true
    return false
  }, `[data-testid="${chart}"] canvas`)
}

describe('参与统计 in the organisers\' workspace', { timeout: 120_000 }, () => {
  it('an organiser opens the dashboard: headline numbers, the trend and the rates drawn, the export at hand', async () => {
    // A little participation to show: a resident of 东关社区 signs the pledge.
    const { token } = await app.api.login('统计页居民')
    const { body: communities } = await app.api.call('GET', '/api/communities')
    await app.api.call('PATCH', '/api/me', { token, body: { communityId: communities.items[0].id } })
    expect((await app.api.call('POST', '/api/pledge', { token, body: { displayName: '统计页居民' } })).status).toBe(201)

    // From the workspace's tool list (the first page of a freshly built app can take a while).
    await useAs(app, 'organizer', '/packages/organizer/index/index')
    await app.page.getByText('参与统计', { exact: true }).click({ timeout: 60_000 })
    await visible('[data-testid="stats-participants"]').waitFor()
    expect(await visible('[data-testid="stats-scope"]').innerText()).toContain('全县')
    const [{ registered }] = await app.api.sql.query<{ registered: number }>('select count(*)::int as registered from users where deleted_at is null')
    expect(await visible('[data-testid="stats-registered"]').innerText()).toBe(registered.toLocaleString())
    expect(Number(await visible('[data-testid="stats-participants"]').innerText())).toBeGreaterThanOrEqual(1)
    expect(await visible('[data-testid="stats-support-rate"]').innerText()).toMatch(/^\d+\.\d%$/)
    expect(await visible('[data-testid="stats-group"]').count()).toBe(communities.items.length + 1)

    // Both charts are drawn on their canvases: pixels that are not blank.
    await drawn('chart-trend')
    await drawn('chart-rates')
    await app.page.getByText('导出评估表', { exact: true }).waitFor()
    await screenshot(app.page, 'dashboard-1-county')

    // A week's buckets, and one community.
    await app.page.getByText('按周').click()
    await app.page.getByText('参与趋势(每周)').waitFor()
    await drawn('chart-trend')
    await screenshot(app.page, 'dashboard-2-weekly')
  })
})
