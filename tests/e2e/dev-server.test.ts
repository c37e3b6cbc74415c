import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/lib/pg-cluster'
import { openPhone, screenshot } from '../support/browser'
import { root } from '../support/build'

// `npm run dev` as a newcomer runs it: the embedded database created on first start, the API and
// the H5 dev server wired together, and the app working in a browser at the printed address.
let dev: ChildProcess
let h5Url: string
let browser: BrowserContext
let page: Page

beforeAll(async () => {
  const [apiPort, h5Port] = [await freePort(), await freePort()]
  dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    cwd: root,
    detached: true, // its own process group, so that the Taro watcher stops with it
    env: { ...process.env, PORT: String(apiPort), H5_PORT: String(h5Port), DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wc-dev-')), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  h5Url = await new Promise<string>((resolve, reject) => {
    dev.stdout!.on('data', (chunk: Buffer) => {
      const match = /open\s+(http:\/\/\S+)/.exec(chunk.toString())
      if (match) resolve(match[1])
    })
    dev.on('exit', (code) => reject(new Error(`npm run dev exited with ${code}`)))
  })
  ;({ browser, page } = await openPhone())
}, 300_000)

afterAll(async () => {
  await browser?.close()
  if (dev?.pid) process.kill(-dev.pid, 'SIGTERM')
})

describe('npm run dev', { timeout: 120_000 }, () => {
  it('serves the app at the printed address, talking to the embedded database', async () => {
    await page.goto(h5Url)
    await page.getByText('我要签名').waitFor({ timeout: 60_000 })
    expect(await page.locator('[data-testid="pledge-count"]').first().innerText()).toBe('0')
    await screenshot(page, 'dev-home')
  })
})
