import { ChildrenResponse, CommunitiesResponse, DeleteAccountResponse, MeResponse, MyData, SchoolsResponse, UpdateMeResponse, type UpdateMeRequest } from '../shared/account'
import { accountPaths, pathTo } from '../shared/paths'
import { openExport, request } from './request'

export const getMe = () => request({ path: accountPaths.me, schema: MeResponse, auth: true })

export const updateMe = (changes: UpdateMeRequest) =>
  request({ method: 'PATCH', path: accountPaths.me, body: changes, schema: UpdateMeResponse, auth: true })

export const listCommunities = () => request({ path: accountPaths.communities, schema: CommunitiesResponse })
export const listSchools = () => request({ path: accountPaths.schools, schema: SchoolsResponse })

// ---------------------------------------------------------------- personal information
// Whose data: the resident's own (childId null) or a child's they are guardian of.
export const getMyData = (childId: string | null) =>
  request({ path: childId ? pathTo(accountPaths.childData, { childId }) : accountPaths.myData, schema: MyData, auth: true })
export const openMyDataWorkbook = (childId: string | null) =>
  openExport(childId ? pathTo(accountPaths.childDataWorkbook, { childId }) : accountPaths.myDataWorkbook)
export const listMyChildren = () => request({ path: accountPaths.children, schema: ChildrenResponse, auth: true })
export const deleteAccount = (childId: string | null) =>
  request({ method: 'DELETE', path: childId ? pathTo(accountPaths.child, { childId }) : accountPaths.me, schema: DeleteAccountResponse, auth: true })
