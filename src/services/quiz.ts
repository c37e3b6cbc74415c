import { Article, ArticlesResponse, Attempt, Leaderboard, QuizResult, QuizStatus, type LeaderboardQuery, type QuizMode, type SubmitAttemptRequest } from '../shared/quiz'
import { request } from './request'

export const getQuizStatus = () => request({ path: '/quiz/status', schema: QuizStatus, auth: true })

export const startAttempt = (mode: QuizMode) =>
  request({ method: 'POST', path: '/quiz/attempts', body: { mode }, schema: Attempt, auth: true })

export const submitAttempt = (attemptId: string, answers: SubmitAttemptRequest['answers']) =>
  request({ method: 'POST', path: `/quiz/attempts/${attemptId}/submit`, body: { answers }, schema: QuizResult, auth: true })

export const getLeaderboard = (query: Pick<LeaderboardQuery, 'scope' | 'period'>) =>
  request({ path: '/quiz/leaderboard', query, schema: Leaderboard, auth: true })

export const listArticles = () => request({ path: '/learn/articles', schema: ArticlesResponse })

export const getArticle = (slug: string) => request({ path: `/learn/articles/${encodeURIComponent(slug)}`, schema: Article })
