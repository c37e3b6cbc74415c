import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { SqlClient } from './types'

const supabaseDir = path.resolve(__dirname, '../../../supabase')

async function sqlFiles(folder: string) {
  const names = (await readdir(path.join(supabaseDir, folder)).catch(() => [] as string[])).filter((f) => f.endsWith('.sql')).sort()
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(path.join(supabaseDir, folder, name), 'utf8') })))
}

/** seed.sql, then supabase/seeds/*.sql in name order: the same list config.toml gives the CLI. */
async function seedFiles() {
  return [{ name: 'seed.sql', sql: await readFile(path.join(supabaseDir, 'seed.sql'), 'utf8') }, ...(await sqlFiles('seeds'))]
}

// Our functions: in public, owned by the migrating role, not an extension's.
const ourFunctions = `from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proowner = current_user::regrole
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`

/**
 * Removes what the routines made: our views, the triggers that call our functions, the functions
 * (not cascade: anything else depending on one fails loudly).
 */
const dropRoutines = `do $$
declare r record;
begin
  for r in select c.relname from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'v' and c.relowner = current_user::regrole loop
    execute format('drop view if exists public.%I cascade', r.relname);
  end loop;
  for r in select t.tgname, t.tgrelid::regclass as rel from pg_trigger t
    where not t.tgisinternal and t.tgfoid in (select p.oid ${ourFunctions}) loop
    execute format('drop trigger %I on %s', r.tgname, r.rel);
  end loop;
  for r in select p.oid::regprocedure as f ${ourFunctions} loop
    execute format('drop function %s', r.f);
  end loop;
end $$`

/** Closed by default: clients execute nothing; the API's service role executes exactly the api_* functions. */
const grantRoutines = `revoke all on all functions in schema public from public, anon, authenticated;
do $$
declare r record;
begin
  for r in select p.oid::regprocedure as f ${ourFunctions} and p.proname like 'api\\_%' loop
    execute format('grant execute on function %s to service_role', r.f);
  end loop;
end $$`

/**
 * Brings the database to this checkout's schema, in one transaction under an advisory lock (so two
 * starting servers cannot race):
 * - supabase/migrations: tables, types, indexes and data, each file applied once in name order,
 *   recorded in the Supabase CLI's own bookkeeping table;
 * - supabase/routines: every function, trigger and view, one file per capability, holding each
 *   one's live body. When a migration is pending or a routine file changed (by content
 *   hash), all our views, functions and triggers are dropped before the migrations and the routine
 *   files applied afresh after them, so a routine file is the whole truth and a migration never
 *   sees an old function in its way (migrations therefore don't call routines).
 * A fresh database gets the demo seed (seed.sql and seeds/) when `seed` is set.
 */
export async function migrate(client: SqlClient, options: { seed: boolean }) {
  const [migrations, routines] = await Promise.all([sqlFiles('migrations'), sqlFiles('routines')])
  const checksums = routines.map((r) => ({ name: r.name, checksum: createHash('sha256').update(r.sql).digest('hex') }))
  return client.transaction(async (tx) => {
    // Migrations may take long on a big database: no statement timeout (the API's is 8 s).
    await tx.exec('set local statement_timeout = 0')
    await tx.query('select pg_advisory_xact_lock(7241001)')
    await tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations
        (version text primary key, statements text[], name text);
      create table if not exists supabase_migrations.routines (name text primary key, checksum text not null);
      revoke all on schema supabase_migrations from public;`)
    const applied = new Set(
      (await tx.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).map((row) => row.version),
    )
    const versionOf = (file: string) => file.split('_')[0]
    const unknown = [...applied].filter((version) => !migrations.some((m) => versionOf(m.name) === version))
    if (unknown.length > 0) {
      throw new Error(`The database has migrations this checkout lacks (${unknown.join(', ')}): use the checkout that made it, or start from an empty database.`)
    }
    const pending = migrations.filter((m) => !applied.has(versionOf(m.name)))
    const recorded = await tx.query<{ name: string; checksum: string }>('select name, checksum from supabase_migrations.routines order by name')
    const routinesChanged = JSON.stringify(recorded) !== JSON.stringify(checksums)
    if (pending.length > 0 || routinesChanged) {
      await tx.exec(dropRoutines)
      for (const m of pending) {
        await tx.exec(m.sql)
        const [version, ...rest] = m.name.replace(/\.sql$/, '').split('_')
        await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [version, rest.join('_')])
      }
      // A routine may name one from a later file: bodies are checked when called, not when created.
      await tx.exec('set local check_function_bodies = off')
      for (const r of routines) await tx.exec(r.sql)
      await tx.exec(grantRoutines)
      await tx.exec('delete from supabase_migrations.routines')
      for (const c of checksums) await tx.query('insert into supabase_migrations.routines (name, checksum) values ($1, $2)', [c.name, c.checksum])
      // PostgREST (Supabase) serves functions from a schema cache: have it read the new ones.
      await tx.exec(`notify pgrst, 'reload schema'`)
    }
    const seeded = options.seed && applied.size === 0
    if (seeded) for (const file of await seedFiles()) await tx.exec(file.sql)
    return { applied: pending.map((m) => m.name), routines: routinesChanged ? routines.map((r) => r.name) : [], seeded }
  })
}
