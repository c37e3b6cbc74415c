import * as z from 'zod/mini'
import { Id } from '../../src/shared/common'
import { PointsQuery, VerifyRedemptionRequest, type PointsEntry, type Redemption } from '../../src/shared/rewards'
import { rewardsOrganizerPaths } from '../../src/shared/organizer-paths'
import { rewardsPaths } from '../../src/shared/paths'
import { route } from '../_lib/handler'
import { pageOf, readCursor, Serial } from '../_lib/page'
import { qrDataUrl } from '../_lib/qr-code'

export const routes = [
  route({
    method: 'GET',
    path: rewardsPaths.points,
    auth: 'user',
    query: PointsQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the serial id of the last entry shown.
      const [before] = readCursor(query.cursor, Serial) ?? [null]
      const { balance, items } = await runtime.db.rpc<{ balance: number; items: (PointsEntry & { id: number })[] }>(
        'api_points_history',
        { p_user_id: userId, p_limit: query.limit, p_before: before },
      )
      const page = pageOf(items, query.limit, (last) => [last.id])
      return { body: { balance, ...page, items: page.items.map(({ id: _id, ...entry }) => entry) } }
    },
  }),
  route({
    method: 'GET',
    path: rewardsPaths.rewards,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_rewards_list') }),
  }),
  route({
    method: 'POST',
    path: rewardsPaths.redeem,
    auth: 'user',
    oneCall: true,
    params: z.object({ rewardId: Id }),
    handle: async ({ userId, params, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_reward_redeem', { p_user_id: userId, p_reward_id: params.rewardId }),
    }),
  }),
  route({
    method: 'GET',
    path: rewardsPaths.redemptions,
    auth: 'user',
    async handle({ userId, runtime }) {
      const { items } = await runtime.db.rpc<{ items: Omit<Redemption, 'qrDataUrl'>[] }>('api_reward_redemptions_mine', {
        p_user_id: userId,
      })
      const withQr = await Promise.all(
        items.map(async (item) => ({ ...item, qrDataUrl: await qrDataUrl(item.code, 360) })),
      )
      return { body: { items: withQr } }
    },
  }),
  route({
    method: 'POST',
    path: rewardsOrganizerPaths.verify,
    auth: 'organizer',
    oneCall: true,
    body: VerifyRedemptionRequest,
    handle: async ({ userId, body, runtime }) => ({
      body: await runtime.db.rpc('api_reward_verify', { p_user_id: userId, p_code: body.code }),
    }),
  }),
]
