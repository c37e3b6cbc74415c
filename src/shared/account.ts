import * as z from 'zod/mini'
import { Id } from './common'

export const Role = z.enum(['resident', 'student', 'organizer', 'admin'])
export type Role = z.infer<typeof Role>

export const User = z.object({
  id: Id,
  nickname: z.string(),
  avatarUrl: z.nullable(z.string()),
  communityId: z.nullable(Id),
  roles: z.array(Role),
  student: z.nullable(z.object({ schoolId: Id, classId: Id })),
})
export type User = z.infer<typeof User>

// ---------------------------------------------------------------- POST /api/auth/login
export const LoginRequest = z.object({ code: z.string().check(z.minLength(1), z.maxLength(200)) })
export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  user: User,
})
export type LoginResponse = z.infer<typeof LoginResponse>

/** `dev:<name>` logs in a stable local user when WeChat is not configured (never in production). */
export const devLoginName = (code: string): string | null => {
  const match = /^dev:(.{1,32})$/u.exec(code)
  return match ? match[1] : null
}

// ---------------------------------------------------------------- GET/PATCH /api/me
export const MeResponse = z.object({ user: User, points: z.object({ balance: z.number() }) })
export type MeResponse = z.infer<typeof MeResponse>

export const Nickname = z.string().check(z.trim(), z.minLength(1), z.maxLength(32))

export const UpdateMeRequest = z
  .object({
    nickname: z.optional(Nickname),
    avatarUrl: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(500))),
    communityId: z.optional(Id),
  })
  .check(
    z.refine((body) => Object.keys(body).length > 0, { message: '请至少修改一项' }),
  )
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>
export const UpdateMeResponse = z.object({ user: User })

// ---------------------------------------------------------------- directory
export const Community = z.object({ id: Id, name: z.string() })
export type Community = z.infer<typeof Community>
export const CommunitiesResponse = z.object({ items: z.array(Community) })

export const School = z.object({
  id: Id,
  name: z.string(),
  classes: z.array(z.object({ id: Id, name: z.string() })),
})
export type School = z.infer<typeof School>
export const SchoolsResponse = z.object({ items: z.array(School) })
