import * as z from 'zod/mini'
import { Id } from '../../src/shared/common'
import {
  ArticleSlug,
  LeaderboardQuery,
  QuestionsQuery,
  StartAttemptRequest,
  SubmitAttemptRequest,
  type BankQuestion,
} from '../../src/shared/quiz'
import { quizOrganizerPaths } from '../../src/shared/organizer-paths'
import { quizPaths } from '../../src/shared/paths'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import { pageOf, readCursor, Serial } from '../_lib/page'
import { questionsFrom, readRows } from '../_lib/question-import'

export const routes = [
  route({
    method: 'GET',
    path: quizPaths.status,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_quiz_status', { p_user_id: userId }) }),
  }),
  route({
    method: 'POST',
    path: quizPaths.attempts,
    auth: 'user',
    oneCall: true,
    body: StartAttemptRequest,
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_quiz_start', { p_user_id: userId, p_mode: body.mode }),
    }),
  }),
  route({
    method: 'POST',
    path: quizPaths.submit,
    auth: 'user',
    oneCall: true,
    params: z.object({ attemptId: Id }),
    body: SubmitAttemptRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_quiz_submit', {
        p_user_id: userId,
        p_attempt_id: params.attemptId,
        p_answers: body.answers,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: quizPaths.leaderboard,
    auth: 'optional',
    query: LeaderboardQuery,
    handle: async ({ userId, query, runtime }) => ({
      body: await runtime.db.rpc('api_quiz_leaderboard', {
        p_user_id: userId,
        p_scope: query.scope,
        p_period: query.period,
        p_limit: query.limit,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: quizPaths.articles,
    auth: 'public',
    handle: async ({ runtime }) => ({ body: await runtime.db.rpc('api_learn_articles') }),
  }),
  route({
    method: 'GET',
    path: quizPaths.article,
    auth: 'public',
    params: z.object({ slug: ArticleSlug }),
    handle: async ({ params, runtime }) => ({ body: await runtime.db.rpc('api_learn_article', { p_slug: params.slug }) }),
  }),
  route({
    method: 'POST',
    path: quizOrganizerPaths.questionsImport,
    auth: 'organizer',
    upload: { maxBytes: 2 * 1024 * 1024 },
    async handle({ userId, file, runtime }) {
      const rows = await readRows(file!.data)
      if (rows.length === 0) throw new ApiError('invalid_request', '文件里没有题目,请按模板填写后再导入。')
      const articles = await runtime.db.rpc<{ items: { slug: string }[] }>('api_learn_articles')
      const { questions, problems } = questionsFrom(rows, new Set(articles.items.map((a) => a.slug)))
      if (problems.length) {
        throw new ApiError('invalid_request', `有 ${problems.length} 行需要修改,所有题目都还没有导入。`, { rows: problems })
      }
      try {
        return {
          status: 201,
          body: await runtime.db.rpc('api_quiz_import', { p_user_id: userId, p_questions: questions.map((q) => q.question) }),
        }
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'duplicate_question' || !Array.isArray(error.details)) throw error
        const lines = (error.details as number[]).map((index) => ({ line: questions[index].line, reason: '与题库中的题目或本文件中的其他题目重复' }))
        throw new ApiError('duplicate_question', undefined, { rows: lines })
      }
    },
  }),
  route({
    method: 'GET',
    path: quizOrganizerPaths.questions,
    auth: 'organizer',
    query: QuestionsQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the `seq` of the last question shown.
      const [before] = readCursor(query.cursor, Serial) ?? [null]
      const { items } = await runtime.db.rpc<{ items: BankQuestion[] }>('api_quiz_questions', {
        p_user_id: userId,
        p_limit: query.limit,
        p_before: before,
      })
      return { body: pageOf(items, query.limit, (last) => [last.seq]) }
    },
  }),
  route({
    method: 'POST',
    path: quizOrganizerPaths.questionRetire,
    auth: 'organizer',
    oneCall: true,
    params: z.object({ questionId: Id }),
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_quiz_question_retire', { p_user_id: userId, p_question_id: params.questionId }),
    }),
  }),
]
