import * as z from 'zod/mini'
import { Cursor, Id, Limit, Timestamp, page } from './common'

export const ActivityKind = z.enum(['volunteer', 'class', 'lecture', 'persuasion', 'other'])
export type ActivityKind = z.infer<typeof ActivityKind>
export const activityKindNames: Record<ActivityKind, string> = {
  volunteer: '志愿服务',
  class: '文明课堂',
  lecture: '道德讲堂',
  persuasion: '文明劝导',
  other: '其他',
}
export const Audience = z.enum(['all', 'students', 'families'])
export const audienceNames: Record<z.infer<typeof Audience>, string> = { all: '所有居民', students: '学生', families: '家庭' }
export const CancelRule = z.enum(['anytime', 'until_deadline', 'never'])
export const cancelRuleNames: Record<z.infer<typeof CancelRule>, string> = {
  anytime: '随时可以取消',
  until_deadline: '报名截止前可以取消',
  never: '报名后不能取消',
}

export const MySignup = z.object({
  id: Id,
  status: z.enum(['confirmed', 'waitlisted']),
  seats: z.number(),
  position: z.optional(z.number()),
  checkedInAt: z.optional(Timestamp),
  checkedOutAt: z.optional(Timestamp),
})
export type MySignup = z.infer<typeof MySignup>

export const Activity = z.object({
  id: Id,
  title: z.string(),
  kind: ActivityKind,
  description: z.string(),
  coverUrl: z.nullable(z.string()),
  location: z.string(),
  latitude: z.nullable(z.number()),
  longitude: z.nullable(z.number()),
  startsAt: Timestamp,
  endsAt: Timestamp,
  signupDeadline: Timestamp,
  capacity: z.number(),
  audience: Audience,
  hours: z.number(),
  cancelRule: CancelRule,
  status: z.enum(['published', 'cancelled']),
  confirmedCount: z.number(),
  waitlistCount: z.number(),
  mySignup: z.nullable(MySignup),
  /** Where the activity belongs: a community, a work unit, or (both null) the county. */
  communityId: z.optional(z.nullable(Id)),
  unitId: z.optional(z.nullable(Id)),
  /** The community's or unit's name; null for the county. */
  scopeName: z.optional(z.nullable(z.string())),
})
export type Activity = z.infer<typeof Activity>

// ---------------------------------------------------------------- GET /api/activities
export const ActivitiesQuery = z.object({
  limit: Limit,
  kind: z.optional(ActivityKind),
  cursor: Cursor,
})
export const ActivitiesResponse = page(Activity)

// ---------------------------------------------------------------- POST/PATCH /api/activities (organisers)
const Coordinate = (max: number) => z.number().check(z.minimum(-max), z.maximum(max))
/** What an organiser sets; an edit changes only the fields it names (no defaults filled in). */
const ActivityEditable = z.object({
  title: z.string().check(z.trim(), z.minLength(1, { message: '请填写活动名称' }), z.maxLength(60)),
  kind: ActivityKind,
  description: z.string().check(z.trim(), z.maxLength(5000)),
  coverUrl: z.optional(z.url({ protocol: /^https?$/ })),
  location: z.string().check(z.trim(), z.minLength(1, { message: '请填写活动地点' }), z.maxLength(100)),
  latitude: z.optional(Coordinate(90)),
  longitude: z.optional(Coordinate(180)),
  startsAt: Timestamp,
  endsAt: Timestamp,
  signupDeadline: z.optional(Timestamp),
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(10000)),
  audience: Audience,
  hours: z.number().check(z.minimum(0), z.maximum(24)),
  cancelRule: CancelRule,
  /**
   * Where it belongs: a community or a work unit (at most one), neither for the county. Its
   * organisers need that scope; on an edit, naming either moves the activity to exactly that scope.
   */
  communityId: z.optional(z.nullable(Id)),
  unitId: z.optional(z.nullable(Id)),
})

/** A new activity: what is left out takes its default. */
const ActivityFields = z.extend(ActivityEditable, {
  description: z._default(ActivityEditable.shape.description, ''),
  audience: z._default(Audience, 'all'),
  hours: z._default(ActivityEditable.shape.hours, 0),
  cancelRule: z._default(CancelRule, 'until_deadline'),
})

/** Times and hours must fit together; checked on the page before sending and in the API. */
export function activityTimesProblem(fields: { startsAt?: string; endsAt?: string; signupDeadline?: string; hours?: number }) {
  const start = fields.startsAt ? Date.parse(fields.startsAt) : null
  const end = fields.endsAt ? Date.parse(fields.endsAt) : null
  if (start !== null && end !== null && end <= start) return '结束时间要晚于开始时间'
  if (fields.signupDeadline && end !== null && Date.parse(fields.signupDeadline) > end) return '报名截止时间不能晚于活动结束'
  if (start !== null && end !== null && (fields.hours ?? 0) * 3600_000 > end - start) return '志愿时长不能超过活动时长'
  return null
}

const oneScopeMessage = { message: '活动只能属于一个社区或一个单位' }
const oneScope = (fields: { communityId?: string | null; unitId?: string | null }) => !(fields.communityId && fields.unitId)

export const CreateActivityRequest = ActivityFields.check(
  z.refine((fields) => activityTimesProblem(fields) === null, { message: '活动时间或时长有误' }),
  z.refine(oneScope, oneScopeMessage),
)
export const UpdateActivityRequest = z
  .partial(ActivityEditable)
  .check(z.refine((fields) => Object.keys(fields).length > 0, { message: '请至少修改一项' }), z.refine(oneScope, oneScopeMessage))

// ---------------------------------------------------------------- sign-up
export const SignupRequest = z._default(
  z.object({
    /** The resident and family members coming along: one seat each. */
    seats: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(5)), 1),
    /** The resident agreed to WeChat reminders (subscribe message) when signing up. */
    subscribe: z._default(z.boolean(), false),
  }),
  { seats: 1, subscribe: false },
)
export const SignupResponse = MySignup

export const Ticket = z.object({
  ticket: z.string(),
  qrDataUrl: z.string(),
  signup: MySignup,
  activity: z.object({ id: Id, title: z.string(), startsAt: Timestamp, endsAt: Timestamp, location: z.string() }),
})
export type Ticket = z.infer<typeof Ticket>

export const MyActivities = z.object({
  hoursTotal: z.number(),
  items: z.array(
    z.object({
      activity: z.object({ id: Id, title: z.string(), kind: ActivityKind, startsAt: Timestamp, endsAt: Timestamp, location: z.string(), status: z.string() }),
      signup: MySignup,
      hours: z.number(),
    }),
  ),
})
export type MyActivities = z.infer<typeof MyActivities>

// ---------------------------------------------------------------- the door (organisers)
export const TicketCode = z.string().check(z.trim(), z.regex(/^[0-9a-f]{64}$/, { message: '签到码无效' }))
export const CheckinRequest = z.object({ ticket: TicketCode, action: z._default(z.enum(['in', 'out']), 'in') })
export const CheckinResponse = z.object({ signup: MySignup, hoursCredited: z.number(), nickname: z.nullable(z.string()) })
export type CheckinResponse = z.infer<typeof CheckinResponse>

export const AddHoursRequest = z.object({
  signupId: Id,
  hours: z.number().check(z.positive(), z.maximum(24)),
  reason: z.string().check(z.trim(), z.minLength(2, { message: '请写明补录原因' }), z.maxLength(200)),
})

export const RosterEntry = z.object({
  signupId: Id,
  nickname: z.string(),
  community: z.nullable(z.string()),
  seats: z.number(),
  status: z.enum(['confirmed', 'waitlisted']),
  signedUpAt: Timestamp,
  checkedInAt: z.nullable(Timestamp),
  checkedOutAt: z.nullable(Timestamp),
  hours: z.number(),
})
export type RosterEntry = z.infer<typeof RosterEntry>
export const Roster = z.object({ activity: Activity, items: z.array(RosterEntry) })
export type Roster = z.infer<typeof Roster>
