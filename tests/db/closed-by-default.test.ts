import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../api/_lib/db/migrate'
import { openPglite } from '../../api/_lib/db/pglite'
import type { SqlClient } from '../../api/_lib/db/types'

let db: SqlClient

beforeAll(async () => {
  db = await openPglite()
  await migrate(db, { seed: true })
})
afterAll(() => db.close())

// Every client role Supabase exposes through PostgREST, plus PUBLIC (which all roles inherit).
const clientRoles = ['anon', 'authenticated']

describe('migrations', () => {
  it('apply from scratch once, and a second run changes nothing', async () => {
    const versions = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by 1')
    expect(versions.length).toBeGreaterThanOrEqual(2)
    const again = await migrate(db, { seed: true })
    expect(again).toEqual({ applied: [], routines: [], seeded: false })
    const [{ campaigns }] = await db.query<{ campaigns: number }>('select count(*)::int as campaigns from pledge_campaigns')
    expect(campaigns).toBe(1)
  })

  it('re-apply every routine when one file changed: a hand-made function goes, the files\' functions come back with their triggers, views and grants', async () => {
    const catalog = () =>
      db.query<{ functions: number; triggers: number; views: number; granted: number }>(`select
        (select count(*)::int from pg_proc where pronamespace = 'public'::regnamespace) as functions,
        (select count(*)::int from pg_class where relnamespace = 'public'::regnamespace and relkind = 'v') as views,
        (select count(*)::int from pg_trigger t join pg_class c on c.oid = t.tgrelid
          where c.relnamespace = 'public'::regnamespace and not t.tgisinternal) as triggers,
        (select count(*)::int from pg_proc where pronamespace = 'public'::regnamespace
          and has_function_privilege('service_role', oid, 'EXECUTE')) as granted`)
    const [before] = await catalog()
    await db.exec(`create function stray() returns int language sql as 'select 1';
      drop trigger users_count_for_stats on users;
      drop view stats_user_groups;
      revoke execute on function api_pledge_get(uuid) from service_role;
      update supabase_migrations.routines set checksum = 'an older version' where name = 'pledge.sql';`)
    const result = await migrate(db, { seed: true })
    expect(result.applied).toEqual([])
    expect(result.routines).toContain('pledge.sql')
    expect(result.routines).toContain('foundation.sql')
    expect(await catalog()).toEqual([before])
    const [{ stray }] = await db.query<{ stray: string | null }>(`select to_regprocedure('stray()')::text as stray`)
    expect(stray).toBeNull()
    expect(await migrate(db, { seed: true })).toEqual({ applied: [], routines: [], seeded: false })
  })

  it('seed the demo: communities, two schools with classes, the pledge and the organiser', async () => {
    const [counts] = await db.query<Record<string, number>>(`select
      (select count(*)::int from communities) as communities,
      (select count(*)::int from schools) as schools,
      (select count(*)::int from school_classes) as classes,
      (select goal from pledge_campaigns where is_current) as goal,
      (select count(*)::int from user_roles r join users u on u.id = r.user_id
        where u.openid = 'dev:organizer' and r.role = 'organizer') as organizers`)
    expect(counts).toEqual({ communities: 12, schools: 2, classes: 8, goal: 10000, organizers: 1 })
  })
})

describe('closed by default (checked over the catalog, so new objects are covered)', () => {
  it('every table in public has row level security enabled', async () => {
    const open = await db.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`)
    expect(open).toEqual([])
  })

  it.each(clientRoles)('%s holds no privilege on any table, view or sequence', async (role) => {
    const granted = await db.query(
      `select c.relname, p.privilege from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) as p(privilege)
       where n.nspname in ('public', 'supabase_migrations') and c.relkind in ('r', 'p', 'v', 'm', 'f')
         and has_table_privilege($1, c.oid, p.privilege)
       union all
       select c.relname, 'USAGE' from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public'
         and case when c.relkind = 'S' then has_sequence_privilege($1, c.oid, 'USAGE') else false end`,
      [role],
    )
    expect(granted).toEqual([])
  })

  it.each(clientRoles)('%s may execute no function in public', async (role) => {
    const executable = await db.query(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and has_function_privilege($1, p.oid, 'EXECUTE')`,
      [role],
    )
    expect(executable).toEqual([])
  })

  it('service_role executes exactly the api_* functions, and they run as definer with a fixed search_path', async () => {
    const functions = await db.query<{ proname: string; executable: boolean; definer: boolean; config: string[] | null }>(
      `select p.proname, has_function_privilege('service_role', p.oid, 'EXECUTE') as executable,
              p.prosecdef as definer, p.proconfig as config
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`,
    )
    expect(functions.filter((f) => f.proname.startsWith('api_')).length).toBeGreaterThan(0)
    for (const f of functions) {
      expect({ name: f.proname, executable: f.executable }).toEqual({ name: f.proname, executable: f.proname.startsWith('api_') })
      expect({ name: f.proname, searchPath: f.config?.some((c) => c.startsWith('search_path=')) }).toEqual({ name: f.proname, searchPath: true })
      if (f.proname.startsWith('api_')) expect({ name: f.proname, definer: f.definer }).toEqual({ name: f.proname, definer: true })
    }
  })

  it.each(['stats_rebuild', 'api_call_keyed', 'api_no_such_function', 'api_pledge_get; drop table users'])(
    'api_call_keyed runs only one api_* function by its name: %s is refused',
    async (name) => {
      await expect(
        db.query(`select api_call_keyed(gen_random_uuid(), 'key-12345678', 'fingerprint', $1, '{}'::jsonb)`, [name]),
      ).rejects.toThrow(/invalid_request/)
    },
  )

  it.each(clientRoles)('a session as %s is refused reading users and calling the pledge', async (role) => {
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(`set local role ${role}`)
        await tx.query('select * from users')
      }),
    ).rejects.toThrow(/permission denied/)
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(`set local role ${role}`)
        await tx.query(`select api_pledge_sign(gen_random_uuid(), 'x')`)
      }),
    ).rejects.toThrow(/permission denied/)
  })
})
