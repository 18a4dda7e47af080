/**
 * Wall-clock weekday and minutes in the business's time zone, from an instant. Uses the
 * platform's Intl time-zone data, so daylight-saving changes are handled.
 */
export interface BusinessTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** Minutes since local midnight. */
  minutes: number
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const formatters = new Map<string, Intl.DateTimeFormat>()

export function businessTime(instant: Date, timeZone: string): BusinessTime {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(timeZone, formatter)
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]))
  return { weekday: weekdays.indexOf(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** `"17:30"` → 1050. */
export function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number)
  return hours! * 60 + minutes!
}
