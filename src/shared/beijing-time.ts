// The county keeps Beijing time (UTC+8, no daylight saving). Every date and clock time people read or
// write goes through here: pages and forms, the server's workbooks and WeChat messages, so they show the
// same whatever time zone the phone, browser or server is set to. No dayjs or Intl: this is in the main package.

const offsetMs = 8 * 60 * 60 * 1000
const dayMs = 24 * 60 * 60 * 1000

/** A date and clock time as a form holds them: `YYYY-MM-DD` and `HH:mm`, in Beijing time. */
export interface DateTime {
  date: string
  time: string
}

/** A form's date and clock time as an ISO-8601 timestamp with the +08:00 offset the API expects. */
export const beijingIso = ({ date, time }: DateTime) => `${date}T${time}:00+08:00`

/** A timestamp (ISO string or milliseconds) as the date and clock time it shows in Beijing. */
export function beijingParts(at: string | number): DateTime {
  const shifted = new Date((typeof at === 'string' ? Date.parse(at) : at) + offsetMs).toISOString()
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) }
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export const beijingToday = (now = Date.now()) => beijingParts(now).date

/** `days` from today (0 = today) at `time`, in Beijing. */
export const beijingDay = (days: number, time: string): DateTime => ({ date: beijingToday(Date.now() + days * dayMs), time })

/** A date for people to read: `11月29日`, or with the year `2026年11月29日`. */
export function beijingDate(at: string, withYear = false) {
  const { date } = beijingParts(at)
  return `${withYear ? `${date.slice(0, 4)}年` : ''}${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** A timestamp for people to read: `11月29日 08:00`, or with the year `2026年11月29日 08:00`. */
export const beijingLabel = (at: string, withYear = false) => `${beijingDate(at, withYear)} ${beijingParts(at).time}`

/** A timestamp in a workbook: `2026-11-29 08:00`, or with another separator in the date (`2026/11/29 08:00`). */
export function beijingStamp(at: string, dateSeparator = '-') {
  const { date, time } = beijingParts(at)
  return `${date.replace(/-/g, dateSeparator)} ${time}`
}

/** The weekday (0 = Sunday) of a timestamp in Beijing. */
export const beijingWeekday = (iso: string) => new Date(Date.parse(iso) + offsetMs).getUTCDay()
