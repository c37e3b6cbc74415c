import { FamilyCard, InviteInfo, InvitePoster, JoinFamilyResponse, ProgressResponse, Rankings } from '../shared/families'
import { openExport, request } from './request'

export const getFamilyCard = () => request({ path: '/families/me', schema: FamilyCard, auth: true })

export const bindStudent = (joinCode: string, under14: boolean) =>
  request({ method: 'POST', path: '/families/student', body: { joinCode, under14 }, schema: FamilyCard, auth: true })

export const getInvitePoster = () => request({ path: '/families/me/poster', schema: InvitePoster, auth: true })

export const getInvite = (code: string) => request({ path: `/families/invites/${encodeURIComponent(code)}`, schema: InviteInfo })

export const joinFamily = (code: string) =>
  request({ method: 'POST', path: '/families/join', body: { code }, schema: JoinFamilyResponse, auth: true })

export const consentAsGuardian = () => request({ method: 'POST', path: '/families/consent', schema: FamilyCard, auth: true })

export const getRankings = (scope: 'class' | 'school', schoolId?: string) =>
  request({ path: '/families/rankings', query: { scope, schoolId }, schema: Rankings })

export const getProgress = () => request({ path: '/families/progress', schema: ProgressResponse, auth: true })

export const openProgressWorkbook = () => openExport('/families/progress.xlsx')
