import { PointsHistory, RedeemResponse, RedemptionsResponse, RewardsResponse, VerifiedRedemption } from '../shared/rewards'
import { request } from './request'

export const listPoints = (cursor: string | null) =>
  request({ path: '/points', query: { cursor: cursor ?? undefined }, schema: PointsHistory, auth: true })

export const listRewards = () => request({ path: '/rewards', schema: RewardsResponse })

export const redeemReward = (rewardId: string) =>
  request({ method: 'POST', path: `/rewards/${rewardId}/redeem`, schema: RedeemResponse, auth: true })

export const listRedemptions = () => request({ path: '/rewards/redemptions', schema: RedemptionsResponse, auth: true })

export const verifyRedemption = (code: string) =>
  request({ method: 'POST', path: '/rewards/redemptions/verify', body: { code }, schema: VerifiedRedemption, auth: true })
