import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openPglite } from '../../api/_lib/db/pglite'
import { root } from '../support/build'

// The command-line tool for the first admin and emergencies, run as people run it, on an
// embedded database of its own.
const dataDir = mkdtempSync(path.join(tmpdir(), 'wc-admin-'))

async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development' },
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

describe('npm run admin', { timeout: 120_000 }, () => {
  it('grants, lists and revokes scoped roles, refuses unknown users and scopes, and audits every change', async () => {
    const granted = await admin('grant', 'dev:organizer', 'admin')
    expect(granted).toMatchObject({ code: 0 })
    expect(granted.output).toMatch(/已授予 admin \(county\).*admin/)

    expect(await admin('grant', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).toMatchObject({ code: 0 })
    const listed = await admin('list')
    expect(listed.output).toContain('东关社区')

    const unknownUser = await admin('grant', 'dev:nobody', 'organizer')
    expect(unknownUser.code).toBe(1)
    expect(unknownUser.output).toContain('没有找到')
    const unknownScope = await admin('grant', 'dev:organizer', 'organizer', '--scope', 'community:不存在的社区')
    expect(unknownScope.code).toBe(1)
    expect((await admin('grant', 'dev:organizer', 'superuser')).code).toBe(2)
    expect((await admin('grant', 'dev:organizer', 'organizer', '--scope', 'planet:mars')).code).toBe(2)

    expect(await admin('revoke', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).toMatchObject({ code: 0 })
    expect((await admin('revoke', 'dev:organizer', 'organizer', '--scope', 'community:东关社区')).code).toBe(1)

    const db = await openPglite(path.join(dataDir, 'pglite'))
    try {
      const audit = await db.query<{ action: string; actor: string }>('select action, actor from audit_log order by id')
      expect(audit.map((a) => a.action)).toEqual(['role.grant', 'role.grant', 'role.revoke'])
      expect(audit.every((a) => a.actor.startsWith('cli:'))).toBe(true)
      const roles = await db.query<{ role: string; scope_kind: string }>(
        `select r.role, r.scope_kind from user_roles r join users u on u.id = r.user_id where u.openid = 'dev:organizer' order by 1`,
      )
      expect(roles).toEqual([
        { role: 'admin', scope_kind: 'county' },
        { role: 'organizer', scope_kind: 'county' },
      ])
    } finally {
      await db.close()
    }
  })
})
