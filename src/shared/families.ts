import * as z from 'zod/mini'
import { Id } from './common'

// ---------------------------------------------------------------- students
export const JoinCode = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9]{6}$/, { message: '班级码是 6 位字母或数字' }))
export const BindStudentRequest = z.object({
  joinCode: JoinCode,
  /** Under 14 a guardian confirms before the student appears in any ranking. */
  under14: z.boolean(),
})

export const InviteCode = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9]{10}$/))

export const FamilyCard = z.object({
  role: z.enum(['student', 'member', 'none']),
  level: z.nullable(z.union([z.literal(1), z.literal(2)])),
  student: z.nullable(
    z.object({
      schoolId: Id,
      classId: Id,
      school: z.string(),
      class: z.string(),
      under14: z.boolean(),
      consented: z.boolean(),
      nickname: z.string(),
    }),
  ),
  inviteCode: z.nullable(z.string()),
  stats: z.nullable(z.object({ members: z.number(), neighbours: z.number(), signed: z.number(), acts: z.number() })),
  members: z.nullable(z.array(z.object({ nickname: z.string(), level: z.number(), signed: z.boolean() }))),
})
export type FamilyCard = z.infer<typeof FamilyCard>

// ---------------------------------------------------------------- invitations
export const InviteInfo = z.object({
  inviter: z.string(),
  inviterIsStudent: z.boolean(),
  school: z.nullable(z.string()),
  class: z.nullable(z.string()),
})
export type InviteInfo = z.infer<typeof InviteInfo>
export const JoinFamilyRequest = z.object({ code: InviteCode })
export const JoinFamilyResponse = z.object({ joined: z.boolean(), card: FamilyCard })

/** The invitation as a mini-program code image, to save, print or post to Moments. */
export const InvitePoster = z.object({ inviteCode: z.string(), imageDataUrl: z.string() })

/** A mini-program code carries `i=<code>` as its scene; a share card carries `code`. */
export function inviteCodeFrom(params: { code?: string; scene?: string }): string {
  if (params.code) return params.code
  const scene = params.scene ? decodeURIComponent(params.scene) : ''
  return /^i=([A-Z0-9]{10})$/.exec(scene)?.[1] ?? ''
}

// ---------------------------------------------------------------- rankings
export const RankingsQuery = z.object({ scope: z._default(z.enum(['class', 'school']), 'school'), schoolId: z.optional(Id) })
export const RankingEntry = z.object({
  rank: z.number(),
  id: Id,
  name: z.string(),
  familiesReached: z.number(),
  students: z.number(),
  signedShare: z.number(),
  perStudent: z.number(),
})
export type RankingEntry = z.infer<typeof RankingEntry>
export const Rankings = z.object({ items: z.array(RankingEntry) })

// ---------------------------------------------------------------- school organisers
export const ClassProgress = z.object({
  schoolId: Id,
  school: z.string(),
  classId: Id,
  class: z.string(),
  joinCode: z.string(),
  students: z.number(),
  awaitingConsent: z.number(),
  familiesReached: z.number(),
  familyMembers: z.number(),
  signed: z.number(),
  acts: z.number(),
})
export type ClassProgress = z.infer<typeof ClassProgress>
export const ProgressResponse = z.object({ items: z.array(ClassProgress) })

/** "62.5%" from a share between 0 and 1. */
export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`
