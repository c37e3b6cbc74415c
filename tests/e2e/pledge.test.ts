import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root, taroBuild } from '../support/build'
import { startApi, type TestApi } from '../support/api'

// The H5 build served beside the API on PGlite, driven in Chromium as a resident would.
const screenshots = path.join(root, 'test-results', 'screenshots')
let api: TestApi
let browser: BrowserContext
let page: Page

beforeAll(async () => {
  const dist = await taroBuild('h5', { TARO_APP_API_BASE: '/api' })
  api = await startApi({}, dist)
  mkdirSync(screenshots, { recursive: true })
  console.log(`screenshots: ${screenshots}`)
  browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'wc-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  page = browser.pages()[0] ?? (await browser.newPage())
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await api?.close()
})

// Page transitions animate: wait for them to settle so the picture shows one page.
async function shot(name: string) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true })
}

describe('a resident signs the pledge in the browser', () => {
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
