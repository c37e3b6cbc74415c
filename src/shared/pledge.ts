import * as z from 'zod/mini'
import { Cursor, Id, Limit, Timestamp, page } from './common'

export const Signature = z.object({
  number: z.number().check(z.int(), z.positive()),
  displayName: z.string(),
  signedAt: Timestamp,
})
export type Signature = z.infer<typeof Signature>

// ---------------------------------------------------------------- GET /api/pledge
export const PledgeResponse = z.object({
  campaign: z.object({ id: Id, title: z.string(), text: z.string(), goal: z.number() }),
  count: z.number(),
  mine: z.nullable(Signature),
})
export type PledgeResponse = z.infer<typeof PledgeResponse>

// ---------------------------------------------------------------- POST /api/pledge
export const DisplayName = z.string().check(z.trim(), z.minLength(1, { message: '请填写签名' }),
  z.maxLength(20, { message: '签名最多 20 个字' }))
export const SignPledgeRequest = z.object({ displayName: DisplayName })
export type SignPledgeRequest = z.infer<typeof SignPledgeRequest>

// ---------------------------------------------------------------- PATCH /api/pledge (organisers)
export const UpdatePledgeRequest = z
  .object({
    title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
    text: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
    goal: z.optional(z.number().check(z.int(), z.positive(), z.maximum(10_000_000))),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: '请至少修改一项' }))
export type UpdatePledgeRequest = z.infer<typeof UpdatePledgeRequest>

// ---------------------------------------------------------------- GET /api/pledge/signatures
export const SignaturesQuery = z.object({
  limit: Limit,
  cursor: Cursor,
})
export const PublicSignature = z.object({
  number: z.number(),
  displayName: z.string(),
  community: z.nullable(z.string()),
  signedAt: Timestamp,
})
export type PublicSignature = z.infer<typeof PublicSignature>
export const SignaturesResponse = page(PublicSignature)
export type SignaturesResponse = z.infer<typeof SignaturesResponse>

/** Share of the goal reached, 0–100, one decimal; never above 100. */
export function progressPercent(count: number, goal: number): number {
  if (goal <= 0) return 0
  return Math.min(100, Math.floor((count / goal) * 1000) / 10)
}
