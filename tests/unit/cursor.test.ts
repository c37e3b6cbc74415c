import * as z from 'zod/mini'
import { describe, expect, it } from 'vitest'
import { pageOf, readCursor, Serial } from '../../api/_lib/page'
import { Id, Timestamp } from '../../src/shared/common'

const id = '0d3c6a9e-3b1a-4a8a-9f0e-2b6a1d2c3e4f'
const at = '2026-12-03T06:00:00.123456+00:00'
const Pinned = z.enum(['0', '1'])

describe('a list cursor', () => {
  it.each([
    ['a serial id', [Serial], [37]],
    ['a time and an id', [Timestamp, Id], [at, id]],
    ['pinned, a time and an id', [Pinned, Timestamp, Id], ['1', at, id]],
  ] as const)('is read back into the key pageOf made it from: %s', (_, parts, key) => {
    const { items, nextCursor } = pageOf(['shown', 'last shown', 'one more'], 2, (last) => (last === 'last shown' ? key : []))
    expect(items).toEqual(['shown', 'last shown'])
    expect(nextCursor).toBe(key.join('_'))
    expect(readCursor(nextCursor!, ...parts)).toEqual(key)
  })

  it('is null on the last page, and read as null when absent', () => {
    expect(pageOf([1, 2], 2, (last) => [last]).nextCursor).toBeNull()
    expect(readCursor(undefined, Serial)).toBeNull()
  })

  it.each([
    [[Serial], '-3'],
    [[Serial], '1.5'],
    [[Serial], '37_38'],
    [[Timestamp, Id], 'garbage'],
    [[Timestamp, Id], `2026-02-31T00:00:00Z_${id}`],
    [[Timestamp, Id], `${at}_not-an-id`],
    [[Pinned, Timestamp, Id], `2_${at}_${id}`],
    [[Pinned, Timestamp, Id], `1_${at}_${id}_extra`],
  ] as const)('refuses a malformed one with 400 invalid_request: %#', (parts, cursor) => {
    expect(() => readCursor(cursor, ...parts)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400 }))
  })
})
