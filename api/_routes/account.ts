import * as z from 'zod/mini'
import { devLoginName, LoginRequest, UpdateMeRequest, type MyData, type User } from '../../src/shared/account'
import { GrantRoleRequest, RoleParams, UsersQuery, type FoundUser } from '../../src/shared/admin'
import { Id } from '../../src/shared/common'
import { adminPaths } from '../../src/shared/organizer-paths'
import { accountPaths } from '../../src/shared/paths'
import { dataWorkbook } from '../_lib/data-export'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import { pageOf, readCursor } from '../_lib/page'
import { signSession } from '../_lib/session'
import { WechatError } from '../_lib/wechat'
import type { Runtime } from '../_lib/runtime'

/** The openid for a login code: WeChat's when configured, else a dev login outside production. */
async function openidFor(runtime: Runtime, code: string): Promise<{ openid: string; nickname: string }> {
  if (runtime.wechat) {
    try {
      const { openid } = await runtime.wechat.code2Session(code)
      return { openid, nickname: '文明居民' }
    } catch (error) {
      if (error instanceof WechatError && error.kind === 'unavailable') throw new ApiError('wechat_unavailable')
      throw new ApiError('login_failed')
    }
  }
  const name = runtime.env.NODE_ENV === 'production' ? null : devLoginName(code)
  if (name === null) throw new ApiError('login_failed')
  return { openid: code, nickname: name }
}

const ChildParams = z.object({ childId: Id })

/** The personal-information export and erasure: of the user, or of a child the user is guardian of. */
const dataRoutes = (
  paths: { data: string; workbook: string; account: string },
  subject: (params: { childId?: string }) => string | null,
) => [
  route({
    method: 'GET',
    path: paths.data,
    auth: 'user',
    params: z.partial(ChildParams),
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_my_data', { p_user_id: userId, p_subject_id: subject(params ?? {}) }),
    }),
  }),
  route({
    method: 'GET',
    path: paths.workbook,
    auth: 'user',
    params: z.partial(ChildParams),
    async handle({ userId, params, runtime }) {
      const data = await runtime.db.rpc<MyData>('api_my_data', { p_user_id: userId, p_subject_id: subject(params ?? {}) })
      return {
        file: {
          name: `个人信息-${data.profile.nickname}.xlsx`,
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: await dataWorkbook(data),
        },
      }
    },
  }),
  route({
    method: 'DELETE',
    path: paths.account,
    auth: 'user',
    params: z.partial(ChildParams),
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_account_delete', { p_user_id: userId, p_subject_id: subject(params ?? {}) }),
    }),
  }),
]

export const routes = [
  route({
    method: 'POST',
    path: accountPaths.login,
    auth: 'public',
    body: LoginRequest,
    // Each attempt costs a call to WeChat's code2Session. Tighter than the default, yet a venue's
    // Wi-Fi or a carrier's shared address may carry many first launches; a refused launch keeps
    // the token it had, and a page's retry logs in later.
    rateLimit: { perAddress: { limit: 120, windowSeconds: 60 } },
    async handle({ body, runtime }) {
      const { openid, nickname } = await openidFor(runtime, body.code)
      const user = await runtime.db.rpc<User>('api_auth_login', { p_openid: openid, p_nickname: nickname })
      return { body: { ...(await signSession(runtime.env, user.id)), user } }
    },
  }),
  route({
    method: 'GET',
    path: accountPaths.me,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_me_get', { p_user_id: userId }) }),
  }),
  route({
    method: 'PATCH',
    path: accountPaths.me,
    auth: 'user',
    body: UpdateMeRequest,
    handle: async ({ userId, body, runtime }) => ({
      body: await runtime.db.rpc('api_me_update', {
        p_user_id: userId,
        p_nickname: body.nickname,
        p_avatar_url: body.avatarUrl,
        p_community_id: body.communityId,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: accountPaths.children,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_my_children', { p_user_id: userId }) }),
  }),
  ...dataRoutes({ data: accountPaths.myData, workbook: accountPaths.myDataWorkbook, account: accountPaths.me }, () => null),
  ...dataRoutes(
    { data: accountPaths.childData, workbook: accountPaths.childDataWorkbook, account: accountPaths.child },
    (params) => params.childId ?? null,
  ),
  route({
    method: 'GET',
    path: accountPaths.communities,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_communities_list') }),
  }),
  route({
    method: 'GET',
    path: accountPaths.schools,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_schools_list') }),
  }),

  // ------------------------------------------------------------ roles, for admins
  // `organizer` lets in anyone who organises somewhere; the functions admit admins only (role
  // admin in the county scope) and audit every grant and revocation.
  route({
    method: 'GET',
    path: adminPaths.roles,
    auth: 'organizer',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_admin_roles_list', { p_user_id: userId }) }),
  }),
  route({
    method: 'POST',
    path: adminPaths.roles,
    auth: 'organizer',
    oneCall: true,
    body: GrantRoleRequest,
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_admin_role_grant', {
        p_user_id: userId,
        p_target_user_id: body.userId,
        p_role: body.role,
        p_scope_kind: body.scopeKind,
        p_scope_id: body.scopeId ?? null,
      }),
    }),
  }),
  route({
    method: 'DELETE',
    path: adminPaths.role,
    auth: 'organizer',
    params: RoleParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_admin_role_revoke', { p_user_id: userId, p_role_id: params.roleId }),
    }),
  }),
  route({
    method: 'GET',
    path: adminPaths.units,
    auth: 'organizer',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_admin_units_list', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: adminPaths.users,
    auth: 'organizer',
    query: UsersQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the id of the last user shown.
      const [after] = readCursor(query.cursor, Id) ?? [null]
      const { items } = await runtime.db.rpc<{ items: FoundUser[] }>('api_admin_users_find', {
        p_user_id: userId,
        p_query: query.q,
        p_limit: query.limit,
        p_after: after,
      })
      return { body: pageOf(items, query.limit, (last) => [last.id]) }
    },
  }),
]
