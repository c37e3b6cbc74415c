import * as z from 'zod/mini'
import { Id } from './common'

export const Role = z.enum(['resident', 'student', 'organizer', 'admin'])
export type Role = z.infer<typeof Role>

/** Where a role holds: the county (no id), a community, a school or a work unit (单位). */
export const ScopeKind = z.enum(['county', 'community', 'school', 'unit'])
export type ScopeKind = z.infer<typeof ScopeKind>
export const scopeKindNames: Record<ScopeKind, string> = { county: '全县', community: '社区', school: '学校', unit: '单位' }

/** The scopes residents belong to by where they live or study (all but work units): what announcements reach and statistics count. */
export const ResidentScopeKind = z.enum(ScopeKind.options.filter((kind): kind is Exclude<ScopeKind, 'unit'> => kind !== 'unit'))
export type ResidentScopeKind = z.infer<typeof ResidentScopeKind>

/** A scope the user organises in, with its name (全县 for the county). */
export const OrganizerScope = z.object({ kind: ScopeKind, id: z.nullable(Id), name: z.nullable(z.string()) })
export type OrganizerScope = z.infer<typeof OrganizerScope>

export const User = z.object({
  id: Id,
  nickname: z.string(),
  avatarUrl: z.nullable(z.string()),
  communityId: z.nullable(Id),
  roles: z.array(Role),
  student: z.nullable(z.object({ schoolId: Id, classId: Id })),
  /** The scopes the user organises in, county first; absent from older answers. */
  organizerScopes: z.optional(z.nullable(z.array(OrganizerScope))),
})
export type User = z.infer<typeof User>

/** Whether the user may act in a scope: county organisers act everywhere. */
export const organizesIn = (scopes: readonly OrganizerScope[] | null | undefined, kind: ScopeKind, id: string | null = null) =>
  (scopes ?? []).some((s) => s.kind === 'county' || (s.kind === kind && s.id === id))

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

// ---------------------------------------------------------------- personal information (PIPL)
const Rows = z.array(z.record(z.string(), z.unknown()))
/** Everything held about one person, section by section (GET /api/me/data). */
export const MyData = z.object({
  exportedAt: z.string(),
  profile: z.object({
    id: Id,
    openid: z.string(),
    nickname: z.string(),
    avatarUrl: z.nullable(z.string()),
    community: z.nullable(z.string()),
    createdAt: z.string(),
    roles: Rows,
  }),
  student: z.nullable(z.record(z.string(), z.unknown())),
  family: z.nullable(z.record(z.string(), z.unknown())),
  pledge: Rows,
  participation: Rows,
  quizAttempts: Rows,
  redemptions: Rows,
  activities: Rows,
  volunteerHours: Rows,
  nominations: Rows,
  votes: Rows,
  objections: Rows,
})
export type MyData = z.infer<typeof MyData>

/** The sections of MyData that are lists, with the words people see. */
export const dataSections = {
  pledge: '承诺签名',
  participation: '参与记录与积分',
  quizAttempts: '答题记录',
  redemptions: '奖品兑换',
  activities: '活动报名',
  volunteerHours: '志愿时长',
  nominations: '我推荐的好人',
  votes: '我的点赞',
  objections: '公示意见',
} as const satisfies Partial<Record<keyof MyData, string>>

/** The words people see for the fields inside the sections (the page and the workbook use them). */
export const dataFieldNames: Record<string, string> = {
  campaign: '承诺', number: '签名序号', displayName: '签名', signedAt: '签名时间',
  kind: '事项', points: '积分', createdAt: '时间', mode: '方式', startedAt: '开始时间', submittedAt: '交卷时间',
  score: '得分', reward: '奖品', code: '兑换码', cost: '所用积分', status: '状态', activity: '活动', seats: '人数',
  signedUpAt: '报名时间', checkedInAt: '签到时间', checkedOutAt: '签退时间', hours: '时长(小时)', source: '来源',
  round: '评选', nomineeName: '好人姓名', category: '类别', story: '事迹', contact: '联系方式', votedAt: '点赞时间',
  reason: '意见',
}

export const ChildrenResponse = z.object({
  items: z.array(z.object({ id: Id, nickname: z.string(), school: z.string(), class: z.string() })),
})
export type Child = z.infer<typeof ChildrenResponse>['items'][number]
export const DeleteAccountResponse = z.object({ deleted: z.literal(true) })
