import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApi, type TestApi } from '../support/api'
import { openPhone, screenshot } from '../support/browser'
import { taroBuild } from '../support/build'

// The H5 build served beside the API on PGlite, driven in Chromium as a resident would.
let api: TestApi
let browser: BrowserContext
let page: Page

beforeAll(async () => {
  api = await startApi({ staticDir: await taroBuild('h5', { TARO_APP_API_BASE: '/api' }) })
  ;({ browser, page } = await openPhone())
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await api?.close()
})

const shot = (name: string) => screenshot(page, `pledge-${name}`)

describe('a resident signs the pledge in the browser', { timeout: 120_000 }, () => {
  it('first launch logs in, home shows the count, signing shows the number, the wall shows the masked name', async () => {
    await page.goto(`${api.url}/`)
    await page.getByText('我要签名').waitFor({ timeout: 30_000 })
    await expect(page.getByText('已有').first().isVisible()).resolves.toBe(true)
    expect(await page.locator('[data-testid="pledge-count"]').first().innerText()).toBe('0')
    await shot('1-home')

    await page.getByText('我要签名').click()
    await page.getByText('我承诺,确认签名').waitFor()
    await page.getByText('还没有人签名').waitFor()
    const name = page.locator('[data-testid="pledge-name"] input, input[data-testid="pledge-name"]').first()
    await name.fill('张三丰')
    await page.getByText('签名墙上将显示为:张*').waitFor()
    await shot('2-pledge-form')

    await page.getByText('我承诺,确认签名').click()
    await page.getByText('你是第 1 位签名者').waitFor()
    await page.locator('[data-testid="wall-item"]').first().waitFor()
    const wall = await page.locator('[data-testid="wall-item"]').allInnerTexts()
    expect(wall).toHaveLength(1)
    expect(wall[0]).toContain('张*')
    expect(wall[0]).not.toContain('张三丰')
    await shot('3-signed')

    await page.goto(`${api.url}/#/pages/index/index`)
    await page.getByText('您是第 1 位签名者 · 查看证书').waitFor()
    expect(await page.locator('[data-testid="pledge-count"]').first().innerText()).toBe('1')
    await shot('4-home-after')

    await page.getByText('我的', { exact: true }).click()
    await page.getByText('第 1 位签名者', { exact: true }).waitFor()
    await shot('5-me')
  })

  it('shows a plain error with a retry button when the network fails, and recovers on retry', async () => {
    await page.route('**/api/pledge', (route) => route.abort('internetdisconnected'))
    await page.goto(`${api.url}/#/pages/index/index`)
    await page.reload()
    await page.getByText('网络不太好,请检查网络后重试。').waitFor()
    await shot('6-home-offline')
    await page.unroute('**/api/pledge')
    await page.getByText('重新加载').click()
    await page.locator('[data-testid="pledge-count"]').first().waitFor()
    const { body } = await api.call('GET', '/api/pledge')
    expect(await page.locator('[data-testid="pledge-count"]').first().innerText()).toBe(String(body.count))
  })
})
