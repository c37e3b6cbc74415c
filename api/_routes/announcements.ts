import * as z from 'zod/mini'
import {
  AnnouncementsQuery,
  bodyMaxLength,
  CreateAnnouncementRequest,
  ManageQuery,
  UpdateAnnouncementRequest,
  type AnnouncementItem,
  type ManagedAnnouncement,
  type ManageResponse,
} from '../../src/shared/announcements'
import { Id, Timestamp } from '../../src/shared/common'
import { announcementsOrganizerPaths } from '../../src/shared/organizer-paths'
import { announcementsPaths } from '../../src/shared/paths'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import { pageOf, readCursor } from '../_lib/page'
import { sanitizeAnnouncementHtml } from '../_lib/rich-text'

const AnnouncementParams = z.object({ announcementId: Id })

/**
 * API field names → the announcement's column names for api_announcement_save, the body
 * sanitised on the way (only the allowed tags, no attributes).
 */
async function columns(fields: Record<string, unknown>) {
  const names: Record<string, string> = { coverUrl: 'cover_url', scopeKind: 'scope_kind', scopeId: 'scope_id', publishAt: 'publish_at' }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    out[names[key] ?? key] = key === 'body' ? await sanitizeAnnouncementHtml(String(value)) : value
  }
  if (typeof out.body === 'string' && out.body.length > bodyMaxLength) {
    throw new ApiError('invalid_request', '公告正文太长了,请删减一些再保存。')
  }
  // A scope is its kind and its id together: the county has none.
  if ('scope_kind' in out) out.scope_id ??= null
  return out
}

export const routes = [
  route({
    method: 'GET',
    path: announcementsPaths.announcements,
    auth: 'optional',
    query: AnnouncementsQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: pinned or not (1/0), the publish time and the id of the last one shown. The
      // function reads its text itself, once it is checked here.
      readCursor(query.cursor, z.enum(['0', '1']), Timestamp, Id)
      const { items } = await runtime.db.rpc<{ items: AnnouncementItem[] }>('api_announcements_list', {
        p_user_id: userId,
        p_limit: query.limit,
        p_cursor: query.cursor ?? null,
      })
      return { body: pageOf(items, query.limit, (last) => [last.pinned ? 1 : 0, last.publishAt, last.id]) }
    },
  }),
  route({
    method: 'GET',
    path: announcementsPaths.unreadCount,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_announcements_unread', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: announcementsOrganizerPaths.manage,
    auth: 'organizer',
    query: ManageQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the creation time and id of the last one shown, read by the function once checked.
      readCursor(query.cursor, Timestamp, Id)
      const { items, scopes } = await runtime.db.rpc<{ items: ManagedAnnouncement[]; scopes: ManageResponse['scopes'] }>(
        'api_announcements_manage',
        { p_user_id: userId, p_limit: query.limit, p_cursor: query.cursor ?? null },
      )
      return { body: { ...pageOf(items, query.limit, (last) => [last.createdAt, last.id]), scopes } }
    },
  }),
  route({
    method: 'POST',
    path: announcementsPaths.announcements,
    auth: 'organizer',
    oneCall: true,
    body: CreateAnnouncementRequest,
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_announcement_save', { p_user_id: userId, p_announcement_id: null, p_fields: await columns(body) }),
    }),
  }),
  route({
    method: 'GET',
    path: announcementsPaths.announcement,
    auth: 'optional',
    params: AnnouncementParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_announcement_get', { p_user_id: userId, p_announcement_id: params.announcementId }),
    }),
  }),
  route({
    method: 'PATCH',
    path: announcementsPaths.announcement,
    auth: 'organizer',
    params: AnnouncementParams,
    body: UpdateAnnouncementRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_announcement_save', {
        p_user_id: userId,
        p_announcement_id: params.announcementId,
        p_fields: await columns(body),
      }),
    }),
  }),
  route({
    method: 'POST',
    path: announcementsOrganizerPaths.publish,
    auth: 'organizer',
    oneCall: true,
    params: AnnouncementParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_announcement_publish', { p_user_id: userId, p_announcement_id: params.announcementId }),
    }),
  }),
  route({
    method: 'POST',
    path: announcementsOrganizerPaths.unpublish,
    auth: 'organizer',
    oneCall: true,
    params: AnnouncementParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_announcement_unpublish', { p_user_id: userId, p_announcement_id: params.announcementId }),
    }),
  }),
]
