import {
  Article,
  ArticlesResponse,
  Attempt,
  ImportResult,
  Leaderboard,
  QuestionsResponse,
  QuizResult,
  QuizStatus,
  RetiredQuestion,
  type LeaderboardQuery,
  type QuizMode,
  type SubmitAttemptRequest,
} from '../shared/quiz'
import { request, upload } from './request'

export const getQuizStatus = () => request({ path: '/quiz/status', schema: QuizStatus, auth: true })

export const startAttempt = (mode: QuizMode) =>
  request({ method: 'POST', path: '/quiz/attempts', body: { mode }, schema: Attempt, auth: true })

export const submitAttempt = (attemptId: string, answers: SubmitAttemptRequest['answers']) =>
  request({ method: 'POST', path: `/quiz/attempts/${attemptId}/submit`, body: { answers }, schema: QuizResult, auth: true })

export const getLeaderboard = (query: Pick<LeaderboardQuery, 'scope' | 'period'>) =>
  request({ path: '/quiz/leaderboard', query, schema: Leaderboard, auth: true })

export const listArticles = () => request({ path: '/learn/articles', schema: ArticlesResponse })

export const getArticle = (slug: string) => request({ path: `/learn/articles/${encodeURIComponent(slug)}`, schema: Article })

// ---------------------------------------------------------------- organisers
export const listBankQuestions = (cursor: string | null) =>
  request({ path: '/quiz/questions', query: { cursor: cursor ?? undefined }, schema: QuestionsResponse, auth: true })

export const retireQuestion = (questionId: string) =>
  request({ method: 'POST', path: `/quiz/questions/${questionId}/retire`, schema: RetiredQuestion, auth: true })

export const importQuestions = (filePath: string, fileName: string) =>
  upload({ path: '/quiz/questions/import', filePath, fileName, schema: ImportResult })
