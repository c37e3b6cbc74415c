import path from 'node:path'
import { mkdir } from 'node:fs/promises'
import { loadEnv, wechatConfigured, type Env } from './env'
import { createSqlDb, mapSqlError } from './db/sql-db'
import { migrate } from './db/migrate'
import type { Db } from './db/types'
import { createLogger, type Logger } from './log'
import { localStorage, localUploadDir, supabaseStorage, type Storage } from './storage'
import { createWechatClient, type WechatClient } from './wechat'

/** What every handler works with; built once per process (per warm function instance). */
export interface Runtime {
  env: Env
  db: Db
  wechat: WechatClient | null
  storage: Storage
  /** JSON lines at `LOG_LEVEL`; each request logs through a child carrying its id. */
  log: Logger
}

/**
 * Supabase when configured, else the PostgreSQL server at DATABASE_URL, else the embedded PGlite
 * in DATA_DIR (`memory://` keeps it in memory). SQL databases are migrated on open; a fresh one
 * outside production gets the demo seed. Only the adapter chosen is loaded (a function's cold
 * start pays for no other: `npm run bench:cold`).
 */
export async function openDatabase(env: Env): Promise<Db> {
  if (env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY) {
    const { openSupabase } = await import('./db/supabase')
    return openSupabase(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY)
  }
  const seed = env.NODE_ENV !== 'production'
  if (env.DATABASE_URL) {
    const { openPostgres } = await import('./db/postgres')
    const client = openPostgres(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, statementTimeoutMs: statementTimeoutMs(env) })
    try {
      await migrate(client, { seed })
    } catch (error) {
      // The server is down or unreachable: 503, and the next request tries again.
      await client.close().catch(() => {})
      throw mapSqlError(error)
    }
    return createSqlDb('postgres', client)
  }
  const inMemory = env.DATA_DIR.startsWith('memory://')
  if (!inMemory) await mkdir(env.DATA_DIR, { recursive: true })
  const { openPglite } = await import('./db/pglite')
  const client = await openPglite(inMemory ? undefined : path.resolve(env.DATA_DIR, 'pglite'))
  await migrate(client, { seed })
  return createSqlDb('pglite', client)
}

/** `db` is opened from the environment unless given (tests bring their own). */
export async function createRuntime(env: Env, db?: Db): Promise<Runtime> {
  const wechat = wechatConfigured(env)
    ? createWechatClient({
        appId: env.WECHAT_APP_ID!,
        appSecret: env.WECHAT_APP_SECRET!,
        baseUrl: env.WECHAT_API_BASE,
        timeoutMs: env.WECHAT_TIMEOUT_MS,
      })
    : null
  const storage =
    env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
      ? supabaseStorage(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, env.SUPABASE_STORAGE_BUCKET)
      : localStorage(env.UPLOAD_DIR ?? localUploadDir(env.DATA_DIR), env.PUBLIC_BASE_URL)
  return { env, db: db ?? (await openDatabase(env)), wechat, storage, log: createLogger(env.LOG_LEVEL) }
}

/** PostgreSQL stops a statement at 80 % of the request's budget, leaving time to answer 503. */
export const statementTimeoutMs = (env: Env) => Math.round(env.HANDLER_TIMEOUT_MS * 0.8)

let current: Promise<Runtime> | null = null
let ready: Runtime | null = null

/** The process's runtime, from the environment unless a local server installed its own. */
export function getRuntime(): Promise<Runtime> {
  current ??= createRuntime(loadEnv()).then(
    (runtime) => (ready = runtime),
    (error) => {
      current = null
      throw error
    },
  )
  return current
}

/** The runtime if it is already built; never starts building one. */
export const readyRuntime = (): Runtime | null => ready

export function useRuntime(runtime: Runtime) {
  current = Promise.resolve(runtime)
  ready = runtime
}
