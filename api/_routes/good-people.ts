import { randomUUID } from 'node:crypto'
import * as z from 'zod/mini'
import { Id, maskName, Timestamp } from '../../src/shared/common'
import {
  CategoriesQuery,
  CreateRoundRequest,
  EditNominationRequest,
  MergeRequest,
  MyNominationsQuery,
  NominateRequest,
  NominationsQuery,
  NoticeRequest,
  ObjectionRequest,
  photoKeyOf,
  ResolveObjectionRequest,
  ReviewQuery,
  ReviewRequest,
  UpdateRoundRequest,
  type FullNomination,
  type PublicNomination,
} from '../../src/shared/good-people'
import { goodPeopleOrganizerPaths } from '../../src/shared/organizer-paths'
import { goodPeoplePaths } from '../../src/shared/paths'
import { route } from '../_lib/handler'
import { pageOf, readCursor } from '../_lib/page'
import { processPhoto } from '../_lib/photo'
import type { Runtime } from '../_lib/runtime'
import { WechatError } from '../_lib/wechat'

const RoundParams = z.object({ roundId: Id })
const NominationParams = z.object({ nominationId: Id })
const ObjectionParams = z.object({ objectionId: Id })
const VoteCount = z.coerce.number().check(z.int(), z.nonnegative())

/** Photos come from the database as storage keys. */
type StoredPhoto = { id: string; key: string; width: number; height: number; check: string }
type Stored<T> = Omit<T, 'photos'> & { photos: StoredPhoto[] }

function withPhotoUrls<T extends { photos: StoredPhoto[] }>(runtime: Runtime, nomination: T, showCheck: boolean) {
  return {
    ...nomination,
    photos: nomination.photos.map(({ key, check, ...photo }) => ({ ...photo, url: runtime.storage.url(key), ...(showCheck ? { check } : {}) })),
  }
}

/** What the public sees: the nominee's name masked like every name in a public list. */
const forPublic = (runtime: Runtime, nomination: Stored<PublicNomination>) =>
  withPhotoUrls(runtime, { ...nomination, nomineeName: maskName(nomination.nomineeName) }, false)
const forOwner = (runtime: Runtime, nomination: Stored<FullNomination>) => withPhotoUrls(runtime, nomination, true)

/** A page of full nominations (the review queue, the nominator's own), by creation time. */
async function fullPage(runtime: Runtime, name: string, args: Record<string, unknown>, query: { limit: number; cursor?: string }) {
  // The cursor: the creation time and id of the last nomination shown.
  const [afterCreated, afterId] = readCursor(query.cursor, Timestamp, Id) ?? [null, null]
  const { items } = await runtime.db.rpc<{ items: Stored<FullNomination>[] }>(name, {
    ...args,
    p_limit: query.limit,
    p_after_created: afterCreated,
    p_after_id: afterId,
  })
  const page = pageOf(items, query.limit, (last) => [last.createdAt, last.id])
  return { ...page, items: page.items.map((item) => forOwner(runtime, item)) }
}

/**
 * WeChat's text check on what a resident wrote for others to read. Anything but a clear pass —
 * a flag, "needs review", or WeChat not answering — holds the nomination for organisers, with
 * the reason. Without WeChat (embedded mode) organisers' review is the only check.
 */
async function checkText(runtime: Runtime, userId: string, content: string) {
  if (!runtime.wechat) return { status: 'pass' as const }
  const openid = await runtime.db.rpc<string | null>('api_user_openid', { p_user_id: userId })
  try {
    const verdict = await runtime.wechat.msgSecCheck({ openid: openid ?? '', content, scene: 3 })
    if (verdict.suggest === 'pass') return { status: 'pass' as const }
    return {
      status: 'held' as const,
      reason: verdict.suggest === 'risky' ? `文字未通过内容安全检查(${verdict.label})` : `文字需人工复核(${verdict.label})`,
    }
  } catch (error) {
    if (!(error instanceof WechatError)) throw error
    return { status: 'held' as const, reason: '文字安全检查暂不可用' }
  }
}

export const routes = [
  // ------------------------------------------------------------ rounds
  route({
    method: 'GET',
    path: goodPeoplePaths.rounds,
    auth: 'optional',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_rounds_list', { p_user_id: userId }) }),
  }),
  route({
    method: 'POST',
    path: goodPeoplePaths.rounds,
    auth: 'organizer',
    oneCall: true,
    body: CreateRoundRequest,
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_round_save', { p_user_id: userId, p_round_id: null, p_fields: body }),
    }),
  }),
  route({
    method: 'GET',
    path: goodPeoplePaths.round,
    auth: 'optional',
    params: RoundParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_round_get', { p_user_id: userId, p_round_id: params.roundId }),
    }),
  }),
  route({
    method: 'PATCH',
    path: goodPeoplePaths.round,
    auth: 'organizer',
    params: RoundParams,
    body: UpdateRoundRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_round_save', { p_user_id: userId, p_round_id: params.roundId, p_fields: body }),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.roundOpen,
    auth: 'organizer',
    oneCall: true,
    params: RoundParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_round_open', { p_user_id: userId, p_round_id: params.roundId }),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.roundNotice,
    auth: 'organizer',
    oneCall: true,
    params: RoundParams,
    body: NoticeRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_round_notice', { p_user_id: userId, p_round_id: params.roundId, p_nomination_ids: body.nominationIds }),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.roundPublish,
    auth: 'organizer',
    oneCall: true,
    params: RoundParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_round_publish', { p_user_id: userId, p_round_id: params.roundId }),
    }),
  }),
  route({
    method: 'GET',
    path: goodPeoplePaths.honours,
    auth: 'optional',
    params: RoundParams,
    async handle({ userId, params, runtime }) {
      const honours = await runtime.db.rpc<{ round: unknown; items: Stored<PublicNomination>[] }>('api_honours_list', {
        p_user_id: userId,
        p_round_id: params.roundId,
      })
      return { body: { ...honours, items: honours.items.map((item) => forPublic(runtime, item)) } }
    },
  }),
  route({
    method: 'GET',
    path: goodPeopleOrganizerPaths.objections,
    auth: 'organizer',
    params: RoundParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_objections_list', { p_user_id: userId, p_round_id: params.roundId }),
    }),
  }),

  route({
    method: 'GET',
    path: goodPeoplePaths.categories,
    auth: 'public',
    query: CategoriesQuery,
    handle: async ({ query, runtime }) => ({
      body: await runtime.db.rpc('api_nomination_categories', { p_round_id: query.roundId ?? null }),
    }),
  }),
  route({
    method: 'GET',
    path: goodPeoplePaths.nominations,
    auth: 'optional',
    query: NominationsQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the sort key (votes or creation time) and the id of the last nomination shown.
      const [after, afterId] = readCursor(query.cursor, query.sort === 'votes' ? VoteCount : Timestamp, Id) ?? [null, null]
      const { items } = await runtime.db.rpc<{ items: Stored<PublicNomination>[] }>('api_nominations_list', {
        p_user_id: userId,
        p_round_id: query.roundId ?? null,
        p_category: query.categoryId ?? null,
        p_sort: query.sort,
        p_limit: query.limit,
        p_after_votes: query.sort === 'votes' ? after : null,
        p_after_created: query.sort === 'new' ? after : null,
        p_after_id: afterId,
      })
      const page = pageOf(items, query.limit, (last) => [query.sort === 'votes' ? last.votes : last.createdAt, last.id])
      return { body: { ...page, items: page.items.map((item) => forPublic(runtime, item)) } }
    },
  }),
  route({
    method: 'POST',
    path: goodPeoplePaths.nominations,
    auth: 'user',
    body: NominateRequest,
    // Text others read, each checked by WeChat; five per round are allowed anyway.
    rateLimit: { perUser: { limit: 10, windowSeconds: 60 }, perAddress: { limit: 120, windowSeconds: 60 } },
    async handle({ userId, body, runtime }) {
      const { roundId, photoUrls, ...fields } = body
      const check = await checkText(runtime, userId, `${fields.nomineeName}\n${fields.story}`)
      const created = await runtime.db.rpc<Stored<FullNomination>>('api_nomination_create', {
        p_user_id: userId,
        p_round_id: roundId ?? null,
        p_fields: fields,
        p_photo_keys: photoUrls.map(photoKeyOf),
        p_check: check,
      })
      return { status: 201, body: forOwner(runtime, created) }
    },
  }),
  route({
    method: 'GET',
    path: goodPeopleOrganizerPaths.reviewQueue,
    auth: 'organizer',
    query: ReviewQuery,
    handle: async ({ userId, query, runtime }) => ({
      body: await fullPage(runtime, 'api_review_queue', { p_user_id: userId, p_round_id: query.roundId ?? null, p_status: query.status }, query),
    }),
  }),

  // ------------------------------------------------------------ photos
  route({
    method: 'POST',
    path: goodPeoplePaths.photos,
    auth: 'user',
    upload: { maxBytes: 3 * 1024 * 1024 },
    // The dearest write: 3 MB in, re-encoded, stored and sent to WeChat's media check. A
    // nomination has at most 3 photos (and 20 a day are allowed).
    rateLimit: { perUser: { limit: 10, windowSeconds: 60 }, perAddress: { limit: 60, windowSeconds: 60 } },
    async handle({ userId, file, runtime }) {
      const photo = await processPhoto(file!.data)
      const key = `nominations/${randomUUID()}.jpg`
      const created = await runtime.db.rpc<StoredPhoto>('api_photo_create', {
        p_user_id: userId,
        p_storage_key: key,
        p_width: photo.width,
        p_height: photo.height,
        p_bytes: photo.data.length,
        p_check_status: runtime.wechat ? 'checking' : 'unchecked',
      })
      await runtime.storage.put(key, photo.data, 'image/jpeg')
      if (runtime.wechat) {
        const openid = await runtime.db.rpc<string | null>('api_user_openid', { p_user_id: userId })
        let outcome: { traceId: string | null; status: string }
        try {
          const { traceId } = await runtime.wechat.mediaCheckAsync({ openid: openid ?? '', mediaUrl: runtime.storage.url(key), scene: 3 })
          outcome = { traceId, status: 'checking' }
        } catch (error) {
          if (!(error instanceof WechatError)) throw error
          outcome = { traceId: null, status: 'error' }
        }
        await runtime.db.rpc('api_photo_check', { p_photo_id: created.id, p_trace_id: outcome.traceId, p_status: outcome.status, p_label: null })
        created.check = outcome.status
      }
      const { key: _key, ...rest } = created
      return { status: 201, body: { ...rest, url: runtime.storage.url(key) } }
    },
  }),

  // ------------------------------------------------------------ nominations
  route({
    method: 'GET',
    path: goodPeoplePaths.mine,
    auth: 'user',
    query: MyNominationsQuery,
    handle: async ({ userId, query, runtime }) => ({
      body: await fullPage(runtime, 'api_nominations_mine', { p_user_id: userId }, query),
    }),
  }),
  route({
    method: 'GET',
    path: goodPeoplePaths.nomination,
    auth: 'optional',
    params: NominationParams,
    async handle({ userId, params, runtime }) {
      const found = await runtime.db.rpc<
        { view: 'public'; nomination: Stored<PublicNomination> } | { view: 'organizer'; nomination: Stored<FullNomination> }
      >('api_nomination_get', { p_user_id: userId, p_nomination_id: params.nominationId })
      return {
        body:
          found.view === 'organizer'
            ? { view: found.view, nomination: forOwner(runtime, found.nomination) }
            : { view: found.view, nomination: forPublic(runtime, found.nomination) },
      }
    },
  }),
  route({
    method: 'PATCH',
    path: goodPeoplePaths.nomination,
    auth: 'organizer',
    params: NominationParams,
    body: EditNominationRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: forOwner(
        runtime,
        await runtime.db.rpc('api_nomination_edit', { p_user_id: userId, p_nomination_id: params.nominationId, p_fields: body }),
      ),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.review,
    auth: 'organizer',
    oneCall: true,
    params: NominationParams,
    body: ReviewRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: forOwner(
        runtime,
        await runtime.db.rpc('api_nomination_review', {
          p_user_id: userId,
          p_nomination_id: params.nominationId,
          p_action: body.decision,
          p_note: body.note ?? null,
        }),
      ),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.merge,
    auth: 'organizer',
    oneCall: true,
    params: NominationParams,
    body: MergeRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: forOwner(
        runtime,
        await runtime.db.rpc('api_nomination_merge', { p_user_id: userId, p_nomination_id: params.nominationId, p_into_id: body.intoId }),
      ),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeoplePaths.votes,
    auth: 'user',
    oneCall: true,
    params: NominationParams,
    handle: async ({ userId, params, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_nomination_vote', { p_user_id: userId, p_nomination_id: params.nominationId }),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeoplePaths.object,
    auth: 'user',
    oneCall: true,
    params: NominationParams,
    body: ObjectionRequest,
    // Every objection holds up the 好人榜 until an organiser resolves it: a handful an hour.
    rateLimit: { perUser: { limit: 5, windowSeconds: 3600 }, perAddress: { limit: 30, windowSeconds: 3600 } },
    handle: async ({ userId, params, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_objection_create', {
        p_user_id: userId,
        p_nomination_id: params.nominationId,
        p_reason: body.reason,
        p_contact: body.contact ?? null,
      }),
    }),
  }),
  route({
    method: 'POST',
    path: goodPeopleOrganizerPaths.resolveObjection,
    auth: 'organizer',
    oneCall: true,
    params: ObjectionParams,
    body: ResolveObjectionRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_objection_resolve', {
        p_user_id: userId,
        p_objection_id: params.objectionId,
        p_outcome: body.outcome,
        p_note: body.note,
      }),
    }),
  }),
]
