import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { openPglite } from '../../api/_lib/db/pglite'
import { openPostgres } from '../../api/_lib/db/postgres'
import type { SqlClient } from '../../api/_lib/db/types'
import { freshDatabaseOn, type Cluster } from '../../scripts/lib/pg-cluster'
import { root } from '../support/build'

// The command-line tool for the first admin and emergencies, run as people run it: on PostgreSQL
// through DATABASE_URL, as production's admins do (a database of its own on the run's server), and
// on the embedded database in DATA_DIR, the local default (a copy of the run's migrated one).
async function admin(env: { DATABASE_URL?: string; DATA_DIR?: string }, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', ...env },
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

const rolesOf = (sql: SqlClient, openid: string) =>
  sql.query<{ role: string; scope_kind: string }>(
    `select r.role, r.scope_kind from user_roles r join users u on u.id = r.user_id where u.openid = $1 order by 1`,
    [openid],
  )

describe('npm run admin on PostgreSQL (DATABASE_URL)', { timeout: 120_000 }, () => {
  let database: Cluster
  let sql: SqlClient
  const run = (...args: string[]) => admin({ DATABASE_URL: database.url }, ...args)
  beforeAll(async () => {
    const { adminUrl, template } = inject('postgres')
    database = await freshDatabaseOn(adminUrl, template)
    sql = openPostgres(database.url, { max: 1 })
  })
  afterAll(async () => {
    await sql?.close()
    await database?.stop()
  })

  it('migrate brings the database up to date and says so', async () => {
    await sql.exec(`update supabase_migrations.routines set checksum = 'an older version' where name = 'quiz.sql'`)
    const migrated = await run('migrate')
    expect(migrated).toMatchObject({ code: 0 })
    expect(migrated.output).toMatch(/已更新 \(applied\): .*routines\/quiz\.sql/)
    expect((await run('migrate')).output).toContain('已是最新')
  })

  it('grants, lists and revokes scoped roles, refuses unknown users and scopes, and audits every change', async () => {
    const granted = await run('grant', 'dev:organizer', 'admin')
    expect(granted).toMatchObject({ code: 0 })
    expect(granted.output).toMatch(/已授予 admin \(county\).*admin/)

    expect(await run('grant', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).toMatchObject({ code: 0 })
    const listed = await run('list')
    expect(listed.output).toContain('东关社区')

    const unknownUser = await run('grant', 'dev:nobody', 'organizer')
    expect(unknownUser.code).toBe(1)
    expect(unknownUser.output).toContain('没有找到')
    const unknownScope = await run('grant', 'dev:organizer', 'organizer', '--scope', 'community:不存在的社区')
    expect(unknownScope.code).toBe(1)
    const badRole = await run('grant', 'dev:organizer', 'superuser')
    expect(badRole.code).toBe(2)
    expect(badRole.output).toContain('用法')
    expect((await run('grant', 'dev:organizer', 'organizer', '--scope', 'planet:mars')).code).toBe(2)

    expect(await run('revoke', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).toMatchObject({ code: 0 })
    expect((await run('revoke', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).code).toBe(1)

    const audit = await sql.query<{ action: string; actor: string }>('select action, actor from audit_log order by id')
    expect(audit.map((a) => a.action)).toEqual(['role.grant', 'role.grant', 'role.revoke'])
    expect(audit.every((a) => a.actor.startsWith('cli:'))).toBe(true)
    expect(await rolesOf(sql, 'dev:organizer')).toEqual([
      { role: 'admin', scope_kind: 'county' },
      { role: 'organizer', scope_kind: 'county' },
    ])
  })
})

describe('npm run admin on the embedded database (DATA_DIR)', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wc-admin-'))
  beforeAll(async () => {
    const db = await openPglite(path.join(dataDir, 'pglite'), { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) })
    await db.close()
  })

  it('grants a role there and audits it', async () => {
    expect(await admin({ DATA_DIR: dataDir }, 'grant', 'dev:organizer', 'admin')).toMatchObject({ code: 0 })
    const db = await openPglite(path.join(dataDir, 'pglite'))
    try {
      expect(await db.query('select action from audit_log')).toEqual([{ action: 'role.grant' }])
      expect(await rolesOf(db, 'dev:organizer')).toEqual([
        { role: 'admin', scope_kind: 'county' },
        { role: 'organizer', scope_kind: 'county' },
      ])
    } finally {
      await db.close()
    }
  })
})
