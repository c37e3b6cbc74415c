// The weapp build in the WeChat-like runtime, beside the real API (PGlite) and the fake WeChat
// server: one per test file. `open` starts the mini-program on a phone of its own for one WeChat user.
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { startApi, type TestApi } from './api'
import { reminderTemplateId, weappBuild } from './build'
import { loginAs, startFakeWechat, type FakeWechat } from './fake-wechat'
import { MiniProgram, type NativeAnswers } from './mini-program'

export const wechatEnv = { WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'wx-test-secret' }

export function useWeappRuntime() {
  const app = {} as {
    dist: string
    api: TestApi
    wechat: FakeWechat
    /** The mini-program started for `openid` (a new phone: empty storage, no privacy answer yet). */
    open(openid: string, answers?: Partial<NativeAnswers>): MiniProgram
    /** The same person through the API: their token and id. */
    login(openid: string): Promise<{ token: string; user: { id: string } }>
  }
  const opened: MiniProgram[] = []
  const rejections: unknown[] = []
  const onRejection = (reason: unknown) => rejections.push(reason)
  const timeZone = process.env.TZ

  beforeAll(async () => {
    // Residents' phones keep China's time.
    process.env.TZ = 'Asia/Shanghai'
    process.on('unhandledRejection', onRejection)
    app.dist = await weappBuild()
    app.wechat = await startFakeWechat(wechatEnv.WECHAT_APP_ID, wechatEnv.WECHAT_APP_SECRET)
    app.api = await startApi({ env: { ...wechatEnv, WECHAT_API_BASE: app.wechat.url, WECHAT_PUSH_TOKEN: 'push-token', WECHAT_TEMPLATE_ACTIVITY: reminderTemplateId } })
    app.open = (openid, answers) => {
      const mp = new MiniProgram({ dist: app.dist, apiOrigin: app.api.url, wechat: app.wechat, openid, answers })
      opened.push(mp)
      return mp
    }
    app.login = (openid) => loginAs(app.api, app.wechat, openid)
  }, 300_000)

  // Whatever a test did, the app threw nothing, rejected nothing and touched no browser global.
  afterEach(() => {
    for (const mp of opened.splice(0)) {
      expect({ errors: mp.errors.map(String), consoleErrors: mp.consoleErrors, browserGlobals: mp.browserTouches })
        .toEqual({ errors: [], consoleErrors: [], browserGlobals: [] })
    }
    expect(rejections.splice(0).map(String)).toEqual([])
  })

  afterAll(async () => {
    process.off('unhandledRejection', onRejection)
    if (timeZone === undefined) delete process.env.TZ
    else process.env.TZ = timeZone
    await app.api?.close()
    await app.wechat?.close()
  })
  return app
}
