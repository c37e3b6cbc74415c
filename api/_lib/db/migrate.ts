import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { SqlClient } from './types'

const supabaseDir = path.resolve(__dirname, '../../../supabase')

/** seed.sql, then supabase/seeds/*.sql in name order: the same list config.toml gives the CLI. */
async function seedFiles() {
  const seeds = (await readdir(path.join(supabaseDir, 'seeds')).catch(() => [] as string[])).filter((f) => f.endsWith('.sql')).sort()
  return [path.join(supabaseDir, 'seed.sql'), ...seeds.map((f) => path.join(supabaseDir, 'seeds', f))]
}

/**
 * Applies the SQL files of supabase/migrations that the database has not seen, in name order, in
 * one transaction under an advisory lock (so two starting servers cannot race). The bookkeeping
 * table is the Supabase CLI's own, so a database migrated here can later be managed by the CLI.
 * A fresh database gets the demo seed (seed.sql and seeds/) when `seed` is set.
 */
export async function migrate(client: SqlClient, options: { seed: boolean }) {
  const files = (await readdir(path.join(supabaseDir, 'migrations'))).filter((f) => f.endsWith('.sql')).sort()
  return client.transaction(async (tx) => {
    // Migrations may take long on a big database: no statement timeout (the API's is 8 s).
    await tx.exec('set local statement_timeout = 0')
    await tx.query('select pg_advisory_xact_lock(7241001)')
    await tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations
        (version text primary key, statements text[], name text);
      revoke all on schema supabase_migrations from public;`)
    const applied = new Set(
      (await tx.query<{ version: string }>('select version from supabase_migrations.schema_migrations'))
        .map((row) => row.version),
    )
    const pending = files.filter((file) => !applied.has(file.split('_')[0]))
    for (const file of pending) {
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_')
      await tx.exec(await readFile(path.join(supabaseDir, 'migrations', file), 'utf8'))
      await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
        version,
        rest.join('_'),
      ])
    }
    const seeded = options.seed && applied.size === 0
    if (seeded) for (const file of await seedFiles()) await tx.exec(await readFile(file, 'utf8'))
    return { applied: pending, seeded }
  })
}
