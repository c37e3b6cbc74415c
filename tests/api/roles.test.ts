import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FoundUser, RoleGrant, RolesResponse, UnitsResponse, UsersResponse } from '../../src/shared/admin'
import { MeResponse } from '../../src/shared/account'
import { startApi, type TestApi } from '../support/api'
import { idOf, person, snapshot } from '../support/scopes'

// Roles through the API: admins (role admin, county scope) grant and revoke organiser roles in
// the county, a community, a school or a work unit; every change is audited; nobody else may.
let api: TestApi
let admin: { token: string; id: string }
let dongguan: string

beforeAll(async () => {
  api = await startApi()
  admin = await person(api, '县管理员', { role: 'admin', kind: 'county' })
  dongguan = await idOf(api, 'communities', '东关社区')
})
afterAll(() => api?.close())

const auditOf = (roleId: number) =>
  api.sql.query<{ action: string; actor: string; actor_user_id: string; target: Record<string, unknown> }>(
    `select action, actor, actor_user_id, target from audit_log where (target ->> 'roleId')::bigint = $1 order by id`,
    [roleId],
  )

describe('admins', () => {
  it('list every role with the person and the scope by name', async () => {
    const response = await api.call('GET', '/api/admin/roles', { token: admin.token })
    expect(response.status).toBe(200)
    const { items } = RolesResponse.parse(response.body)
    expect(items).toContainEqual(expect.objectContaining({ nickname: '创建办组织者', role: 'organizer', scopeKind: 'county', scopeId: null, scopeName: '全县' }))
    expect(items).toContainEqual(expect.objectContaining({ userId: admin.id, nickname: '县管理员', role: 'admin', scopeName: '全县' }))
  })

  it('find people by the start of their nickname, page by page, with their roles', async () => {
    for (const name of ['找人甲', '找人乙', '找人丙', 'Zhao Ren', '别的人']) await api.login(name)
    const first = UsersResponse.parse((await api.call('GET', `/api/admin/users?q=${encodeURIComponent('找人')}&limit=2`, { token: admin.token })).body)
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = UsersResponse.parse(
      (await api.call('GET', `/api/admin/users?q=${encodeURIComponent('找人')}&limit=2&cursor=${first.nextCursor}`, { token: admin.token })).body,
    )
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
    expect(new Set([...first.items, ...second.items].map((u) => u.nickname))).toEqual(new Set(['找人甲', '找人乙', '找人丙']))
    const latin = UsersResponse.parse((await api.call('GET', '/api/admin/users?q=zhao', { token: admin.token })).body)
    expect(latin.items.map((u) => u.nickname)).toEqual(['Zhao Ren'])
    const organizer = UsersResponse.parse((await api.call('GET', `/api/admin/users?q=${encodeURIComponent('创建办')}`, { token: admin.token })).body)
    expect(organizer.items[0]).toMatchObject({ nickname: '创建办组织者', roles: [expect.objectContaining({ role: 'organizer', scopeKind: 'county' })] })
    // Nothing beyond the nickname, the community and the roles: never the openid.
    expect(JSON.stringify(organizer)).not.toContain('dev:')
    expect(Object.keys(organizer.items[0]).sort()).toEqual(Object.keys(FoundUser.shape).sort())
  })

  it('grant a community organiser role, audited, which the person then holds', async () => {
    const grantee = await api.login('东关网格员')
    const response = await api.call('POST', '/api/admin/roles', {
      token: admin.token,
      body: { userId: grantee.user.id, role: 'organizer', scopeKind: 'community', scopeId: dongguan },
    })
    expect(response.status).toBe(201)
    const role = RoleGrant.parse(response.body)
    expect(role).toMatchObject({ userId: grantee.user.id, nickname: '东关网格员', role: 'organizer', scopeKind: 'community', scopeId: dongguan, scopeName: '东关社区' })
    expect(await auditOf(role.id)).toEqual([
      {
        action: 'role.grant', actor: 'api', actor_user_id: admin.id,
        target: { roleId: role.id, userId: grantee.user.id, role: 'organizer', scopeKind: 'community', scopeId: dongguan },
      },
    ])
    const me = MeResponse.parse((await api.call('GET', '/api/me', { token: grantee.token })).body)
    expect(me.user.roles).toContain('organizer')
    expect(me.user.organizerScopes).toEqual([{ kind: 'community', id: dongguan, name: '东关社区' }])

    // Granted twice: refused, nothing new written.
    const before = await snapshot(api)
    const again = await api.call('POST', '/api/admin/roles', {
      token: admin.token,
      body: { userId: grantee.user.id, role: 'organizer', scopeKind: 'community', scopeId: dongguan },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('role_already_granted')
    expect(await snapshot(api)).toEqual(before)
  })

  it('revoke a role, audited; revoking it again names nothing', async () => {
    const grantee = await api.login('将被撤销的组织者')
    const granted = await api.call('POST', '/api/admin/roles', {
      token: admin.token,
      body: { userId: grantee.user.id, role: 'organizer', scopeKind: 'county' },
    })
    expect(granted.status).toBe(201)
    expect((await api.call('GET', '/api/quiz/questions', { token: grantee.token })).status).toBe(200)

    const revoked = await api.call('DELETE', `/api/admin/roles/${granted.body.id}`, { token: admin.token })
    expect(revoked.status).toBe(200)
    expect(revoked.body).toMatchObject({ id: granted.body.id, role: 'organizer', scopeKind: 'county' })
    expect((await auditOf(granted.body.id)).map((a) => [a.action, a.actor_user_id])).toEqual([
      ['role.grant', admin.id],
      ['role.revoke', admin.id],
    ])
    expect((await api.call('GET', '/api/quiz/questions', { token: grantee.token })).status).toBe(403)
    const me = MeResponse.parse((await api.call('GET', '/api/me', { token: grantee.token })).body)
    expect(me.user).toMatchObject({ roles: ['resident'], organizerScopes: [] })

    const again = await api.call('DELETE', `/api/admin/roles/${granted.body.id}`, { token: admin.token })
    expect(again.status).toBe(404)
    expect((await api.call('DELETE', '/api/admin/roles/not-a-number', { token: admin.token })).status).toBe(404)
  })

  it('refuse scopes that name nothing, the county with an id, and admins below the county', async () => {
    const { user } = await api.login('范围有误的人')
    const [school] = await api.sql.query<{ id: string }>(`select id from schools limit 1`)
    const before = await snapshot(api)
    const cases: [Record<string, unknown>, number][] = [
      [{ role: 'organizer', scopeKind: 'community' }, 400],
      [{ role: 'organizer', scopeKind: 'county', scopeId: dongguan }, 400],
      [{ role: 'admin', scopeKind: 'community', scopeId: dongguan }, 400],
      [{ role: 'superuser', scopeKind: 'county' }, 400],
      [{ role: 'organizer', scopeKind: 'community', scopeId: school.id }, 404],
      [{ role: 'organizer', scopeKind: 'unit', scopeId: dongguan }, 404],
      [{ role: 'organizer', scopeKind: 'school', scopeId: crypto.randomUUID() }, 404],
    ]
    for (const [body, status] of cases) {
      const response = await api.call('POST', '/api/admin/roles', { token: admin.token, body: { userId: user.id, ...body } })
      expect({ body, status: response.status }).toEqual({ body, status })
    }
    const nobody = await api.call('POST', '/api/admin/roles', {
      token: admin.token,
      body: { userId: crypto.randomUUID(), role: 'organizer', scopeKind: 'county' },
    })
    expect(nobody.status).toBe(404)
    expect(await snapshot(api)).toEqual(before)
  })

  it('cannot revoke their own admin role, while another admin can', async () => {
    const [own] = await api.sql.query<{ id: number }>(`select id from user_roles where user_id = $1 and role = 'admin'`, [admin.id])
    const before = await snapshot(api)
    const refused = await api.call('DELETE', `/api/admin/roles/${own.id}`, { token: admin.token })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'last_admin_role', message: expect.stringContaining('管理员') })
    expect(await snapshot(api)).toEqual(before)

    // A second admin, granted through the API, may revoke the first; then the first is no admin.
    const second = await api.login('第二位管理员')
    const granted = await api.call('POST', '/api/admin/roles', { token: admin.token, body: { userId: second.user.id, role: 'admin', scopeKind: 'county' } })
    expect(granted.status).toBe(201)
    const mine = await api.call('DELETE', `/api/admin/roles/${granted.body.id}`, { token: second.token })
    expect(mine.body.error?.code).toBe('last_admin_role')
    const revoked = await api.call('DELETE', `/api/admin/roles/${own.id}`, { token: second.token })
    expect(revoked.status).toBe(200)
    expect((await api.call('GET', '/api/admin/roles', { token: admin.token })).status).toBe(403)
    // Restored for the other tests, by the second admin.
    const back = await api.call('POST', '/api/admin/roles', { token: second.token, body: { userId: admin.id, role: 'admin', scopeKind: 'county' } })
    expect(back.status).toBe(201)
  })
})

describe('work units (单位, 包路段)', () => {
  it('are listed for admins, and a unit organiser runs their unit’s activities only', async () => {
    const units = UnitsResponse.parse((await api.call('GET', '/api/admin/units', { token: admin.token })).body)
    expect(units.items.map((u) => u.kind)).toContain('road_section')
    const road = units.items.find((u) => u.kind === 'road_section')!
    expect(road.description).toContain('包路段')

    const grantee = await api.login('包路段负责人')
    const granted = await api.call('POST', '/api/admin/roles', {
      token: admin.token,
      body: { userId: grantee.user.id, role: 'organizer', scopeKind: 'unit', scopeId: road.id },
    })
    expect(granted.status).toBe(201)
    expect(granted.body).toMatchObject({ scopeKind: 'unit', scopeId: road.id, scopeName: road.name })
    const me = MeResponse.parse((await api.call('GET', '/api/me', { token: grantee.token })).body)
    expect(me.user.organizerScopes).toEqual([{ kind: 'unit', id: road.id, name: road.name }])

    const when = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString()
    const fields = { title: '文明交通劝导', kind: 'persuasion', location: road.description!, startsAt: when(60), endsAt: when(180), capacity: 8 }
    const own = await api.call('POST', '/api/activities', { token: grantee.token, body: { ...fields, unitId: road.id } })
    expect(own.status).toBe(201)
    expect(own.body).toMatchObject({ unitId: road.id, communityId: null, scopeName: road.name })
    const other = units.items.find((u) => u.id !== road.id)!
    expect((await api.call('POST', '/api/activities', { token: grantee.token, body: { ...fields, unitId: other.id } })).status).toBe(403)
    expect((await api.call('POST', '/api/activities', { token: grantee.token, body: fields })).status).toBe(403)
    expect((await api.call('GET', `/api/activities/${own.body.id}/roster`, { token: grantee.token })).status).toBe(200)
  })

  it('must name a unit row, wherever a role is written', async () => {
    const { user } = await api.login('乱填单位的人')
    await expect(
      api.sql.query(`insert into user_roles (user_id, role, scope_kind, scope_id) values ($1, 'organizer', 'unit', gen_random_uuid())`, [user.id]),
    ).rejects.toThrow(/not_found/)
  })
})

describe('anyone but an admin', () => {
  const adminCalls = () => [
    ['GET', '/api/admin/roles', undefined],
    ['GET', '/api/admin/units', undefined],
    ['GET', '/api/admin/users?q=a', undefined],
    ['POST', '/api/admin/roles', { userId: admin.id, role: 'organizer', scopeKind: 'county' }],
    ['DELETE', '/api/admin/roles/1', undefined],
  ] as const

  it.each([
    ['a county organiser', 'organizer'],
    ['a community organiser', '社区组织者甲'],
    ['a resident', '普通居民甲'],
  ])('is refused with 403 by every admin route: %s', async (_, name) => {
    const who = name === '社区组织者甲'
      ? await person(api, name, { role: 'organizer', kind: 'community', scopeId: dongguan })
      : await person(api, name)
    const before = await snapshot(api)
    for (const [method, path, body] of adminCalls()) {
      const response = await api.call(method, path, { token: who.token, ...(body ? { body } : {}) })
      expect({ method, path, status: response.status, code: response.body?.error?.code }).toEqual({ method, path, status: 403, code: 'forbidden' })
    }
    expect(await snapshot(api)).toEqual(before)
  })
})
