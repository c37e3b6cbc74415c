import { describe, expect, it } from 'vitest'
import { usePostgresApi } from '../support/api'

// PGlite has one connection and cannot race; this runs on a real PostgreSQL server.
const app = usePostgresApi()

describe('300 concurrent pledge requests from 100 users', { timeout: 120_000 }, () => {
  it('make exactly 100 signatures numbered 1..100 with no gaps or duplicates, and count = 100', async () => {
    expect(app.api.runtime.db.kind).toBe('postgres')
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => app.api.login(`racer${i}`).then((l) => l.token)))
    const requests = tokens.flatMap((token, i) =>
      [0, 1, 2].map(() => app.api.call('POST', '/api/pledge', { token, body: { displayName: `签名者${i}` } }).then((r) => ({ i, ...r }))),
    )
    const responses = await Promise.all(requests)

    expect(responses.filter((r) => r.status === 201)).toHaveLength(100)
    expect(responses.filter((r) => r.status === 200)).toHaveLength(200)
    // Each user's three answers carry the same number.
    for (let i = 0; i < 100; i++) {
      const numbers = new Set(responses.filter((r) => r.i === i).map((r) => r.body.number))
      expect(numbers.size).toBe(1)
    }

    const rows = await app.api.sql.query<{ number: number }>('select number from pledge_signatures order by number')
    const [campaign] = await app.api.sql.query<{ signature_count: number }>('select signature_count from pledge_campaigns where is_current')
    const [ledger] = await app.api.sql.query<{ n: number }>(`select count(*)::int as n from participation where kind = 'pledge_signed'`)
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(campaign.signature_count).toBe(100)
    expect(ledger.n).toBe(100)
    expect((await app.api.call('GET', '/api/pledge')).body.count).toBe(100)
  })
})
