import type { VercelRequest, VercelResponse } from '@vercel/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadEnv } from '../../api/_lib/env'
import { route, router } from '../../api/_lib/handler'
import { createLogger, requestIdFrom } from '../../api/_lib/log'
import { startApi, type TestApi } from '../support/api'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'

// What the API writes to its log, captured from the logger's destination stream.
let raw: string[] = []
const sink = { write: (line: string) => void raw.push(line) }
const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>)
const requestLines = () => lines().filter((line) => line.msg === 'request')

let wechat: FakeWechat
let api: TestApi

beforeAll(async () => {
  wechat = await startFakeWechat('wx-log-app', 'wx-log-secret')
  api = await startApi({ env: { WECHAT_APP_ID: 'wx-log-app', WECHAT_APP_SECRET: 'wx-log-secret', WECHAT_API_BASE: wechat.url } })
  api.runtime.log = createLogger('info', sink)
})
afterAll(async () => {
  await api.close()
  await wechat.close()
})
beforeEach(() => {
  raw = []
})

describe('request logs', () => {
  it('write one line per request with id, method, route pattern, status and ms, and never who or what the token is', async () => {
    const openid = 'oLOG-openid-5f2c9e71'
    wechat.codes.set('log-code-1', openid)
    const login = await api.call('POST', '/api/auth/login', { body: { code: 'log-code-1' } })
    expect(login.status).toBe(200)
    const token: string = login.body.token
    const nickname = '欧阳明月'
    const calls = [
      login,
      await api.call('PATCH', '/api/me', { token, body: { nickname } }),
      await api.call('POST', '/api/pledge', { token, body: { displayName: nickname } }),
      // Refusals: no token; a token that is not one; input that does not parse.
      await api.call('GET', '/api/me'),
      await api.call('GET', '/api/me', { headers: { authorization: 'Bearer not-a-token-e3b0c442' } }),
      await api.call('POST', '/api/pledge', { token, body: { displayName: 42 } }),
      await api.call('GET', '/api/pledge/signatures?limit=5', { headers: { 'x-request-id': 'trace_2026-abc' } }),
      // An id that is not sane (too long, or with other characters) is replaced.
      await api.call('GET', '/api/me', { token, headers: { 'x-request-id': 'x'.repeat(65) } }),
      await api.call('GET', '/api/me', { token, headers: { 'x-request-id': 'a b;c' } }),
    ]
    expect(calls.map((c) => c.status)).toEqual([200, 200, 201, 401, 401, 400, 200, 200, 200])

    const logged = requestLines()
    expect(logged).toHaveLength(calls.length)
    for (const [i, call] of calls.entries()) {
      const id = call.headers.get('x-request-id')
      expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
      const mine = logged.filter((line) => line.reqId === id)
      expect(mine, `request ${i}`).toHaveLength(1)
      expect(mine[0]).toMatchObject({ status: call.status, level: call.status >= 500 ? 'error' : 'info' })
      expect(typeof mine[0].ms).toBe('number')
      expect(typeof mine[0].time).toBe('string')
    }
    expect(new Set(logged.map((line) => line.reqId)).size).toBe(calls.length)
    expect(calls[6].headers.get('x-request-id')).toBe('trace_2026-abc')
    expect(calls[7].headers.get('x-request-id')).not.toBe('x'.repeat(65))
    expect(calls[8].headers.get('x-request-id')).not.toBe('a b;c')
    // Patterns, not addresses; the refusal's code rides along.
    expect(logged.map((line) => [line.method, line.route])).toEqual([
      ['POST', '/api/auth/login'],
      ['PATCH', '/api/me'],
      ['POST', '/api/pledge'],
      ['GET', '/api/me'],
      ['GET', '/api/me'],
      ['POST', '/api/pledge'],
      ['GET', '/api/pledge/signatures'],
      ['GET', '/api/me'],
      ['GET', '/api/me'],
    ])
    expect(logged.map((line) => line.code)).toEqual([undefined, undefined, undefined, 'unauthorized', 'unauthorized', 'invalid_request', undefined, undefined, undefined])

    const everything = raw.join('\n')
    for (const secret of [token, `Bearer ${token}`, 'not-a-token-e3b0c442', openid, 'log-code-1', nickname, login.body.user.id]) {
      expect(everything).not.toContain(secret)
    }
  })

  it('logs a dynamic route under its pattern, not its address', async () => {
    await api.call('GET', '/api/activities/7d9a4c1e-5b1f-4a57-9f0e-000000000001')
    const [line] = requestLines()
    expect(line).toMatchObject({ method: 'GET', route: '/api/activities/:activityId', status: 404 })
    expect(JSON.stringify(line)).not.toContain('7d9a4c1e')
  })
})

// The router's own guarantees, exercised on a test router called directly.
function fakeExchange(method: string, url: string) {
  const writes: { status: number; body: unknown }[] = []
  const headers = new Map<string, string>()
  const res = {
    statusCode: 200,
    headersSent: false,
    setHeader(name: string, value: string) {
      headers.set(name.toLowerCase(), value)
      return res
    },
    status(code: number) {
      res.statusCode = code
      return res
    },
    json(body: unknown) {
      writes.push({ status: res.statusCode, body })
      res.headersSent = true
      return res
    },
    send(body: unknown) {
      return res.json(body)
    },
    end() {
      return res.json(undefined)
    },
  }
  const req = { method, url, headers: {}, query: {} }
  return { req: req as unknown as VercelRequest, res: res as unknown as VercelResponse, writes, headers }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the time budget and failures', () => {
  let dbCallAfterBudget: Promise<unknown> | null = null
  const testRouter = router([
    {
      paths: [{ boom: '/test/boom', slow: '/test/slow' }],
      load: async () => ({
        routes: [
          route({
            method: 'GET',
            path: '/test/boom',
            auth: 'public',
            handle: async () => {
              throw new Error('boom: the handler broke')
            },
          }),
          route({
            method: 'GET',
            path: '/test/slow',
            auth: 'public',
            timeoutMs: 150,
            handle: async ({ runtime }) => {
              await sleep(400)
              // The request has answered 503 by now: a database call is refused rather than started.
              dbCallAfterBudget = runtime.db.rpc('api_pledge_get', { p_user_id: null })
              await dbCallAfterBudget
              return { body: { late: true } }
            },
          }),
        ],
      }),
    },
  ])

  it('answers 500 internal to the caller and logs the message and stack', async () => {
    const { req, res, writes, headers } = fakeExchange('GET', '/api/test/boom')
    await testRouter(req, res)
    expect(writes).toEqual([{ status: 500, body: { error: { code: 'internal', message: expect.any(String) } } }])
    const [line] = requestLines()
    expect(line).toMatchObject({ level: 'error', reqId: headers.get('x-request-id'), route: '/api/test/boom', status: 500 })
    expect(line.err).toMatchObject({ message: 'boom: the handler broke', stack: expect.stringContaining('logging.test.ts') })
  })

  it('answers 503 unavailable once the budget is spent, and the late result writes nothing', async () => {
    const { req, res, writes } = fakeExchange('GET', '/api/test/slow')
    const started = Date.now()
    await testRouter(req, res)
    expect(Date.now() - started).toBeLessThan(400)
    expect(writes).toEqual([{ status: 503, body: { error: { code: 'unavailable', message: expect.any(String) } } }])
    await sleep(600)
    expect(writes).toHaveLength(1)
    await expect(dbCallAfterBudget).rejects.toMatchObject({ code: 'unavailable' })
    const logged = lines()
    expect(logged.find((line) => line.msg === 'request')).toMatchObject({ level: 'warn', status: 503, code: 'unavailable', cause: 'no answer within 150 ms' })
    expect(logged.find((line) => line.msg === 'failed after its time budget')).toMatchObject({ route: '/api/test/slow' })
  })
})

describe('configuration of logs and budgets', () => {
  it('logs at info by default, nothing under tests, and takes LOG_LEVEL when it is a level', () => {
    expect(loadEnv({}).LOG_LEVEL).toBe('info')
    expect(loadEnv({ NODE_ENV: 'test' }).LOG_LEVEL).toBe('silent')
    expect(loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug')
    expect(() => loadEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
  })

  it('gives each request 10 s unless HANDLER_TIMEOUT_MS says otherwise', () => {
    expect(loadEnv({}).HANDLER_TIMEOUT_MS).toBe(10_000)
    expect(loadEnv({ HANDLER_TIMEOUT_MS: '4000' }).HANDLER_TIMEOUT_MS).toBe(4000)
    expect(() => loadEnv({ HANDLER_TIMEOUT_MS: '10' })).toThrow(/HANDLER_TIMEOUT_MS/)
  })

  it('takes a caller\'s request id only when it looks like one', () => {
    expect(requestIdFrom('abc-DEF_123')).toBe('abc-DEF_123')
    for (const bad of [undefined, '', 'x'.repeat(65), 'has space', 'semi;colon', '\n', ['a', 'b']]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
  })
})
