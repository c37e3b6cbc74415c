import {
  FullNomination,
  HonoursResponse,
  MyNominationsResponse,
  NominationResponse,
  NominationsResponse,
  ObjectionResponse,
  PhotoUploadResponse,
  Round,
  RoundsResponse,
  VoteResponse,
} from '../shared/good-people'
import { apiBase, request, upload } from './request'

/** Photo addresses from the embedded server are relative to the API's origin. */
export const photoUrl = (url: string) => (url.startsWith('/') ? `${(apiBase ?? '').replace(/\/api\/?$/, '')}${url}` : url)

export const listRounds = () => request({ path: '/selections', schema: RoundsResponse, auth: true })
export const getRound = (id: string) => request({ path: `/selections/${id}`, schema: Round, auth: true })

export const listNominations = (roundId: string, options: { sort: 'votes' | 'new'; categoryId: string | null }, cursor: string | null) =>
  request({
    path: '/nominations',
    query: { roundId, sort: options.sort, categoryId: options.categoryId ?? undefined, cursor: cursor ?? undefined },
    schema: NominationsResponse,
    auth: true,
  })

export const getNomination = (id: string) => request({ path: `/nominations/${id}`, schema: NominationResponse, auth: true })
export const getHonours = (roundId: string) => request({ path: `/selections/${roundId}/honours`, schema: HonoursResponse, auth: true })

export const uploadPhoto = (filePath: string) =>
  upload({ path: '/nominations/photos', filePath, fileName: 'photo.jpg', schema: PhotoUploadResponse })

export const nominate = (fields: Record<string, unknown>) =>
  request({ method: 'POST', path: '/nominations', body: fields, schema: FullNomination, auth: true })

export const myNominations = (cursor: string | null) =>
  request({ path: '/nominations/mine', query: { cursor: cursor ?? undefined }, schema: MyNominationsResponse, auth: true })

export const vote = (nominationId: string) =>
  request({ method: 'POST', path: `/nominations/${nominationId}/votes`, schema: VoteResponse, auth: true })

export const object = (nominationId: string, reason: string, contact: string) =>
  request({
    method: 'POST',
    path: `/nominations/${nominationId}/objections`,
    body: { reason, ...(contact ? { contact } : {}) },
    schema: ObjectionResponse,
    auth: true,
  })
