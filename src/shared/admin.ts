import * as z from 'zod/mini'
import { ScopeKind } from './account'
import { Cursor, Id, Limit, Timestamp } from './common'

// Roles for admins (role admin in the county scope): /api/admin/*.

export const GrantedRole = z.enum(['organizer', 'admin'])
export type GrantedRole = z.infer<typeof GrantedRole>
export const grantedRoleNames: Record<GrantedRole, string> = { organizer: '组织者', admin: '管理员' }

/** A role as stored: its id (for revoking), whose it is and where it holds. */
export const RoleGrant = z.object({
  id: z.number(),
  userId: Id,
  nickname: z.nullable(z.string()),
  role: GrantedRole,
  scopeKind: ScopeKind,
  scopeId: z.nullable(Id),
  /** 全县 for the county. */
  scopeName: z.nullable(z.string()),
  grantedAt: Timestamp,
})
export type RoleGrant = z.infer<typeof RoleGrant>

// ---------------------------------------------------------------- GET/POST /api/admin/roles
export const RolesResponse = z.object({ items: z.array(RoleGrant) })

/** The county takes no scopeId; every other scope needs one. Admins are county-wide only. */
export const GrantRoleRequest = z
  .object({ userId: Id, role: GrantedRole, scopeKind: ScopeKind, scopeId: z.optional(z.nullable(Id)) })
  .check(
    z.refine((body) => (body.scopeKind === 'county') === (body.scopeId == null), {
      message: '全县范围不填 scopeId,社区、学校、单位范围必须填写 scopeId',
    }),
    z.refine((body) => body.role !== 'admin' || body.scopeKind === 'county', { message: '管理员只能是全县范围' }),
  )
export type GrantRoleRequest = z.infer<typeof GrantRoleRequest>

/** Role ids are numbers; anything else names nothing (404). */
export const RoleParams = z.object({ roleId: z.string().check(z.regex(/^[1-9][0-9]{0,17}$/)) })

// ---------------------------------------------------------------- GET /api/admin/units
export const UnitKind = z.enum(['unit', 'road_section'])
export const unitKindNames: Record<z.infer<typeof UnitKind>, string> = { unit: '单位', road_section: '包路段单位' }
export const Unit = z.object({ id: Id, name: z.string(), kind: UnitKind, description: z.nullable(z.string()) })
export type Unit = z.infer<typeof Unit>
export const UnitsResponse = z.object({ items: z.array(Unit) })

// ---------------------------------------------------------------- GET /api/admin/users?q=
export const UsersQuery = z.object({
  /** The start of the nickname (case-insensitive); empty: everyone. */
  q: z._default(z.string().check(z.trim(), z.maxLength(32)), ''),
  limit: Limit,
  cursor: Cursor,
})
export const FoundUser = z.object({
  id: Id,
  nickname: z.string(),
  community: z.nullable(z.string()),
  roles: z.array(RoleGrant),
  createdAt: Timestamp,
})
export type FoundUser = z.infer<typeof FoundUser>
export const UsersResponse = z.object({ items: z.array(FoundUser), nextCursor: z.nullable(z.string()) })
