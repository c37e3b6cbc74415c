import { FamilyCard, InviteInfo, InvitePoster, JoinFamilyResponse, ProgressResponse, Rankings } from '../shared/families'
import { familiesOrganizerPaths } from '../shared/organizer-paths'
import { familiesPaths, pathTo } from '../shared/paths'
import { openExport, request } from './request'

export const getFamilyCard = () => request({ path: familiesPaths.card, schema: FamilyCard, auth: true })

export const bindStudent = (joinCode: string, under14: boolean) =>
  request({ method: 'POST', path: familiesPaths.student, body: { joinCode, under14 }, schema: FamilyCard, auth: true })

export const getInvitePoster = () => request({ path: familiesPaths.poster, schema: InvitePoster, auth: true })

export const getInvite = (code: string) => request({ path: pathTo(familiesPaths.invite, { code }), schema: InviteInfo })

export const joinFamily = (code: string) =>
  request({ method: 'POST', path: familiesPaths.join, body: { code }, schema: JoinFamilyResponse, auth: true })

export const consentAsGuardian = () => request({ method: 'POST', path: familiesPaths.consent, schema: FamilyCard, auth: true })

export const getRankings = (scope: 'class' | 'school', schoolId?: string) =>
  request({ path: familiesPaths.rankings, query: { scope, schoolId }, schema: Rankings })

export const getProgress = () => request({ path: familiesOrganizerPaths.progress, schema: ProgressResponse, auth: true })

export const openProgressWorkbook = () => openExport(familiesOrganizerPaths.progressWorkbook)
