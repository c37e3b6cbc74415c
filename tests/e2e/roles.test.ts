import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'

const app = useH5App()
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('角色管理 in the browser', { timeout: 120_000 }, () => {
  it('an admin finds a resident by nickname and makes them an organiser of a community', async () => {
    await app.api.login('社区工作者小刘')
    await app.api.sql.query(
      `insert into user_roles (user_id, role, scope_kind) select id, 'admin', 'county' from users where openid = 'dev:organizer'`,
    )
    await useAs(app, 'organizer', '/packages/organizer/index/index')
    await app.page.getByText('好人评选', { exact: true }).waitFor()
    await app.page.getByText('角色管理', { exact: true }).click()
    await app.page.getByText('现有角色').waitFor()
    await visible('[data-testid="roles-query"] input').fill('社区工作者')
    await app.page.getByText('查找', { exact: true }).click()
    await app.page.getByText('社区工作者小刘').click()
    await app.page.getByText('授予', { exact: true }).click()
    const grant = visible('[data-testid="role-grant"]').filter({ hasText: '社区工作者小刘' })
    await grant.getByText(/组织者 · 东关社区/).waitFor()
    await screenshot(app.page, 'roles-1-granted')
    const [row] = await app.api.sql.query<{ role: string; scope_kind: string; name: string }>(
      `select r.role, r.scope_kind, c.name from user_roles r join users u on u.id = r.user_id join communities c on c.id = r.scope_id
       where u.nickname = '社区工作者小刘'`,
    )
    expect(row).toEqual({ role: 'organizer', scope_kind: 'community', name: '东关社区' })
    const audit = await app.api.sql.query(`select 1 from audit_log where action = 'role.grant' and actor_user_id = (select id from users where openid = 'dev:organizer')`)
    expect(audit).toHaveLength(1)
  })
})
