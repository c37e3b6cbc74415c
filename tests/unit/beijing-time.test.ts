import { describe, expect, it } from 'vitest'
import {
  beijingDate,
  beijingDay,
  beijingIso,
  beijingLabel,
  beijingParts,
  beijingStamp,
  beijingToday,
  beijingWeekday,
} from '../../src/shared/beijing-time'

// Pages, forms, workbooks and WeChat messages read and write times with these helpers, whatever the
// time zone of the phone or the server.
describe('Beijing time helpers', () => {
  it('reads date, clock and weekday in UTC+8', () => {
    expect(beijingParts('2026-12-04T00:00:00Z')).toEqual({ date: '2026-12-04', time: '08:00' })
    expect(beijingLabel('2026-12-04T00:00:00Z')).toBe('12月4日 08:00')
    expect(beijingWeekday('2026-12-04T00:00:00Z')).toBe(5)
    // Saturday 16:30 UTC is already Sunday in Beijing.
    expect(beijingWeekday('2026-12-05T16:30:00Z')).toBe(0)
    expect(beijingLabel('2026-12-05T16:30:00Z')).toBe('12月6日 00:30')
  })

  it('reads timestamps written with any offset, and milliseconds', () => {
    expect(beijingParts('2026-12-05T11:30:00-05:00')).toEqual({ date: '2026-12-06', time: '00:30' })
    expect(beijingParts(Date.parse('2026-12-31T16:00:00Z'))).toEqual({ date: '2027-01-01', time: '00:00' })
  })

  it('labels dates and times for people, with the year when asked', () => {
    expect(beijingDate('2026-03-01T00:00:00Z')).toBe('3月1日')
    expect(beijingDate('2026-12-31T16:00:00Z', true)).toBe('2027年1月1日')
    expect(beijingLabel('2026-12-31T16:05:00Z', true)).toBe('2027年1月1日 00:05')
  })

  it('writes workbook stamps with the date separator asked for', () => {
    expect(beijingStamp('2026-12-05T16:30:00Z')).toBe('2026-12-06 00:30')
    expect(beijingStamp('2026-12-05T16:30:00Z', '/')).toBe('2026/12/06 00:30')
  })

  it('agrees with the time zone database at every hour of a year', () => {
    const zone = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 3_600_000 + 60_000) {
      const parts = Object.fromEntries(zone.formatToParts(at).map((p) => [p.type, p.value]))
      expect(beijingParts(at)).toEqual({ date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` })
    }
  })

  it('turns a form’s date and time into the instant it means in Beijing, and back', () => {
    const at = beijingIso({ date: '2026-12-06', time: '09:30' })
    expect(Date.parse(at)).toBe(Date.parse('2026-12-06T01:30:00Z'))
    expect(beijingParts(at)).toEqual({ date: '2026-12-06', time: '09:30' })
  })

  it('counts today and days ahead by the Beijing calendar', () => {
    // 23:30 UTC on 4 December is 07:30 on 5 December in Beijing.
    expect(beijingToday(Date.parse('2026-12-04T23:30:00Z'))).toBe('2026-12-05')
    expect(beijingDay(0, '08:00')).toEqual({ date: beijingToday(), time: '08:00' })
    const tomorrow = beijingDay(1, '08:00').date
    expect(Date.parse(`${tomorrow}T00:00:00Z`) - Date.parse(`${beijingToday()}T00:00:00Z`)).toBe(86_400_000)
  })
})
