import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LoginResponse } from '../../src/shared/account'
import { useRuntime } from '../../api/_lib/runtime'
import { freePort } from '../../scripts/lib/pg-cluster'
import { startApi, type TestApi } from '../support/api'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'

let wechat: FakeWechat
let api: TestApi

beforeAll(async () => {
  wechat = await startFakeWechat('wx-test-app', 'wx-test-secret')
  api = await startApi({
    env: {
      WECHAT_APP_ID: 'wx-test-app',
      WECHAT_APP_SECRET: 'wx-test-secret',
      WECHAT_API_BASE: wechat.url,
      WECHAT_TIMEOUT_MS: '500',
    },
  })
})
afterAll(async () => {
  await api.close()
  await wechat.close()
})

const login = (code: string) => api.call('POST', '/api/auth/login', { body: { code } })

describe('login through WeChat (jscode2session)', () => {
  it('exchanges a code for the openid and logs in the same user every time', async () => {
    wechat.codes.set('code-1', 'openid-resident-1')
    wechat.codes.set('code-2', 'openid-resident-1')
    const first = await login('code-1')
    expect(first.status).toBe(200)
    const session = LoginResponse.parse(first.body)
    expect((await api.call('GET', '/api/me', { token: session.token })).status).toBe(200)
    const second = await login('code-2')
    expect(second.body.user.id).toBe(session.user.id)
  })

  it('never returns the openid to the app', async () => {
    wechat.codes.set('code-3', 'openid-secret-3')
    const { body } = await login('code-3')
    expect(JSON.stringify(body)).not.toContain('openid-secret-3')
  })

  it('refuses an invalid or already used code with 401 login_failed', async () => {
    wechat.codes.set('code-4', 'openid-4')
    expect((await login('code-4')).status).toBe(200)
    for (const code of ['code-4', 'never-issued']) {
      const response = await login(code)
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('login_failed')
    }
  })

  it('answers 503 wechat_unavailable when WeChat does not answer in time', async () => {
    wechat.silentCodes.add('slow-code')
    const started = Date.now()
    const response = await login('slow-code')
    expect(response.status).toBe(503)
    expect(response.body.error.code).toBe('wechat_unavailable')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('answers 503 wechat_unavailable, with a message saying so, when WeChat cannot be reached at all', async () => {
    const port = await freePort() // nothing listens there: the connection is refused
    const cut = await startApi({
      env: { WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'wx-test-secret', WECHAT_API_BASE: `http://127.0.0.1:${port}`, WECHAT_TIMEOUT_MS: '500' },
    })
    try {
      const response = await cut.call('POST', '/api/auth/login', { body: { code: 'any-code' } })
      expect(response.status).toBe(503)
      expect(response.body.error).toEqual({ code: 'wechat_unavailable', message: '微信登录服务暂时不可用,请稍后再试。' })
    } finally {
      await cut.close()
      useRuntime(api.runtime) // the process has one runtime: give it back to this file's API
    }
  })

  it('refuses dev logins once WeChat is configured', async () => {
    const response = await login('dev:organizer')
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('login_failed')
  })
})
