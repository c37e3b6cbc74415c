import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newIdempotencyKey } from '../../src/shared/idempotency'
import { startApi, type TestApi } from '../support/api'

// Each request's database calls, in order, as the API makes them (the calls still go to the
// database: they are only written down). A write makes at most two: the call that checks an
// organiser's role, counts the rate limit and begins the key, and the route's own function, which
// keeps its result under the key in the same transaction.
let api: TestApi
const calls: string[] = []

beforeAll(async () => {
  api = await startApi()
  const rpc = api.runtime.db.rpc.bind(api.runtime.db)
  api.runtime.db.rpc = (async (name: string, args?: Record<string, unknown>) => {
    calls.push(name === 'api_call_keyed' ? `api_call_keyed ${String(args?.p_function)}` : name)
    return rpc(name, args)
  }) as typeof rpc
})
afterAll(() => api.close())

async function callsOf(request: () => Promise<{ status: number; body: any }>) {
  calls.length = 0
  const response = await request()
  return { status: response.status, calls: [...calls], body: response.body }
}

const keyRows = async (userId: string) =>
  (await api.sql.query<{ n: number }>('select count(*)::int as n from idempotency_keys where user_id = $1', [userId]))[0].n

describe('database round trips per request', () => {
  it("a resident's keyed write: two; its retry: one, answered alike from the kept result", async () => {
    const { token } = await api.login('往返签名')
    const key = newIdempotencyKey()
    const sign = () => api.call('POST', '/api/pledge', { token, body: { displayName: '往返签名' }, headers: { 'idempotency-key': key } })
    const first = await callsOf(sign)
    expect({ status: first.status, calls: first.calls }).toEqual({ status: 201, calls: ['api_request_begin', 'api_call_keyed api_pledge_sign'] })
    const retry = await callsOf(sign)
    expect(retry).toEqual({ status: 201, calls: ['api_request_begin'], body: first.body })
  })

  it('a write without a key: two', async () => {
    const { token } = await api.login('往返无键')
    const started = await callsOf(() => api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'practice' } }))
    expect({ status: started.status, calls: started.calls }).toEqual({ status: 201, calls: ['api_request_begin', 'api_quiz_start'] })
  })

  it("an organiser's keyed write: two, the role checked in the first", async () => {
    const { token } = await api.login('organizer')
    const publish = await callsOf(() =>
      api.call('POST', '/api/announcements', {
        token,
        body: { title: '往返测试公告', body: '<p>往返测试。</p>', scopeKind: 'county', scopeId: null },
        headers: { 'idempotency-key': newIdempotencyKey() },
      }),
    )
    expect({ status: publish.status, calls: publish.calls }).toEqual({ status: 201, calls: ['api_request_begin', 'api_call_keyed api_announcement_save'] })
  })

  it("an organiser's read: two", async () => {
    const { token } = await api.login('organizer')
    const queue = await callsOf(() => api.call('GET', '/api/nominations/review-queue', { token }))
    expect({ status: queue.status, calls: queue.calls }).toEqual({ status: 200, calls: ['api_request_begin', 'api_review_queue'] })
  })

  it('a keyed write refused by its function lets the key go (a third call, on refusals only)', async () => {
    const { token, user } = await api.login('往返被拒')
    const refused = await callsOf(() =>
      api.call('POST', `/api/quiz/attempts/${crypto.randomUUID()}/submit`, {
        token,
        body: { answers: [] },
        headers: { 'idempotency-key': newIdempotencyKey() },
      }),
    )
    expect({ status: refused.status, calls: refused.calls }).toEqual({
      status: 404,
      calls: ['api_request_begin', 'api_call_keyed api_quiz_submit', 'api_idempotency_finish'],
    })
    expect(await keyRows(user.id)).toBe(0)
  })
})
