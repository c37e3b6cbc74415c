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

/** The embedded database: file-backed in `dataDir`, or in memory when none is given. */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const db = await PGlite.create(dataDir)
  return wrap(
    db,
    (fn) => db.transaction((tx) => fn(wrap(tx, () => Promise.reject(new Error('nested transaction')), async () => {}))),
    () => db.close(),
  )
}
