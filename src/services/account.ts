import { CommunitiesResponse, MeResponse, UpdateMeResponse, type UpdateMeRequest } from '../shared/account'
import { request } from './request'

export const getMe = () => request({ path: '/me', schema: MeResponse, auth: true })

export const updateMe = (changes: UpdateMeRequest) =>
  request({ method: 'PATCH', path: '/me', body: changes, schema: UpdateMeResponse, auth: true })

export const listCommunities = () => request({ path: '/communities', schema: CommunitiesResponse })
