import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres } from '../../api/_lib/db/postgres'
import type { SqlClient } from '../../api/_lib/db/types'
import { startPostgres, type Cluster } from '../../scripts/lib/pg-cluster'

// The API's PostgreSQL client across a server restart: connections opened after it skip the
// driver's array-type fetch (whose failure would be an unhandled rejection, see postgres.ts), so
// arrays must still go in and come out as arrays, and nothing may be left unhandled.
const ownServer = !process.env.TEST_DATABASE_URL

describe.skipIf(!ownServer)('the PostgreSQL client after a restart', { timeout: 60_000 }, () => {
  let cluster: Cluster
  let db: SqlClient
  const rejections: unknown[] = []
  const onRejection = (reason: unknown) => rejections.push(reason)

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection)
    cluster = await startPostgres()
    db = openPostgres(cluster.url, { max: 3 })
    await db.exec(`create function echo_arrays(p_ids uuid[], p_keys text[], p_counts int[]) returns jsonb language sql
      as $$ select jsonb_build_object('ids', p_ids, 'keys', p_keys, 'counts', p_counts) $$`)
  })
  afterAll(async () => {
    process.off('unhandledRejection', onRejection)
    await db?.close()
    await cluster?.stop()
  })

  const ids = [crypto.randomUUID(), crypto.randomUUID()]
  const keys = ['a,b', 'say "hi"', '{x}', '']
  const roundTrip = async () => {
    const [row] = await db.query<{ result: unknown; keys: string[] }>(
      'select echo_arrays(p_ids => $1, p_keys => $2, p_counts => $3) as result, $2::text[] as keys',
      [ids, keys, [1, 2, 3]],
    )
    return row
  }

  it('sends and reads arrays before and after the server restarts, leaving nothing unhandled', async () => {
    expect(await roundTrip()).toEqual({ result: { ids, keys, counts: [1, 2, 3] }, keys })
    for (const mode of ['immediate', 'fast'] as const) {
      await cluster.stopServer!(mode)
      await cluster.startServer!()
      // The first statements may meet the dead connections; the pool reconnects on its own.
      let row: Awaited<ReturnType<typeof roundTrip>> | null = null
      for (let attempt = 0; attempt < 50 && !row; attempt++) {
        row = await roundTrip().catch(() => null)
        if (!row) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(row).toEqual({ result: { ids, keys, counts: [1, 2, 3] }, keys })
    }
    expect(rejections).toEqual([])
  })
})
