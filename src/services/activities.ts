import Taro from '@tarojs/taro'
import * as z from 'zod/mini'
import { Activity, ActivitiesResponse, MyActivities, MySignup, Ticket, type ActivityKind } from '../shared/activities'
import { activitiesPaths, pathTo } from '../shared/paths'
import { request } from './request'

export const listActivities = (kind: ActivityKind | null, cursor: string | null) =>
  request({ path: activitiesPaths.activities, query: { kind: kind ?? undefined, cursor: cursor ?? undefined }, schema: ActivitiesResponse, auth: true })

export const getActivity = (id: string) => request({ path: pathTo(activitiesPaths.activity, { activityId: id }), schema: Activity, auth: true })

export const myActivities = () => request({ path: activitiesPaths.mine, schema: MyActivities, auth: true })

/** The reminder template, when the mini-program is configured with one. */
const reminderTemplate = process.env.TARO_APP_TEMPLATE_ACTIVITY

/** Asks for WeChat reminders (only from a tap, as WeChat requires), then signs up. */
export async function signUp(activityId: string, seats: number) {
  let subscribe = false
  if (process.env.TARO_ENV === 'weapp' && reminderTemplate) {
    try {
      const answer = await Taro.requestSubscribeMessage({ tmplIds: [reminderTemplate], entityIds: [] })
      subscribe = (answer as unknown as Record<string, string>)[reminderTemplate] === 'accept'
    } catch {
      // Declining reminders never blocks signing up.
    }
  }
  return request({ method: 'POST', path: pathTo(activitiesPaths.signup, { activityId }), body: { seats, subscribe }, schema: MySignup, auth: true })
}

export const cancelSignup = (activityId: string) =>
  request({ method: 'DELETE', path: pathTo(activitiesPaths.signup, { activityId }), schema: z.object({ status: z.literal('cancelled') }), auth: true })

export const getTicket = (activityId: string) => request({ path: pathTo(activitiesPaths.ticket, { activityId }), schema: Ticket, auth: true })
