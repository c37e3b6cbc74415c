export type DbKind = 'pglite' | 'postgres' | 'supabase'

/** The only way the API reaches data: one database function per use case, answering jsonb. */
export interface Db {
  readonly kind: DbKind
  rpc<T = unknown>(name: string, args?: Record<string, unknown>): Promise<T>
  close(): Promise<void>
}

/** What the SQL adapters (PGlite, PostgreSQL) share: enough to call functions and migrate. */
export interface SqlClient {
  /** `signal`: once aborted, a statement still waiting for a connection is dropped (never sent). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[], options?: { signal?: AbortSignal }): Promise<R[]>
  exec(text: string): Promise<void>
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
  close(): Promise<void>
}
