import * as z from 'zod/mini'
import { ResidentScopeKind } from './account'
import { Id } from './common'

// The participation dashboard 参与统计 and the assessment export: a scope (the county, a community
// or a school), a period of Beijing dates (at most 366 days) and buckets of a day or a week.

/** Statistics count residents where they live or study: the county, a community or a school. */
export const StatsScopeKind = ResidentScopeKind
export type StatsScopeKind = ResidentScopeKind

export const maxPeriodDays = 366

/** A Beijing date, `YYYY-MM-DD`. */
export const DateString = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' }))

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000

/** Days from `from` to `to`, both counted. */
export const periodDays = (from: string, to: string) => dayNumber(to) - dayNumber(from) + 1

/** A date `days` after (before, when negative) the given one. */
export const addDays = (date: string, days: number) => new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10)

/** The query of the dashboard, the workbook and the ledger; without dates, the last 30 days. */
export const StatsQuery = z
  .object({
    scope: z._default(StatsScopeKind, 'county'),
    scopeId: z.optional(Id),
    from: z.optional(DateString),
    to: z.optional(DateString),
    bucket: z._default(z.enum(['day', 'week']), 'day'),
  })
  .check(
    z.refine((q) => (q.scope === 'county') === (q.scopeId === undefined), { message: '全县不带 scopeId;社区和学校要带 scopeId' }),
    z.refine((q) => (q.from === undefined) === (q.to === undefined), { message: '开始和结束日期要一起给出' }),
    z.refine((q) => !q.from || !q.to || (Number.isFinite(periodDays(q.from, q.to)) && periodDays(q.from, q.to) >= 1), {
      message: '开始日期不能晚于结束日期',
    }),
    z.refine((q) => !q.from || !q.to || periodDays(q.from, q.to) <= maxPeriodDays, { message: `统计时段最长 ${maxPeriodDays} 天` }),
  )
export type StatsQuery = z.infer<typeof StatsQuery>

export const StatsScope = z.object({ kind: StatsScopeKind, id: z.nullable(Id), name: z.string() })
export type StatsScope = z.infer<typeof StatsScope>
export const StatsScopes = z.object({ items: z.array(StatsScope) })

const Rate = z.nullable(z.number())

/** What is counted for a community, a class, or all of the scope (see README, 参与统计). */
export const StatsFigures = z.object({
  registered: z.number(),
  participants: z.number(),
  acts: z.number(),
  pledges: z.number(),
  pledgedResidents: z.number(),
  quizzes: z.number(),
  quizTakers: z.number(),
  awareResidents: z.number(),
  averageScore: z.nullable(z.number()),
  nominations: z.number(),
  votes: z.number(),
  signups: z.number(),
  attended: z.number(),
  volunteerHours: z.number(),
  familyJoins: z.number(),
  familiesReached: z.number(),
  /** 知晓率: registered residents who had completed a scored quiz by the period's end ÷ registered. */
  awarenessRate: Rate,
  /** 支持率: registered residents who had signed the pledge by the period's end ÷ registered. */
  supportRate: Rate,
  /** 参与率: residents with any act in the period ÷ registered. */
  participationRate: Rate,
})
export type StatsFigures = z.infer<typeof StatsFigures>

export const StatsGroup = z.extend(StatsFigures, { id: Id, name: z.string() })
export type StatsGroup = z.infer<typeof StatsGroup>

export const StatsBucket = z.object({ start: DateString, end: DateString, participants: z.number(), acts: z.number() })
export type StatsBucket = z.infer<typeof StatsBucket>

export const Dashboard = z.object({
  scope: z.object({ kind: StatsScopeKind, id: z.nullable(Id), name: z.string() }),
  period: z.object({ from: DateString, to: DateString, days: z.number(), bucket: z.enum(['day', 'week']) }),
  /** The groups: communities (county and community scopes) or classes (a school). */
  groupKind: z.enum(['community', 'class']),
  generatedAt: z.string(),
  totals: StatsFigures,
  groups: z.array(StatsGroup),
  series: z.array(StatsBucket),
})
export type Dashboard = z.infer<typeof Dashboard>

/** A rate as people read it: `37.5%`, or `—` when there is nobody registered. */
export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)
