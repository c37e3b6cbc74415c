import { afterAll, beforeAll, expect, it } from 'vitest'
import { startApi, type TestApi } from '../support/api'
import { queuedActs } from '../support/stats'

// The local server runs the statistics job on a timer, as Vercel's cron does in production.
let api: TestApi
beforeAll(async () => {
  api = await startApi({ statsJobEveryMs: 100 })
})
afterAll(() => api.close())

it('counts queued acts by itself, without a dashboard read', async () => {
  const { token } = await api.login('计时计数')
  expect((await api.call('POST', '/api/pledge', { token, body: { displayName: '计时计数' } })).status).toBe(201)
  const deadline = Date.now() + 5000
  while ((await queuedActs(api)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  expect(await queuedActs(api)).toBe(0)
  const [{ pledged }] = await api.sql.query<{ pledged: number }>('select coalesce(sum(pledged), 0)::int as pledged from stats_days')
  expect(pledged).toBeGreaterThanOrEqual(1)
})
