import { Article, ArticlesResponse, Attempt, Leaderboard, QuizResult, QuizStatus, type LeaderboardQuery, type QuizMode, type SubmitAttemptRequest } from '../shared/quiz'
import { pathTo, quizPaths } from '../shared/paths'
import { request } from './request'

export const getQuizStatus = () => request({ path: quizPaths.status, schema: QuizStatus, auth: true })

export const startAttempt = (mode: QuizMode) =>
  request({ method: 'POST', path: quizPaths.attempts, body: { mode }, schema: Attempt, auth: true })

export const submitAttempt = (attemptId: string, answers: SubmitAttemptRequest['answers']) =>
  request({ method: 'POST', path: pathTo(quizPaths.submit, { attemptId }), body: { answers }, schema: QuizResult, auth: true })

export const getLeaderboard = (query: Pick<LeaderboardQuery, 'scope' | 'period'>) =>
  request({ path: quizPaths.leaderboard, query, schema: Leaderboard, auth: true })

export const listArticles = () => request({ path: quizPaths.articles, schema: ArticlesResponse })

export const getArticle = (slug: string) => request({ path: pathTo(quizPaths.article, { slug }), schema: Article })
