import * as z from 'zod/mini'
import { Cursor, Id, Limit, Timestamp, page } from './common'

export const defaultCategories = ['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲']

// ---------------------------------------------------------------- rounds
export const RoundStatus = z.enum(['draft', 'open', 'notice', 'published'])
/** Where a round stands now: its status, or for an open round what its windows allow. */
export const RoundPhase = z.enum(['draft', 'upcoming', 'nominating', 'reviewing', 'voting', 'selecting', 'notice', 'published'])
export type RoundPhase = z.infer<typeof RoundPhase>
export const phaseNames: Record<RoundPhase, string> = {
  draft: '草稿',
  upcoming: '即将开始',
  nominating: '推荐中',
  reviewing: '审核中',
  voting: '点赞评议中',
  selecting: '评选中',
  notice: '公示中',
  published: '已发布好人榜',
}

export const Round = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  categories: z.array(z.string()),
  nominateFrom: Timestamp,
  nominateUntil: Timestamp,
  voteFrom: Timestamp,
  voteUntil: Timestamp,
  noticeDays: z.number(),
  noticeStartsAt: z.nullable(Timestamp),
  noticeEndsAt: z.nullable(Timestamp),
  publishedAt: z.nullable(Timestamp),
  dailyVoteCap: z.number(),
  roundVoteCap: z.number(),
  status: RoundStatus,
  phase: RoundPhase,
  nominationOpen: z.boolean(),
  votingOpen: z.boolean(),
  noticeOpen: z.boolean(),
  approvedCount: z.number(),
  /** The signed-in resident's votes in this round. */
  myVotes: z.nullable(z.object({ today: z.number(), inRound: z.number() })),
})
export type Round = z.infer<typeof Round>
export const RoundsResponse = z.object({ items: z.array(Round) })

/** Votes the resident has left today: the daily cap, but never beyond what the round allows. */
export function votesLeft(round: Pick<Round, 'myVotes' | 'dailyVoteCap' | 'roundVoteCap'>) {
  const mine = round.myVotes ?? { today: 0, inRound: 0 }
  return Math.max(0, Math.min(round.dailyVoteCap - mine.today, round.roundVoteCap - mine.inRound))
}

const Title = z.string().check(z.trim(), z.minLength(1, { message: '请填写评选名称' }), z.maxLength(60, { message: '评选名称不超过 60 个字' }))
const Category = z.string().check(z.trim(), z.minLength(1, { message: '请填写类别' }), z.maxLength(20, { message: '类别名称不超过 20 个字' }))
const Count = (max: number, what: string) =>
  z.number({ error: `${what}请填整数` }).check(z.int({ error: `${what}请填整数` }), z.minimum(1, { message: `${what}至少为 1` }), z.maximum(max, { message: `${what}不超过 ${max}` }))
export const RoundFields = z.object({
  title: Title,
  description: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  categories: z.optional(z.array(Category).check(z.minLength(1, { message: '请至少填一个推荐类别' }), z.maxLength(12, { message: '推荐类别最多 12 个' }))),
  nominateFrom: Timestamp,
  nominateUntil: Timestamp,
  voteFrom: Timestamp,
  voteUntil: Timestamp,
  noticeDays: z.optional(Count(30, '公示天数')),
  dailyVoteCap: z.optional(Count(100, '每人每天点赞次数')),
  roundVoteCap: z.optional(Count(1000, '每人本轮点赞总数')),
})
type RoundTimes = Partial<Record<'nominateFrom' | 'nominateUntil' | 'voteFrom' | 'voteUntil', string>> & {
  dailyVoteCap?: number
  roundVoteCap?: number
}

/** The order the database insists on, in people's words; checked on the page and in the API. */
export function roundTimesProblem(f: RoundTimes) {
  const at = (key: keyof RoundTimes) => (f[key] === undefined ? Number.NaN : Date.parse(String(f[key])))
  if (at('nominateUntil') <= at('nominateFrom')) return '截止推荐的时间要晚于开始推荐的时间'
  if (at('voteFrom') < at('nominateFrom')) return '开始点赞的时间不能早于开始推荐的时间'
  if (at('voteUntil') <= at('voteFrom')) return '截止点赞的时间要晚于开始点赞的时间'
  if (at('voteUntil') < at('nominateUntil')) return '截止点赞的时间不能早于截止推荐的时间'
  if (f.dailyVoteCap !== undefined && f.roundVoteCap !== undefined && f.dailyVoteCap > f.roundVoteCap) {
    return '每人每天点赞次数不能多于本轮点赞总数'
  }
  return null
}

export const CreateRoundRequest = RoundFields.check(
  z.refine((fields) => roundTimesProblem(fields) === null, { message: '评选时间或点赞次数有误' }),
)
export const UpdateRoundRequest = z
  .partial(RoundFields)
  .check(z.refine((fields) => Object.keys(fields).length > 0, { message: '请至少修改一项' }))
export const NoticeRequest = z.object({ nominationIds: z.array(Id).check(z.minLength(1, { message: '请至少选择一位好人' }), z.maxLength(200)) })

// ---------------------------------------------------------------- nominations
export const Photo = z.object({
  id: Id,
  url: z.string(),
  width: z.number(),
  height: z.number(),
  /** Organisers and the uploader see how WeChat's media check stands. */
  check: z.optional(z.enum(['checking', 'pass', 'risky', 'error', 'unchecked'])),
})
export type Photo = z.infer<typeof Photo>

export const NominationStatus = z.enum(['pending', 'approved', 'rejected', 'merged'])
export type NominationStatus = z.infer<typeof NominationStatus>
export const nominationStatusNames: Record<NominationStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  merged: '已合并',
}

/** What anyone sees: the nominee's name masked, no nominator and no contact. */
export const PublicNomination = z.object({
  id: Id,
  roundId: Id,
  nomineeName: z.string(),
  /** A category's id is its name. */
  categoryId: z.string(),
  category: z.string(),
  community: z.nullable(z.string()),
  story: z.string(),
  status: NominationStatus,
  honoured: z.boolean(),
  votes: z.number(),
  createdAt: Timestamp,
  photos: z.array(Photo),
  votedToday: z.boolean(),
})
export type PublicNomination = z.infer<typeof PublicNomination>

/** Organisers' and the nominator's view. */
export const FullNomination = z.extend(PublicNomination, {
  communityId: z.nullable(Id),
  contact: z.nullable(z.string()),
  /** Why the content check held it (a pending nomination with a reason needs a closer look). */
  heldReason: z.nullable(z.string()),
  reviewNote: z.nullable(z.string()),
  mergedInto: z.nullable(Id),
  newAccountVotes: z.number(),
  reviewedAt: z.nullable(Timestamp),
  nominator: z.nullable(z.string()),
  objections: z.number(),
})
export type FullNomination = z.infer<typeof FullNomination>

export const NominationResponse = z.union([
  z.object({ view: z.literal('public'), nomination: PublicNomination }),
  z.object({ view: z.literal('organizer'), nomination: FullNomination }),
])
export type NominationResponse = z.infer<typeof NominationResponse>

export const CategoriesQuery = z.object({ roundId: z.optional(Id) })
export const CategoriesResponse = z.object({
  roundId: z.nullable(Id),
  items: z.array(z.object({ id: z.string(), name: z.string() })),
})

export const NominationsQuery = z.object({
  limit: Limit,
  /** Default: the current round (the newest open one). */
  roundId: z.optional(Id),
  sort: z._default(z.enum(['votes', 'new']), 'votes'),
  categoryId: z.optional(Category),
  cursor: Cursor,
})
export const NominationsResponse = page(PublicNomination)

export const HonoursResponse = z.object({ round: Round, items: z.array(PublicNomination) })

/** The stored name at the end of every photo address. */
export const photoKeyPattern = /nominations\/[0-9a-f-]{36}\.jpg$/
export const photoKeyOf = (url: string) => url.match(photoKeyPattern)![0]

export const NominateRequest = z.object({
  /** Default: the round taking nominations now. */
  roundId: z.optional(Id),
  nomineeName: z.string().check(z.trim(), z.minLength(1, { message: '请填写好人的姓名' }), z.maxLength(20)),
  categoryId: Category,
  communityId: z.optional(Id),
  story: z.string().check(
    z.trim(),
    z.minLength(20, { message: '事迹请至少写 20 个字' }),
    z.maxLength(800, { message: '事迹请不要超过 800 个字' }),
  ),
  /** How organisers can reach the nominator; never shown to anyone else. */
  contact: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  /** Addresses answered by the photo upload. */
  photoUrls: z._default(z.array(z.string().check(z.regex(photoKeyPattern, { message: '照片地址无效,请重新上传' }))).check(z.maxLength(3, { message: '最多 3 张照片' })), []),
})
export const MyNomination = z.extend(FullNomination, { roundTitle: z.string() })
export type MyNomination = z.infer<typeof MyNomination>
export const MyNominationsQuery = z.object({ limit: Limit, cursor: Cursor })
export const MyNominationsResponse = page(MyNomination)

export const PhotoUploadResponse = Photo

// ---------------------------------------------------------------- review (organisers)
/** `held`: the pending ones the content check held. */
export const ReviewStatus = z.enum(['pending', 'held', 'approved', 'rejected', 'merged'])
export type ReviewStatus = z.infer<typeof ReviewStatus>
export const ReviewQuery = z.object({
  limit: Limit,
  /** Default: every round. */
  roundId: z.optional(Id),
  status: z._default(ReviewStatus, 'pending'),
  cursor: Cursor,
})
export const ReviewResponse = page(FullNomination)
export const ReviewRequest = z.object({
  decision: z.enum(['approve', 'reject']),
  /** The nominator sees it; the review page asks for one when rejecting. */
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
})
export const MergeRequest = z.object({ intoId: Id })
export const EditNominationRequest = z
  .object({
    nomineeName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(20))),
    story: z.optional(z.string().check(z.trim(), z.minLength(20), z.maxLength(800))),
  })
  .check(z.refine((fields) => Object.keys(fields).length > 0, { message: '请至少修改一项' }))

// ---------------------------------------------------------------- votes and objections
export const VoteResponse = z.object({
  votes: z.number(),
  votedToday: z.boolean(),
  myVotes: z.object({ today: z.number(), inRound: z.number() }),
  dailyVoteCap: z.number(),
  roundVoteCap: z.number(),
})
export type VoteResponse = z.infer<typeof VoteResponse>

export const ObjectionRequest = z.object({
  reason: z.string().check(z.trim(), z.minLength(10, { message: '请至少写 10 个字说明情况' }), z.maxLength(500)),
  contact: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
})
export const ObjectionResponse = z.object({ id: Id, status: z.literal('open'), createdAt: Timestamp })
export const Objection = z.object({
  id: Id,
  nominationId: Id,
  nomineeName: z.string(),
  reason: z.string(),
  contact: z.nullable(z.string()),
  status: z.enum(['open', 'upheld', 'dismissed']),
  resolutionNote: z.nullable(z.string()),
  resolvedAt: z.nullable(Timestamp),
  createdAt: Timestamp,
})
export type Objection = z.infer<typeof Objection>
export const ObjectionsResponse = z.object({ items: z.array(Objection) })
export const ResolvedObjection = z.object({ id: Id, status: z.enum(['upheld', 'dismissed']), resolutionNote: z.string() })
export const ResolveObjectionRequest = z.object({
  outcome: z.enum(['upheld', 'dismissed']),
  note: z.string().check(z.trim(), z.minLength(2, { message: '请写明处理结果' }), z.maxLength(200)),
})
