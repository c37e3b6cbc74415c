import * as z from 'zod/mini'
import { ResidentScopeKind } from './account'
import { Cursor, Id, Limit, Timestamp, page } from './common'

/** Where an announcement is shown: the whole county, one community or one school. */
export const AnnouncementScope = z.object({ kind: ResidentScopeKind, id: z.nullable(Id), name: z.nullable(z.string()) })
export type AnnouncementScope = z.infer<typeof AnnouncementScope>

export const AnnouncementStatus = z.enum(['draft', 'published', 'unpublished'])
export type AnnouncementStatus = z.infer<typeof AnnouncementStatus>

/** An announcement as residents see it in a list; `unread` only ever for a signed-in resident. */
export const AnnouncementItem = z.object({
  id: Id,
  title: z.string(),
  summary: z.string(),
  coverUrl: z.nullable(z.string()),
  scope: AnnouncementScope,
  pinned: z.boolean(),
  publishAt: Timestamp,
  unread: z.boolean(),
})
export type AnnouncementItem = z.infer<typeof AnnouncementItem>

/** One announcement opened: the body is HTML the API sanitised, for RichText. */
export const Announcement = z.extend(AnnouncementItem, { body: z.string() })
export type Announcement = z.infer<typeof Announcement>

// ---------------------------------------------------------------- GET /api/announcements
export const AnnouncementsQuery = z.object({ limit: Limit, cursor: Cursor })
export const AnnouncementsResponse = page(AnnouncementItem)

export const UnreadCount = z.object({ count: z.number() })

// ---------------------------------------------------------------- organisers
export const ManagedAnnouncement = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  coverUrl: z.nullable(z.string()),
  scope: AnnouncementScope,
  pinned: z.boolean(),
  status: AnnouncementStatus,
  publishAt: z.nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  readCount: z.number(),
})
export type ManagedAnnouncement = z.infer<typeof ManagedAnnouncement>

export const ManageQuery = AnnouncementsQuery
export const ManageResponse = z.object({
  items: z.array(ManagedAnnouncement),
  nextCursor: z.nullable(z.string()),
  /** The scopes the organiser may announce to, for the editor's picker. */
  scopes: z.array(AnnouncementScope),
})
export type ManageResponse = z.infer<typeof ManageResponse>

/** The most the stored (sanitised) body may hold. */
export const bodyMaxLength = 20000

const scopeMatches = (fields: { scopeKind?: ResidentScopeKind; scopeId?: string | null }) =>
  fields.scopeKind === undefined ? fields.scopeId === undefined : (fields.scopeKind === 'county') === (fields.scopeId == null)

// No defaults here: the partial schema of an edit would fill them in and overwrite the stored values.
export const AnnouncementFields = z.object({
  title: z.string().check(z.trim(), z.minLength(1, { message: '请填写公告标题' }), z.maxLength(60, { message: '标题最多 60 个字' })),
  /** Simple HTML (p, br, strong, em, b, i, u, h3, h4, ul, ol, li, blockquote); the API sanitises it. */
  body: z.optional(z.string().check(z.maxLength(bodyMaxLength, { message: '正文最多 2 万字' }))),
  coverUrl: z.optional(z.nullable(z.url({ protocol: /^https?$/, message: '封面图片地址要以 http:// 或 https:// 开头' }))),
  scopeKind: ResidentScopeKind,
  /** The community's or school's id; none for the county. */
  scopeId: z.optional(z.nullable(Id)),
  /** Shown above the others (default: no). */
  pinned: z.optional(z.boolean()),
  /** Shown from this time on once published; none: from the moment it is published. */
  publishAt: z.optional(z.nullable(Timestamp)),
})

const scopeProblem = { message: '请选择发布范围:全县不需要选社区或学校,社区和学校要选一个', path: ['scopeId'] }

export const CreateAnnouncementRequest = AnnouncementFields.check(z.refine(scopeMatches, scopeProblem))
export type CreateAnnouncementRequest = z.infer<typeof CreateAnnouncementRequest>

export const UpdateAnnouncementRequest = z
  .partial(AnnouncementFields)
  .check(
    z.refine(scopeMatches, scopeProblem),
    z.refine((fields) => Object.keys(fields).length > 0, { message: '请至少修改一项' }),
  )
export type UpdateAnnouncementRequest = z.infer<typeof UpdateAnnouncementRequest>

export const announcementStatusNames: Record<AnnouncementStatus, string> = {
  draft: '草稿',
  published: '已发布',
  unpublished: '已撤回',
}

/** The scope as people read it: 全县, or the community's or school's name. */
export const scopeLabel = (scope: AnnouncementScope) => (scope.kind === 'county' ? '全县' : (scope.name ?? ''))
