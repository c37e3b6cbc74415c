import { devLoginName, LoginRequest, UpdateMeRequest, type User } from '../src/shared/account'
import { ApiError } from './_lib/errors'
import { area, route } from './_lib/handler'
import { signSession } from './_lib/session'
import { WechatError } from './_lib/wechat'
import type { Runtime } from './_lib/runtime'

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

export default area([
  route({
    method: 'POST',
    path: '/api/auth/login',
    auth: 'public',
    body: LoginRequest,
    async handle({ body, runtime }) {
      const { openid, nickname } = await openidFor(runtime, body.code)
      const user = await runtime.db.rpc<User>('api_auth_login', { p_openid: openid, p_nickname: nickname })
      return { body: { ...(await signSession(runtime.env, user.id)), user } }
    },
  }),
  route({
    method: 'GET',
    path: '/api/me',
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_me_get', { p_user_id: userId }) }),
  }),
  route({
    method: 'PATCH',
    path: '/api/me',
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
    path: '/api/communities',
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_communities_list') }),
  }),
  route({
    method: 'GET',
    path: '/api/schools',
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_schools_list') }),
  }),
])
