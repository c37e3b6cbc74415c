// The county keeps Beijing time (UTC+8, no daylight saving). Forms read and write dates and clock
// times in it, whatever time zone the phone or browser is set to.

const offsetMs = 8 * 60 * 60 * 1000

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

/** `days` from today (0 = today) at `time`, in Beijing. */
export const beijingDay = (days: number, time: string): DateTime => ({
  date: beijingParts(Date.now() + days * 24 * 60 * 60 * 1000).date,
  time,
})

/** A timestamp for people to read: `11月29日 08:00`. */
export function beijingLabel(iso: string) {
  const { date, time } = beijingParts(iso)
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 ${time}`
}

/** The weekday (0 = Sunday) of a timestamp in Beijing. */
export const beijingWeekday = (iso: string) => new Date(Date.parse(iso) + offsetMs).getUTCDay()
