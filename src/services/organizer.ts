import * as z from 'zod/mini'
import { Activity, CheckinResponse, Roster } from '../shared/activities'
import { ManagedAnnouncement, ManageResponse } from '../shared/announcements'
import { FullNomination, ObjectionsResponse, ResolvedObjection, ReviewResponse, Round, type ReviewStatus } from '../shared/good-people'
import { ImportResult, QuestionsResponse, RetiredQuestion } from '../shared/quiz'
import { activitiesOrganizerPaths, announcementsOrganizerPaths, goodPeopleOrganizerPaths, quizOrganizerPaths } from '../shared/organizer-paths'
import { activitiesPaths, announcementsPaths, goodPeoplePaths, pathTo } from '../shared/paths'
import { openExport, request, upload } from './request'

// The organisers' calls, only ever imported from packages/organizer: kept apart from the residents'
// services so that the main package, which imports those, does not carry them.

// ---------------------------------------------------------------- activities
export const saveActivity = (id: string | null, fields: Record<string, unknown>) =>
  request({ method: id ? 'PATCH' : 'POST', path: id ? pathTo(activitiesPaths.activity, { activityId: id }) : activitiesPaths.activities, body: fields, schema: Activity, auth: true })

export const cancelActivity = (id: string) =>
  request({ method: 'POST', path: pathTo(activitiesOrganizerPaths.cancel, { activityId: id }), schema: Activity, auth: true })

export const getRoster = (id: string) => request({ path: pathTo(activitiesOrganizerPaths.roster, { activityId: id }), schema: Roster, auth: true })

export const checkIn = (id: string, ticket: string, action: 'in' | 'out') =>
  request({ method: 'POST', path: pathTo(activitiesOrganizerPaths.checkin, { activityId: id }), body: { ticket, action }, schema: CheckinResponse, auth: true })

export const addHours = (id: string, signupId: string, hours: number, reason: string) =>
  request({ method: 'POST', path: pathTo(activitiesOrganizerPaths.hours, { activityId: id }), body: { signupId, hours, reason }, schema: z.object({ hours: z.number() }), auth: true })

/** The roster workbook, opened for the organiser. */
export const openRosterWorkbook = (id: string) => openExport(pathTo(activitiesOrganizerPaths.rosterWorkbook, { activityId: id }))

// ---------------------------------------------------------------- 好人 rounds and review
export const saveRound = (id: string | null, fields: Record<string, unknown>) =>
  request({ method: id ? 'PATCH' : 'POST', path: id ? pathTo(goodPeoplePaths.round, { roundId: id }) : goodPeoplePaths.rounds, body: fields, schema: Round, auth: true })

const roundSteps = { open: goodPeopleOrganizerPaths.roundOpen, notice: goodPeopleOrganizerPaths.roundNotice, publish: goodPeopleOrganizerPaths.roundPublish }

export const changeRound = (id: string, step: keyof typeof roundSteps, nominationIds?: string[]) =>
  request({ method: 'POST', path: pathTo(roundSteps[step], { roundId: id }), body: nominationIds ? { nominationIds } : undefined, schema: Round, auth: true })

export const reviewQueue = (roundId: string, status: ReviewStatus, cursor: string | null, limit?: number) =>
  request({ path: goodPeopleOrganizerPaths.reviewQueue, query: { roundId, status, cursor: cursor ?? undefined, limit }, schema: ReviewResponse, auth: true })

export const review = (nominationId: string, decision: 'approve' | 'reject', note: string) =>
  request({
    method: 'POST',
    path: pathTo(goodPeopleOrganizerPaths.review, { nominationId }),
    body: { decision, ...(note ? { note } : {}) },
    schema: FullNomination,
    auth: true,
  })

export const merge = (nominationId: string, intoId: string) =>
  request({ method: 'POST', path: pathTo(goodPeopleOrganizerPaths.merge, { nominationId }), body: { intoId }, schema: FullNomination, auth: true })

export const editNomination = (nominationId: string, fields: { nomineeName?: string; story?: string }) =>
  request({ method: 'PATCH', path: pathTo(goodPeoplePaths.nomination, { nominationId }), body: fields, schema: FullNomination, auth: true })

export const listObjections = (roundId: string) =>
  request({ path: pathTo(goodPeopleOrganizerPaths.objections, { roundId }), schema: ObjectionsResponse, auth: true })

export const resolveObjection = (objectionId: string, outcome: 'upheld' | 'dismissed', note: string) =>
  request({
    method: 'POST',
    path: pathTo(goodPeopleOrganizerPaths.resolveObjection, { objectionId }),
    body: { outcome, note },
    schema: ResolvedObjection,
    auth: true,
  })

// ---------------------------------------------------------------- question bank
export const listBankQuestions = (cursor: string | null) =>
  request({ path: quizOrganizerPaths.questions, query: { cursor: cursor ?? undefined }, schema: QuestionsResponse, auth: true })

export const retireQuestion = (questionId: string) =>
  request({ method: 'POST', path: pathTo(quizOrganizerPaths.questionRetire, { questionId }), schema: RetiredQuestion, auth: true })

export const importQuestions = (filePath: string, fileName: string) =>
  upload({ path: quizOrganizerPaths.questionsImport, filePath, fileName, schema: ImportResult })

// ---------------------------------------------------------------- announcements
export const manageAnnouncements = (cursor: string | null) =>
  request({ path: announcementsOrganizerPaths.manage, query: { cursor: cursor ?? undefined }, schema: ManageResponse, auth: true })

export const saveAnnouncement = (id: string | null, fields: Record<string, unknown>) =>
  request({
    method: id ? 'PATCH' : 'POST',
    path: id ? pathTo(announcementsPaths.announcement, { announcementId: id }) : announcementsPaths.announcements,
    body: fields,
    schema: ManagedAnnouncement,
    auth: true,
  })

export const publishAnnouncement = (id: string) =>
  request({ method: 'POST', path: pathTo(announcementsOrganizerPaths.publish, { announcementId: id }), schema: ManagedAnnouncement, auth: true })

export const unpublishAnnouncement = (id: string) =>
  request({ method: 'POST', path: pathTo(announcementsOrganizerPaths.unpublish, { announcementId: id }), schema: ManagedAnnouncement, auth: true })
