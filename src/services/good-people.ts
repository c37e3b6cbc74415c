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
import { goodPeoplePaths, pathTo } from '../shared/paths'
import { apiBase, request, upload } from './request'

/** Photo addresses from the embedded server are relative to the API's origin. */
export const photoUrl = (url: string) => (url.startsWith('/') ? `${(apiBase ?? '').replace(/\/api\/?$/, '')}${url}` : url)

export const listRounds = () => request({ path: goodPeoplePaths.rounds, schema: RoundsResponse, auth: true })
export const getRound = (id: string) => request({ path: pathTo(goodPeoplePaths.round, { roundId: id }), schema: Round, auth: true })

export const listNominations = (roundId: string, options: { sort: 'votes' | 'new'; categoryId: string | null }, cursor: string | null) =>
  request({
    path: goodPeoplePaths.nominations,
    query: { roundId, sort: options.sort, categoryId: options.categoryId ?? undefined, cursor: cursor ?? undefined },
    schema: NominationsResponse,
    auth: true,
  })

export const getNomination = (id: string) => request({ path: pathTo(goodPeoplePaths.nomination, { nominationId: id }), schema: NominationResponse, auth: true })
export const getHonours = (roundId: string) => request({ path: pathTo(goodPeoplePaths.honours, { roundId }), schema: HonoursResponse, auth: true })

export const uploadPhoto = (filePath: string) =>
  upload({ path: goodPeoplePaths.photos, filePath, fileName: 'photo.jpg', schema: PhotoUploadResponse })

export const nominate = (fields: Record<string, unknown>) =>
  request({ method: 'POST', path: goodPeoplePaths.nominations, body: fields, schema: FullNomination, auth: true })

export const myNominations = (cursor: string | null) =>
  request({ path: goodPeoplePaths.mine, query: { cursor: cursor ?? undefined }, schema: MyNominationsResponse, auth: true })

export const vote = (nominationId: string) =>
  request({ method: 'POST', path: pathTo(goodPeoplePaths.votes, { nominationId }), schema: VoteResponse, auth: true })

export const object = (nominationId: string, reason: string, contact: string) =>
  request({
    method: 'POST',
    path: pathTo(goodPeoplePaths.object, { nominationId }),
    body: { reason, ...(contact ? { contact } : {}) },
    schema: ObjectionResponse,
    auth: true,
  })
