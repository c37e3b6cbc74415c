import * as z from 'zod/mini'
import { Activity, CheckinResponse, Roster } from '../shared/activities'
import { ManagedAnnouncement, ManageResponse } from '../shared/announcements'
import { FullNomination, ObjectionsResponse, ResolvedObjection, ReviewResponse, Round, type ReviewStatus } from '../shared/good-people'
import { ImportResult, QuestionsResponse, RetiredQuestion } from '../shared/quiz'
import { openExport, request, upload } from './request'

// The organisers' calls, only ever imported from packages/organizer: kept apart from the residents'
// services so that the main package, which imports those, does not carry them.

// ---------------------------------------------------------------- activities
export const saveActivity = (id: string | null, fields: Record<string, unknown>) =>
  request({ method: id ? 'PATCH' : 'POST', path: id ? `/activities/${id}` : '/activities', body: fields, schema: Activity, auth: true })

export const cancelActivity = (id: string) =>
  request({ method: 'POST', path: `/activities/${id}/cancel`, schema: Activity, auth: true })

export const getRoster = (id: string) => request({ path: `/activities/${id}/roster`, schema: Roster, auth: true })

export const checkIn = (id: string, ticket: string, action: 'in' | 'out') =>
  request({ method: 'POST', path: `/activities/${id}/checkin`, body: { ticket, action }, schema: CheckinResponse, auth: true })

export const addHours = (id: string, signupId: string, hours: number, reason: string) =>
  request({ method: 'POST', path: `/activities/${id}/hours`, body: { signupId, hours, reason }, schema: z.object({ hours: z.number() }), auth: true })

/** The roster workbook, opened for the organiser. */
export const openRosterWorkbook = (id: string) => openExport(`/activities/${id}/roster.xlsx`)

// ---------------------------------------------------------------- 好人 rounds and review
export const saveRound = (id: string | null, fields: Record<string, unknown>) =>
  request({ method: id ? 'PATCH' : 'POST', path: id ? `/selections/${id}` : '/selections', body: fields, schema: Round, auth: true })

export const changeRound = (id: string, step: 'open' | 'notice' | 'publish', nominationIds?: string[]) =>
  request({ method: 'POST', path: `/selections/${id}/${step}`, body: nominationIds ? { nominationIds } : undefined, schema: Round, auth: true })

export const reviewQueue = (roundId: string, status: ReviewStatus, cursor: string | null, limit?: number) =>
  request({ path: '/nominations/review-queue', query: { roundId, status, cursor: cursor ?? undefined, limit }, schema: ReviewResponse, auth: true })

export const review = (nominationId: string, decision: 'approve' | 'reject', note: string) =>
  request({
    method: 'POST',
    path: `/nominations/${nominationId}/review`,
    body: { decision, ...(note ? { note } : {}) },
    schema: FullNomination,
    auth: true,
  })

export const merge = (nominationId: string, intoId: string) =>
  request({ method: 'POST', path: `/nominations/${nominationId}/merge`, body: { intoId }, schema: FullNomination, auth: true })

export const editNomination = (nominationId: string, fields: { nomineeName?: string; story?: string }) =>
  request({ method: 'PATCH', path: `/nominations/${nominationId}`, body: fields, schema: FullNomination, auth: true })

export const listObjections = (roundId: string) =>
  request({ path: `/selections/${roundId}/objections`, schema: ObjectionsResponse, auth: true })

export const resolveObjection = (objectionId: string, outcome: 'upheld' | 'dismissed', note: string) =>
  request({
    method: 'POST',
    path: `/nominations/objections/${objectionId}/resolve`,
    body: { outcome, note },
    schema: ResolvedObjection,
    auth: true,
  })

// ---------------------------------------------------------------- question bank
export const listBankQuestions = (cursor: string | null) =>
  request({ path: '/quiz/questions', query: { cursor: cursor ?? undefined }, schema: QuestionsResponse, auth: true })

export const retireQuestion = (questionId: string) =>
  request({ method: 'POST', path: `/quiz/questions/${questionId}/retire`, schema: RetiredQuestion, auth: true })

export const importQuestions = (filePath: string, fileName: string) =>
  upload({ path: '/quiz/questions/import', filePath, fileName, schema: ImportResult })

// ---------------------------------------------------------------- announcements
export const manageAnnouncements = (cursor: string | null) =>
  request({ path: '/announcements/manage', query: { cursor: cursor ?? undefined }, schema: ManageResponse, auth: true })

export const saveAnnouncement = (id: string | null, fields: Record<string, unknown>) =>
  request({
    method: id ? 'PATCH' : 'POST',
    path: id ? `/announcements/${id}` : '/announcements',
    body: fields,
    schema: ManagedAnnouncement,
    auth: true,
  })

export const publishAnnouncement = (id: string) =>
  request({ method: 'POST', path: `/announcements/${id}/publish`, schema: ManagedAnnouncement, auth: true })

export const unpublishAnnouncement = (id: string) =>
  request({ method: 'POST', path: `/announcements/${id}/unpublish`, schema: ManagedAnnouncement, auth: true })
