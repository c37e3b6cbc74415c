import { describe, expect, it } from 'vitest'
import { ActivitiesQuery } from '../../src/shared/activities'
import { AnnouncementsQuery } from '../../src/shared/announcements'
import { cursorOf } from '../../src/shared/common'
import { NominationsQuery } from '../../src/shared/good-people'
import { PointsQuery } from '../../src/shared/rewards'

const id = '0d3c6a9e-3b1a-4a8a-9f0e-2b6a1d2c3e4f'
const at = '2026-12-03T06:00:00.123456+00:00'

describe('a list cursor', () => {
  it.each([
    ['a serial id', PointsQuery, [37]],
    ['a time and an id', ActivitiesQuery, [at, id]],
    ['pinned, a time and an id', AnnouncementsQuery, ['1', at, id]],
    ['votes and an id', NominationsQuery, [12, id]],
  ] as const)('reads back the key it was made from: %s', (_, query, key) => {
    const cursor = cursorOf(key)
    expect(cursor).toBe(key.join('_'))
    expect(query.parse({ cursor }).cursor).toEqual(key)
  })

  it.each([
    [PointsQuery, '-3'],
    [PointsQuery, '37_38'],
    [ActivitiesQuery, 'garbage'],
    [ActivitiesQuery, `2026-02-31T00:00:00Z_${id}`],
    [ActivitiesQuery, `${at}_not-an-id`],
    [AnnouncementsQuery, `2_${at}_${id}`],
    [AnnouncementsQuery, `1_${at}_${id}_extra`],
  ])('refuses a malformed one: %#', (query, cursor) => {
    expect(query.safeParse({ cursor }).success).toBe(false)
  })

  it("of the nominations fits the list's sort: votes for `votes`, a time for `new`", () => {
    expect(NominationsQuery.safeParse({ sort: 'votes', cursor: `12_${id}` }).success).toBe(true)
    expect(NominationsQuery.safeParse({ sort: 'new', cursor: `${at}_${id}` }).success).toBe(true)
    expect(NominationsQuery.safeParse({ sort: 'new', cursor: `12_${id}` }).success).toBe(false)
    expect(NominationsQuery.safeParse({ cursor: `${at}_${id}` }).success).toBe(false)
  })
})
