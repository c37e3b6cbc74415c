import * as z from 'zod/mini'
import { RoleGrant, RolesResponse, UnitsResponse, UsersResponse, type GrantRoleRequest } from '../shared/admin'
import { request } from './request'

// Admins only: roles and the units they can be scoped to.
export const listRoles = () => request({ path: '/admin/roles', schema: RolesResponse, auth: true })
export const listUnits = () => request({ path: '/admin/units', schema: UnitsResponse, auth: true })
export const findUsers = (q: string) => request({ path: '/admin/users', query: { q }, schema: UsersResponse, auth: true })
export const grantRole = (grant: GrantRoleRequest) =>
  request({ method: 'POST', path: '/admin/roles', body: grant, schema: RoleGrant, auth: true })
export const revokeRole = (roleId: number) => request({ method: 'DELETE', path: `/admin/roles/${roleId}`, schema: z.unknown(), auth: true })
