import { describe, expect, it } from 'vitest'
import { screenshot, useH5App } from '../support/browser'

// The H5 build served beside the API on PGlite, driven in Chromium as a resident would.
const app = useH5App()

const shot = (name: string) => screenshot(app.page, `pledge-${name}`)

describe('a resident signs the pledge in the browser', { timeout: 120_000 }, () => {
  it('first launch logs in, home shows the count, signing shows the number, the wall shows the masked name', async () => {
    await app.page.goto(`${app.api.url}/`)
    await app.page.getByText('我要签名').waitFor({ timeout: 30_000 })
    await expect(app.page.getByText('已有').first().isVisible()).resolves.toBe(true)
    expect(await app.page.locator('[data-testid="pledge-count"]').first().innerText()).toBe('0')
    await shot('1-home')

    await app.page.getByText('我要签名').click()
    await app.page.getByText('我承诺,确认签名').waitFor()
    await app.page.getByText('还没有人签名').waitFor()
    const name = app.page.locator('[data-testid="pledge-name"] input, input[data-testid="pledge-name"]').first()
    await name.fill('张三丰')
    await app.page.getByText('签名墙上将显示为:张*').waitFor()
    await shot('2-pledge-form')

    await app.page.getByText('我承诺,确认签名').click()
    await app.page.getByText('你是第 1 位签名者').waitFor()
    await app.page.locator('[data-testid="wall-item"]').first().waitFor()
    const wall = await app.page.locator('[data-testid="wall-item"]').allInnerTexts()
    expect(wall).toHaveLength(1)
    expect(wall[0]).toContain('张*')
    expect(wall[0]).not.toContain('张三丰')
    await shot('3-signed')

    await app.page.goto(`${app.api.url}/#/pages/index/index`)
    await app.page.getByText('您是第 1 位签名者 · 查看证书').waitFor()
    expect(await app.page.locator('[data-testid="pledge-count"]').first().innerText()).toBe('1')
    await shot('4-home-after')

    await app.page.getByText('我的', { exact: true }).click()
    await app.page.getByText('第 1 位签名者', { exact: true }).waitFor()
    await shot('5-me')
  })

  it('shows a plain error with a retry button when the network fails, and recovers on retry', async () => {
    await app.page.route('**/api/pledge', (route) => route.abort('internetdisconnected'))
    await app.page.goto(`${app.api.url}/#/pages/index/index`)
    await app.page.reload()
    await app.page.getByText('网络不太好,请检查网络后重试。').waitFor()
    await shot('6-home-offline')
    await app.page.unroute('**/api/pledge')
    await app.page.getByText('重新加载').click()
    await app.page.locator('[data-testid="pledge-count"]').first().waitFor()
    const { body } = await app.api.call('GET', '/api/pledge')
    expect(await app.page.locator('[data-testid="pledge-count"]').first().innerText()).toBe(String(body.count))
  })
})
