import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { SqlClient } from './types'

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction

function wrap(db: Queryable, transaction: SqlClient['transaction'], close: () => Promise<void>): SqlClient {
  return {
    async query<R>(text: string, params: unknown[] = []) {
      return (await db.query<R>(text, params)).rows
    },
    async exec(text: string) {
      await db.exec(text)
    },
    transaction,
    close,
  }
}

/** A client over an open PGlite database. */
export function pgliteClient(db: PGlite): SqlClient {
  return wrap(
    db,
    (fn) => db.transaction((tx) => fn(wrap(tx, () => Promise.reject(new Error('nested transaction')), async () => {}))),
    () => db.close(),
  )
}

/**
 * The embedded database: file-backed in `dataDir`, or in memory when none is given; `loadDataDir`
 * starts it from a dump (PGlite's `dumpDataDir`) instead of an empty cluster.
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<SqlClient> {
  return pgliteClient(await PGlite.create(dataDir, { loadDataDir: options.loadDataDir }))
}
