// `npm run admin -- <command>`: grant and revoke organiser and admin roles, for the first admin
// and for emergencies (admins otherwise use the API: /api/admin/roles). Talks to the database
// directly (DATABASE_URL, or the embedded one in DATA_DIR), never through the API. Every change
// goes to the audit log.
//
//   npm run admin -- grant <openid|user-id> organizer|admin [--scope county|community:<名称>|school:<名称>|unit:<单位名|id>]
//   npm run admin -- revoke <openid|user-id> organizer|admin [--scope …]
//   npm run admin -- list
//   npm run admin -- migrate      (what deploying runs: the pending migrations and changed routines)
import { userInfo } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { migrate } from '../api/_lib/db/migrate'
import { openPglite } from '../api/_lib/db/pglite'
import { openPostgres } from '../api/_lib/db/postgres'
import { ConfigError, loadEnv } from '../api/_lib/env'

const usage = `用法 (usage):
  npm run admin -- grant <openid|用户id> organizer|admin [--scope county|community:<社区名>|school:<学校名>|unit:<单位名|id>]
  npm run admin -- revoke <openid|用户id> organizer|admin [--scope …]
  npm run admin -- list
  npm run admin -- migrate`

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { scope: { type: 'string', default: 'county' } } })
  const [command, who, role] = positionals
  // Wrong usage is answered before the database is opened.
  if (command !== 'list' && command !== 'migrate' && ((command !== 'grant' && command !== 'revoke') || !who || !['organizer', 'admin'].includes(role))) {
    console.error(usage)
    process.exitCode = 2
    return
  }
  const [kind, ...name] = (values.scope ?? 'county').split(':')
  if (!['county', 'community', 'school', 'unit'].includes(kind) || (kind !== 'county' && name.length === 0)) {
    console.error(`范围写法有误 (bad --scope): ${values.scope}\n${usage}`)
    process.exitCode = 2
    return
  }
  const env = loadEnv()
  const sql = env.DATABASE_URL ? openPostgres(env.DATABASE_URL, { max: 1 }) : await openPglite(path.resolve(env.DATA_DIR, 'pglite'))
  try {
    const migrated = await migrate(sql, { seed: env.NODE_ENV !== 'production' })
    if (command === 'migrate') {
      const changes = [...migrated.applied, ...migrated.routines.map((name) => `routines/${name}`)]
      console.log(changes.length > 0 ? `已更新 (applied): ${changes.join(', ')}` : '已是最新 (up to date)')
      return
    }
    if (command === 'list') {
      const [{ roles }] = await sql.query<{ roles: unknown[] }>('select admin_list_roles() as roles')
      console.table(roles)
      return
    }
    const [{ user }] = await sql.query<{ user: { nickname: string; roles: string[] } }>(
      `select admin_${command}_role($1, $2, $3, $4, $5) as user`,
      [who, role, kind, name.join(':') || null, `cli:${userInfo().username}`],
    )
    console.log(`${command === 'grant' ? '已授予' : '已撤销'} ${role} (${values.scope}) → ${user.nickname}; roles: ${user.roles.join(', ')}`)
  } catch (error) {
    const detail = (error as { detail?: string }).detail
    if (!detail) throw error
    console.error(`没有找到 (not found): ${detail}`)
    process.exitCode = 1
  } finally {
    await sql.close()
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
