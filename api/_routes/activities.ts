import * as z from 'zod/mini'
import {
  ActivitiesQuery,
  AddHoursRequest,
  activityTimesProblem,
  CheckinRequest,
  CreateActivityRequest,
  SignupRequest,
  UpdateActivityRequest,
  type Activity,
  type Roster,
} from '../../src/shared/activities'
import { Id, Timestamp } from '../../src/shared/common'
import { activitiesOrganizerPaths } from '../../src/shared/organizer-paths'
import { activitiesPaths } from '../../src/shared/paths'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import { pageOf, readCursor } from '../_lib/page'
import { qrDataUrl } from '../_lib/qr-code'
import { rosterWorkbook } from '../_lib/roster-export'

const ActivityParams = z.object({ activityId: Id })

/** API field names → the activity's column names, for api_activity_save. */
function columns(fields: Record<string, unknown>) {
  const names: Record<string, string> = {
    coverUrl: 'cover_url', startsAt: 'starts_at', endsAt: 'ends_at', signupDeadline: 'signup_deadline', cancelRule: 'cancel_rule',
    communityId: 'community_id', unitId: 'unit_id',
  }
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [names[key] ?? key, value]))
}

export const routes = [
  route({
    method: 'GET',
    path: activitiesPaths.activities,
    auth: 'optional',
    query: ActivitiesQuery,
    async handle({ userId, query, runtime }) {
      // The cursor: the start time and id of the last activity shown.
      const [afterStart, afterId] = readCursor(query.cursor, Timestamp, Id) ?? [null, null]
      const { items } = await runtime.db.rpc<{ items: Activity[] }>('api_activities_list', {
        p_user_id: userId,
        p_kind: query.kind ?? null,
        p_limit: query.limit,
        p_after_start: afterStart,
        p_after_id: afterId,
      })
      return { body: pageOf(items, query.limit, (last) => [last.startsAt, last.id]) }
    },
  }),
  route({
    method: 'POST',
    path: activitiesPaths.activities,
    auth: 'organizer',
    oneCall: true,
    body: CreateActivityRequest,
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_activity_save', { p_user_id: userId, p_activity_id: null, p_fields: columns(body) }),
    }),
  }),
  route({
    method: 'GET',
    path: activitiesPaths.mine,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_activities_mine', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: activitiesPaths.activity,
    auth: 'optional',
    params: ActivityParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_activity_get', { p_user_id: userId, p_activity_id: params.activityId }),
    }),
  }),
  route({
    method: 'PATCH',
    path: activitiesPaths.activity,
    auth: 'organizer',
    params: ActivityParams,
    body: UpdateActivityRequest,
    async handle({ userId, params, body, runtime }) {
      const current = await runtime.db.rpc<Activity>('api_activity_get', { p_user_id: userId, p_activity_id: params.activityId })
      const problem = activityTimesProblem({ ...current, ...body })
      if (problem) throw new ApiError('invalid_request', problem)
      return {
        body: await runtime.db.rpc('api_activity_save', { p_user_id: userId, p_activity_id: params.activityId, p_fields: columns(body) }),
      }
    },
  }),
  route({
    method: 'POST',
    path: activitiesOrganizerPaths.cancel,
    auth: 'organizer',
    oneCall: true,
    params: ActivityParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_activity_cancel', { p_user_id: userId, p_activity_id: params.activityId }),
    }),
  }),
  route({
    method: 'POST',
    path: activitiesPaths.signup,
    auth: 'user',
    oneCall: true,
    params: ActivityParams,
    body: SignupRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_activity_signup', {
        p_user_id: userId,
        p_activity_id: params.activityId,
        p_seats: body.seats,
        p_subscribe: body.subscribe,
      }),
    }),
  }),
  route({
    method: 'DELETE',
    path: activitiesPaths.signup,
    auth: 'user',
    params: ActivityParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_activity_signup_cancel', { p_user_id: userId, p_activity_id: params.activityId }),
    }),
  }),
  route({
    method: 'GET',
    path: activitiesPaths.ticket,
    auth: 'user',
    params: ActivityParams,
    async handle({ userId, params, runtime }) {
      const ticket = await runtime.db.rpc<{ ticket: string }>('api_activity_ticket', { p_user_id: userId, p_activity_id: params.activityId })
      return { body: { ...ticket, qrDataUrl: await qrDataUrl(ticket.ticket, 480) } }
    },
  }),
  route({
    method: 'POST',
    path: activitiesOrganizerPaths.checkin,
    auth: 'organizer',
    oneCall: true,
    params: ActivityParams,
    body: CheckinRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      body: await runtime.db.rpc('api_activity_checkin', {
        p_user_id: userId,
        p_activity_id: params.activityId,
        p_ticket: body.ticket,
        p_action: body.action,
      }),
    }),
  }),
  route({
    method: 'POST',
    path: activitiesOrganizerPaths.hours,
    auth: 'organizer',
    oneCall: true,
    params: ActivityParams,
    body: AddHoursRequest,
    handle: async ({ userId, params, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_activity_hours_add', {
        p_user_id: userId,
        p_activity_id: params.activityId,
        p_signup_id: body.signupId,
        p_hours: body.hours,
        p_reason: body.reason,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: activitiesOrganizerPaths.roster,
    auth: 'organizer',
    params: ActivityParams,
    handle: async ({ userId, params, runtime }) => ({
      body: await runtime.db.rpc('api_activity_roster', { p_user_id: userId, p_activity_id: params.activityId }),
    }),
  }),
  route({
    method: 'GET',
    path: activitiesOrganizerPaths.rosterWorkbook,
    auth: 'organizer',
    params: ActivityParams,
    async handle({ userId, params, runtime }) {
      const roster = await runtime.db.rpc<Roster>('api_activity_roster', { p_user_id: userId, p_activity_id: params.activityId })
      return {
        file: {
          name: `${roster.activity.title}-报名与时长.xlsx`,
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: await rosterWorkbook(roster),
        },
      }
    },
  }),
]
