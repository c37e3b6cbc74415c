import { ChildrenResponse, CommunitiesResponse, DeleteAccountResponse, MeResponse, MyData, SchoolsResponse, UpdateMeResponse, type UpdateMeRequest } from '../shared/account'
import { openExport, request } from './request'

export const getMe = () => request({ path: '/me', schema: MeResponse, auth: true })

export const updateMe = (changes: UpdateMeRequest) =>
  request({ method: 'PATCH', path: '/me', body: changes, schema: UpdateMeResponse, auth: true })

export const listCommunities = () => request({ path: '/communities', schema: CommunitiesResponse })
export const listSchools = () => request({ path: '/schools', schema: SchoolsResponse })

// ---------------------------------------------------------------- personal information
/** Whose data: the resident's own (null) or a child's they are guardian of. */
const subjectPath = (childId: string | null) => (childId ? `/me/children/${childId}` : '/me')

export const getMyData = (childId: string | null) => request({ path: `${subjectPath(childId)}/data`, schema: MyData, auth: true })
export const openMyDataWorkbook = (childId: string | null) => openExport(`${subjectPath(childId)}/data.xlsx`)
export const listMyChildren = () => request({ path: '/me/children', schema: ChildrenResponse, auth: true })
export const deleteAccount = (childId: string | null) =>
  request({ method: 'DELETE', path: subjectPath(childId), schema: DeleteAccountResponse, auth: true })
