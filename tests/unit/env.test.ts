import { describe, expect, it } from 'vitest'
import { ConfigError, loadEnv } from '../../api/_lib/env'

const production = {
  NODE_ENV: 'production',
  SESSION_SECRET: 's'.repeat(32),
  WECHAT_APP_ID: 'wx0123456789',
  WECHAT_APP_SECRET: 'secret',
  SUPABASE_URL: 'https://abc.supabase.co',
  SUPABASE_SERVICE_ROLE_KEY: 'service-role-key',
  WECHAT_PUSH_TOKEN: 'push-token',
}

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const env = loadEnv({})
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: '.data' })
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('accepts a complete production configuration', () => {
    expect(loadEnv(production).NODE_ENV).toBe('production')
  })

  it.each([
    ['SESSION_SECRET', { SESSION_SECRET: undefined }],
    ['WECHAT_APP_ID', { WECHAT_APP_ID: undefined, WECHAT_APP_SECRET: undefined }],
    ['SUPABASE_URL', { SUPABASE_URL: undefined, SUPABASE_SERVICE_ROLE_KEY: undefined }],
    ['WECHAT_PUSH_TOKEN', { WECHAT_PUSH_TOKEN: undefined }],
  ])('production refuses to start without %s, naming it', (name, change) => {
    expect(() => loadEnv({ ...production, ...change })).toThrow(new RegExp(name))
  })

  it('names every bad variable in one readable error', () => {
    try {
      loadEnv({ PORT: 'eighty', SESSION_SECRET: 'short' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const message = (error as Error).message
      expect(message).toMatch(/PORT: 端口/)
      expect(message).toMatch(/SESSION_SECRET: 至少 32 个字符/)
    }
  })

  it('refuses half of a pair of settings', () => {
    expect(() => loadEnv({ SUPABASE_URL: 'https://abc.supabase.co' })).toThrow(/SUPABASE_SERVICE_ROLE_KEY/)
    expect(() => loadEnv({ WECHAT_APP_ID: 'wx0123' })).toThrow(/WECHAT_APP_SECRET/)
  })

  it('scales rate limits by a positive RATE_LIMIT_SCALE, 1 by default', () => {
    expect(loadEnv({}).RATE_LIMIT_SCALE).toBe(1)
    expect(loadEnv({ RATE_LIMIT_SCALE: '0.1' }).RATE_LIMIT_SCALE).toBe(0.1)
    for (const bad of ['0', '-1', 'lots']) expect(() => loadEnv({ RATE_LIMIT_SCALE: bad })).toThrow(/RATE_LIMIT_SCALE/)
  })
})
