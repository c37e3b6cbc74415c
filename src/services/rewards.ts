import { PointsHistory, RedeemResponse, RedemptionsResponse, RewardsResponse, VerifiedRedemption } from '../shared/rewards'
import { rewardsOrganizerPaths } from '../shared/organizer-paths'
import { pathTo, rewardsPaths } from '../shared/paths'
import { request } from './request'

export const listPoints = (cursor: string | null) =>
  request({ path: rewardsPaths.points, query: { cursor: cursor ?? undefined }, schema: PointsHistory, auth: true })

export const listRewards = () => request({ path: rewardsPaths.rewards, schema: RewardsResponse })

export const redeemReward = (rewardId: string) =>
  request({ method: 'POST', path: pathTo(rewardsPaths.redeem, { rewardId }), schema: RedeemResponse, auth: true })

export const listRedemptions = () => request({ path: rewardsPaths.redemptions, schema: RedemptionsResponse, auth: true })

export const verifyRedemption = (code: string) =>
  request({ method: 'POST', path: rewardsOrganizerPaths.verify, body: { code }, schema: VerifiedRedemption, auth: true })
