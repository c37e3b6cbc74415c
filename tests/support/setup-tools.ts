import type { TestProject } from 'vitest/node'
import { migrate } from '../../api/_lib/db/migrate'
import { openPostgres } from '../../api/_lib/db/postgres'
import { freshDatabaseOn, startPostgres } from '../../scripts/lib/pg-cluster'
import { browserBinary, type BrowserBinary } from './tools'

// Vitest global setup of the browser, weapp and PostgreSQL-server tests: the browser and
// PostgreSQL are found (or unpacked) first, and a run that cannot have them stops here, in its
// first seconds, with one line saying what to do. Then the run's one PostgreSQL server (or
// TEST_DATABASE_URL's) gets a migrated and seeded database, which each test file copies into a
// database of its own (tests/support/api.ts: usePostgresApi).
export default async function setup(project: TestProject) {
  const [browser, server] = await Promise.all([browserBinary(), startPostgres({ settings: { fsync: 'off' } })])
  project.provide('browser', browser)
  const template = await freshDatabaseOn(server.url)
  const sql = openPostgres(template.url, { max: 1 })
  try {
    await migrate(sql, { seed: true })
  } finally {
    await sql.close()
  }
  project.provide('postgres', { adminUrl: server.url, template: new URL(template.url).pathname.slice(1) })
  return async () => {
    await template.stop()
    await server.stop()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserBinary
    /** The run's PostgreSQL server and the migrated, seeded database each test file copies. */
    postgres: { adminUrl: string; template: string }
  }
}
