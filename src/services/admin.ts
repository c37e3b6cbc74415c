import * as z from 'zod/mini'
import { RoleGrant, RolesResponse, UnitsResponse, UsersResponse, type GrantRoleRequest } from '../shared/admin'
import { adminPaths } from '../shared/organizer-paths'
import { pathTo } from '../shared/paths'
import { request } from './request'

// Admins only: roles and the units they can be scoped to.
export const listRoles = () => request({ path: adminPaths.roles, schema: RolesResponse, auth: true })
export const listUnits = () => request({ path: adminPaths.units, schema: UnitsResponse, auth: true })
export const findUsers = (q: string) => request({ path: adminPaths.users, query: { q }, schema: UsersResponse, auth: true })
export const grantRole = (grant: GrantRoleRequest) =>
  request({ method: 'POST', path: adminPaths.roles, body: grant, schema: RoleGrant, auth: true })
export const revokeRole = (roleId: number) => request({ method: 'DELETE', path: pathTo(adminPaths.role, { roleId }), schema: z.unknown(), auth: true })
