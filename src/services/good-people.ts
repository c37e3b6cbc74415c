import {
  FullNomination,
  HonoursResponse,
  MyNominationsResponse,
  NominationResponse,
  NominationsResponse,
  ObjectionResponse,
  ObjectionsResponse,
  PhotoUploadResponse,
  ResolvedObjection,
  ReviewResponse,
  Round,
  RoundsResponse,
  VoteResponse,
  type ReviewStatus,
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

// ---------------------------------------------------------------- organisers
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
