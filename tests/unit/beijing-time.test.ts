import { describe, expect, it } from 'vitest'
import { beijingLabel, beijingParts, beijingWeekday } from '../../src/shared/beijing-time'

// The main package formats times with these helpers (dayjs stays in the subpackages), whatever the phone's time zone.
describe('Beijing time helpers', () => {
  it('reads date, clock and weekday in UTC+8', () => {
    expect(beijingParts('2026-12-04T00:00:00Z')).toEqual({ date: '2026-12-04', time: '08:00' })
    expect(beijingLabel('2026-12-04T00:00:00Z')).toBe('12月4日 08:00')
    expect(beijingWeekday('2026-12-04T00:00:00Z')).toBe(5)
    // Saturday 16:30 UTC is already Sunday in Beijing.
    expect(beijingWeekday('2026-12-05T16:30:00Z')).toBe(0)
    expect(beijingLabel('2026-12-05T16:30:00Z')).toBe('12月6日 00:30')
  })
})
