// Arranging selection rounds for tests: a round in a given phase, nominations approved by an
// organiser, and photos to upload.
import sharp from 'sharp'
import { expect } from 'vitest'
import { FullNomination, Round } from '../../src/shared/good-people'
import type { TestApi } from './api'

const hour = 3600_000
export const at = (offsetHours: number) => new Date(Date.now() + offsetHours * hour).toISOString()

/** An open round taking nominations and votes now, unless `fields` say otherwise. */
export async function openRound(api: TestApi, organizer: string, fields: Record<string, unknown> = {}) {
  const created = await api.call('POST', '/api/selections', {
    token: organizer,
    body: { title: '2026年12月 身边好人', nominateFrom: at(-1), nominateUntil: at(24), voteFrom: at(-1), voteUntil: at(48), ...fields },
  })
  expect(created.status).toBe(201)
  const opened = await api.call('POST', `/api/selections/${created.body.id}/open`, { token: organizer })
  expect(opened.status).toBe(200)
  return Round.parse(opened.body)
}

export const story = '她每天清晨义务打扫小区门口的道路,十年如一日,还照顾楼里的独居老人。'

export async function nominate(api: TestApi, token: string, roundId: string, fields: Record<string, unknown> = {}) {
  const { body: communities } = await api.call('GET', '/api/communities')
  return api.call('POST', '/api/nominations', {
    token,
    body: { roundId, nomineeName: '王秀英', categoryId: '助人为乐', communityId: communities.items[0].id, story, contact: '13800001111', ...fields },
  })
}

/** A nomination by `token`, approved by the organiser. */
export async function approvedNomination(api: TestApi, organizer: string, token: string, roundId: string, fields: Record<string, unknown> = {}) {
  const created = await nominate(api, token, roundId, fields)
  expect(created.status).toBe(201)
  const approved = await api.call('POST', `/api/nominations/${created.body.id}/review`, { token: organizer, body: { decision: 'approve' } })
  expect(approved.status).toBe(200)
  return FullNomination.parse(approved.body)
}

/** Moves a round's windows as if the clock had run on (hours relative to now). */
export async function setRoundTimes(api: TestApi, roundId: string, times: { voteUntil?: number; noticeEnds?: number }) {
  if (times.voteUntil !== undefined) {
    await api.sql.query(
      'update selection_rounds set nominate_from = $2, vote_from = $2, nominate_until = $3, vote_until = $3 where id = $1',
      [roundId, at(times.voteUntil - 48), at(times.voteUntil)],
    )
  }
  if (times.noticeEnds !== undefined) {
    await api.sql.query('update selection_rounds set notice_ends_at = $2 where id = $1', [roundId, at(times.noticeEnds)])
  }
}

/** A real JPEG of the given size, carrying an EXIF GPS position like a phone photo. */
export function photoWithLocation(width = 800, height = 600) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 60 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1' } })
    .toBuffer()
}

export async function uploadPhoto(api: TestApi, token: string, data: Buffer, filename = 'photo.jpg', type = 'image/jpeg') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), filename)
  const response = await fetch(`${api.url}/api/nominations/photos`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: response.status, body: await response.json() }
}
