import { describe, expect, it } from 'vitest'
import { maskName } from '../../src/shared/common'
import { DisplayName, progressPercent, SignaturesQuery, SignPledgeRequest } from '../../src/shared/pledge'

describe('maskName shows only the first character', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧*'],
    ['王', '王*'],
    ['  李四 ', '李*'],
    ['Tom', 'T*'],
    ['𠀋先生', '𠀋*'], // a character outside the BMP stays whole
    ['', '*'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})

describe('progressPercent', () => {
  it.each([
    [0, 10000, 0],
    [1, 10000, 0],
    [15, 10000, 0.1],
    [5000, 10000, 50],
    [9999, 10000, 99.9],
    [12000, 10000, 100],
    [3, 0, 0],
  ])('%i of %i → %f%%', (count, goal, percent) => {
    expect(progressPercent(count, goal)).toBe(percent)
  })
})

describe('the pledge display name', () => {
  it('is trimmed before its length is checked', () => {
    expect(DisplayName.parse('  张三  ')).toBe('张三')
    expect(DisplayName.parse('一二三四五六七八九十一二三四五六七八九十')).toHaveLength(20)
  })

  it.each(['', '   ', '一二三四五六七八九十一二三四五六七八九十一'])('refuses %j', (name) => {
    expect(SignPledgeRequest.safeParse({ displayName: name }).success).toBe(false)
  })

  it('refuses a missing or non-text name', () => {
    expect(SignPledgeRequest.safeParse({}).success).toBe(false)
    expect(SignPledgeRequest.safeParse({ displayName: 42 }).success).toBe(false)
  })
})

describe('the signature list query', () => {
  it('defaults to 20 and takes the cursor from the URL as it came (the API reads it)', () => {
    expect(SignaturesQuery.parse({})).toEqual({ limit: 20 })
    expect(SignaturesQuery.parse({ limit: '5', cursor: '37' })).toEqual({ limit: 5, cursor: '37' })
  })

  it.each([{ limit: '0' }, { limit: '101' }, { limit: 'x' }, { cursor: 'x'.repeat(201) }])('refuses %j', (query) => {
    expect(SignaturesQuery.safeParse(query).success).toBe(false)
  })
})
