import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { startApi, type TestApi } from './api'
import { root, taroBuild } from './build'

export const screenshotDir = path.join(root, 'test-results', 'screenshots')

/** A phone-sized Chromium (the one the run's global setup found: tests/support/tools.ts), set to China's time zone unless told otherwise. */
export async function openPhone(timezoneId = 'Asia/Shanghai'): Promise<{ browser: BrowserContext; page: Page }> {
  mkdirSync(screenshotDir, { recursive: true })
  console.log(`screenshots: ${screenshotDir}`)
  const binary = inject('browser')
  const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'wc-chromium-')), {
    executablePath: binary.executablePath,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId,
    args: binary.args,
    env: { ...process.env, ...binary.env },
  })
  return { browser, page: browser.pages()[0] ?? (await browser.newPage()) }
}

/** A full-page picture once page transitions have settled. */
export async function screenshot(page: Page, name: string) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true })
}

/** The same phone, now used by someone else: a dev login by that name, then the page at `path`. */
export async function useAs(app: { api: TestApi; page: Page }, name: string, path: string) {
  const { page, api } = app
  if (!page.url().startsWith(api.url)) await page.goto(`${api.url}/`)
  await page.evaluate((devName) => {
    localStorage.clear()
    localStorage.setItem('session.devName', JSON.stringify({ data: devName }))
  }, name)
  await page.goto(`${api.url}/#${path}`)
  await page.reload()
}

/** The H5 build served beside the API on PGlite, and a phone to use it: one per test file. */
export function useH5App() {
  const app = {} as { api: TestApi; browser: BrowserContext; page: Page }
  beforeAll(async () => {
    app.api = await startApi({ staticDir: await taroBuild('h5', { TARO_APP_API_BASE: '/api' }) })
    Object.assign(app, await openPhone())
  }, 300_000)
  afterAll(async () => {
    await app.browser?.close()
    await app.api?.close()
  })
  return app
}
