import * as z from 'zod/mini'
import { Cursor, Id, Limit, Timestamp, page } from './common'

export const QuestionType = z.enum(['single', 'multiple', 'judge'])
export type QuestionType = z.infer<typeof QuestionType>

export const OptionKey = z.string().check(z.regex(/^[A-Z]$/))
export const QuizOption = z.object({ key: OptionKey, text: z.string() })

export const QuizMode = z.enum(['scored', 'practice'])
export type QuizMode = z.infer<typeof QuizMode>

// ---------------------------------------------------------------- GET /api/quiz/status
export const QuizStatus = z.object({
  attemptsToday: z.number(),
  dailyLimit: z.number(),
  questionsPerAttempt: z.number(),
  timeLimitSeconds: z.number(),
  pointsPerCorrect: z.number(),
  streakDays: z.number(),
  balance: z.number(),
})
export type QuizStatus = z.infer<typeof QuizStatus>

// ---------------------------------------------------------------- POST /api/quiz/attempts
export const StartAttemptRequest = z._default(z.object({ mode: z._default(QuizMode, 'scored') }), { mode: 'scored' as const })

/** A question as shown before answering: never the answer. */
export const QuizQuestion = z.object({ id: Id, type: QuestionType, stem: z.string(), options: z.array(QuizOption) })
export type QuizQuestion = z.infer<typeof QuizQuestion>

export const Attempt = z.object({
  attemptId: Id,
  mode: QuizMode,
  expiresAt: Timestamp,
  /** The app counts down from this, so a phone whose clock is off still shows the right time. */
  timeLimitSeconds: z.number(),
  questions: z.array(QuizQuestion),
})
export type Attempt = z.infer<typeof Attempt>

// ---------------------------------------------------------------- POST /api/quiz/attempts/{id}/submit
export const SubmitAttemptRequest = z.object({
  answers: z.array(z.object({ questionId: Id, keys: z.array(OptionKey).check(z.maxLength(6)) })).check(z.maxLength(50)),
})
export type SubmitAttemptRequest = z.infer<typeof SubmitAttemptRequest>

export const ReviewItem = z.object({
  questionId: Id,
  correct: z.boolean(),
  yourKeys: z.array(z.string()),
  answerKeys: z.array(z.string()),
  explanation: z.string(),
  article: z.nullable(z.object({ slug: z.string(), title: z.string() })),
})
export type ReviewItem = z.infer<typeof ReviewItem>

export const QuizResult = z.object({
  mode: QuizMode,
  score: z.number(),
  total: z.number(),
  correctCount: z.number(),
  pointsAwarded: z.number(),
  review: z.array(ReviewItem),
})
export type QuizResult = z.infer<typeof QuizResult>

// ---------------------------------------------------------------- GET /api/quiz/leaderboard
export const LeaderboardScope = z.enum(['user', 'community', 'school'])
export const LeaderboardPeriod = z.enum(['week', 'all'])
export const LeaderboardQuery = z.object({
  scope: z._default(LeaderboardScope, 'user'),
  period: z._default(LeaderboardPeriod, 'week'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
})
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>
export const Leaderboard = z.object({
  items: z.array(z.object({ rank: z.number(), name: z.string(), score: z.number() })),
  mine: z.nullable(z.object({ rank: z.number(), score: z.number() })),
})
export type Leaderboard = z.infer<typeof Leaderboard>

// ---------------------------------------------------------------- organisers: the question bank
export const QuestionsQuery = z.object({ limit: Limit, cursor: Cursor })
export const BankQuestion = z.extend(QuizQuestion, {
  seq: z.number(),
  answerKeys: z.array(z.string()),
  explanation: z.string(),
  difficulty: z.number(),
  createdAt: Timestamp,
})
export type BankQuestion = z.infer<typeof BankQuestion>
export const QuestionsResponse = page(BankQuestion)
export const ImportResult = z.object({ imported: z.number() })
export const RetiredQuestion = z.object({ id: Id, status: z.literal('retired') })
/** Why rows of an import file were refused: `details.rows` of the 400/409 answer. */
export const ImportProblems = z.object({ rows: z.array(z.object({ line: z.number(), reason: z.string() })) })

// ---------------------------------------------------------------- learn
export const ArticleSummary = z.object({ slug: z.string(), title: z.string(), category: z.string(), summary: z.string() })
export type ArticleSummary = z.infer<typeof ArticleSummary>
export const ArticlesResponse = z.object({ items: z.array(ArticleSummary) })
export const Article = z.extend(ArticleSummary, { body: z.string() })
export type Article = z.infer<typeof Article>
export const ArticleSlug = z.string().check(z.regex(/^[a-z0-9-]{1,60}$/))

/** Seconds left until a deadline (epoch ms), never below zero. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000))
}

/** 300 → "05:00". */
export function formatCountdown(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`
}

/** The letter shown beside the option at a position (options are shuffled, keys are not). */
export const optionLabel = (index: number) => String.fromCharCode(65 + index)
