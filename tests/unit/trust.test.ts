import { describe, expect, it } from 'vitest'
import { defaultWriteLimits, normaliseAddress, resolveRateLimit, scaled } from '../../api/_lib/rate-limit'
import { idempotencyKeyPattern, newIdempotencyKey } from '../../src/shared/idempotency'

describe('newIdempotencyKey', () => {
  it('makes UUID v4 strings the API accepts, different each time', () => {
    const keys = Array.from({ length: 1000 }, () => newIdempotencyKey())
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(idempotencyKeyPattern.test(key)).toBe(true)
    }
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('stays in range at the edges of Math.random', () => {
    expect(newIdempotencyKey(() => 0)).toBe('00000000-0000-4000-8000-000000000000')
    expect(newIdempotencyKey(() => 0.9999999)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
  })
})

describe('normaliseAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:0DB8:00AA:00BB::1', '2001:db8:aa:bb::/64'],
    ['[2001:db8:aa:bb::1]:443', '2001:db8:aa:bb::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'not an address'],
    ['1:2:3', '1:2:3'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected)
  })

  it('keeps a junk value short', () => {
    expect(normaliseAddress('x'.repeat(500))).toHaveLength(64)
  })
})

describe('resolveRateLimit', () => {
  it('gives writes the defaults and reads nothing', () => {
    expect(resolveRateLimit('POST', 'user', undefined)).toEqual(defaultWriteLimits)
    expect(resolveRateLimit('DELETE', 'user', undefined)).toEqual(defaultWriteLimits)
    expect(resolveRateLimit('GET', 'user', undefined)).toBeNull()
  })

  it('exempts organiser routes (and public ones, which have no user) from the per-user limit', () => {
    expect(resolveRateLimit('POST', 'organizer', undefined)).toEqual({ perUser: null, perAddress: defaultWriteLimits.perAddress })
    expect(resolveRateLimit('POST', 'public', undefined)).toEqual({ perUser: null, perAddress: defaultWriteLimits.perAddress })
    // ... unless the route asks for one.
    const own = { limit: 5, windowSeconds: 60 }
    expect(resolveRateLimit('POST', 'organizer', { perUser: own })?.perUser).toEqual(own)
  })

  it('takes a side from the route, keeps the default for the other, and opts out with false', () => {
    const own = { limit: 5, windowSeconds: 3600 }
    expect(resolveRateLimit('POST', 'user', { perUser: own })).toEqual({ perUser: own, perAddress: defaultWriteLimits.perAddress })
    expect(resolveRateLimit('POST', 'user', { perAddress: false })).toEqual({ perUser: defaultWriteLimits.perUser, perAddress: null })
    expect(resolveRateLimit('POST', 'public', false)).toBeNull()
    expect(resolveRateLimit('GET', 'public', { perAddress: own })).toEqual({ perUser: null, perAddress: own })
  })

  it('scales limits, never below one request', () => {
    expect(scaled({ limit: 60, windowSeconds: 60 }, 0.1)).toEqual({ limit: 6, windowSeconds: 60 })
    expect(scaled({ limit: 5, windowSeconds: 3600 }, 0.01)).toEqual({ limit: 1, windowSeconds: 3600 })
    expect(scaled({ limit: 120, windowSeconds: 60 }, 100)).toEqual({ limit: 12000, windowSeconds: 60 })
  })
})
