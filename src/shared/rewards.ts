import * as z from 'zod/mini'
import { Cursor, Id, Limit, Timestamp, page } from './common'

// ---------------------------------------------------------------- GET /api/points
export const PointsQuery = z.object({
  limit: Limit,
  cursor: Cursor,
})
export const PointsEntry = z.object({ kind: z.string(), label: z.string(), points: z.number(), createdAt: Timestamp })
export type PointsEntry = z.infer<typeof PointsEntry>
export const PointsHistory = z.extend(page(PointsEntry), { balance: z.number() })
export type PointsHistory = z.infer<typeof PointsHistory>

// ---------------------------------------------------------------- GET /api/rewards
export const Reward = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  cost: z.number(),
  stock: z.number(),
  imageUrl: z.nullable(z.string()),
})
export type Reward = z.infer<typeof Reward>
export const RewardsResponse = z.object({ items: z.array(Reward) })

// ---------------------------------------------------------------- POST /api/rewards/{id}/redeem
export const RedemptionCode = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9]{12}$/))
export const RedeemResponse = z.object({
  redemptionCode: z.string(),
  reward: z.object({ id: Id, name: z.string(), cost: z.number() }),
  balance: z.number(),
})
export type RedeemResponse = z.infer<typeof RedeemResponse>

// ---------------------------------------------------------------- GET /api/rewards/redemptions
export const Redemption = z.object({
  code: z.string(),
  status: z.enum(['issued', 'verified']),
  cost: z.number(),
  createdAt: Timestamp,
  verifiedAt: z.nullable(Timestamp),
  reward: z.object({ id: Id, name: z.string() }),
  /** The code as a QR image (PNG data URL) to show at the prize desk. */
  qrDataUrl: z.string(),
})
export type Redemption = z.infer<typeof Redemption>
export const RedemptionsResponse = z.object({ items: z.array(Redemption) })

// ---------------------------------------------------------------- POST /api/rewards/redemptions/verify
export const VerifyRedemptionRequest = z.object({ code: RedemptionCode })
export const VerifiedRedemption = z.object({
  code: z.string(),
  status: z.literal('verified'),
  verifiedAt: Timestamp,
  reward: z.object({ id: Id, name: z.string() }),
})
