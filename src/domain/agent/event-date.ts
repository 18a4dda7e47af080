import { TZDate, tzOffset } from '@date-fns/tz'
import * as chrono from 'chrono-node'

export interface EventWhen {
  /** `YYYY-MM-DD` in the business's time zone. */
  date: string | null
  /** `HH:MM`, 24-hour, in the business's time zone. */
  time: string | null
}

/**
 * Finds the event date and time in a message, resolved against `now` in the business's time
 * zone. Relative dates ("tomorrow", "next Saturday") and dates without a year ("Dec 12") resolve
 * forward, because customers ask about events to come.
 */
export function findEventWhen(text: string, now: Date, timeZone: string): EventWhen {
  const reference = { instant: now, timezone: tzOffset(timeZone, now) }
  const results = chrono.parse(text, reference, { forwardDate: true })
  let date: string | null = null
  let time: string | null = null
  for (const result of results) {
    // forwardDate turns "last Saturday" into next Saturday; a past reference is no event date.
    if (/\b(?:last|previous|past|ago)\b/i.test(result.text)) continue
    const start = result.start
    if (date === null && (start.isCertain('day') || start.isCertain('weekday'))) {
      date = isoDate(start.get('year')!, start.get('month')!, start.get('day')!)
    }
    if (time === null && start.isCertain('hour')) {
      time = clockTime(start.get('hour')!, start.get('minute') ?? 0, start.isCertain('meridiem'))
    }
  }
  date ??= holiday(text, now, timeZone) ?? dayOfMonthOnly(text, now, timeZone)
  // A date already past is not an event we can cater ("we loved last week's party").
  if (date !== null && date < localToday(now, timeZone)) date = null
  return { date, time: time ?? approximateTime(text) }
}

/** Fixed-date holidays customers book around; chrono knows none of them. */
const holidays: readonly { pattern: RegExp; month: number; day: number }[] = [
  { pattern: /\bnew\s*year'?s\s+eve\b|\bnye\b/i, month: 12, day: 31 },
  { pattern: /\bnew\s*year'?s(?:\s+day)?\b(?!\s+eve)/i, month: 1, day: 1 },
  { pattern: /\bchristmas\s+eve\b/i, month: 12, day: 24 },
  { pattern: /\b(?:christmas|xmas)(?:\s+day)?\b(?!\s+eve)/i, month: 12, day: 25 },
  { pattern: /\bvalentine'?s(?:\s+day)?\b/i, month: 2, day: 14 },
  { pattern: /\b(?:fourth|4th)\s+of\s+july\b|\bindependence\s+day\b/i, month: 7, day: 4 },
  { pattern: /\bhalloween\b/i, month: 10, day: 31 },
]

/** The next occurrence (today included) of a holiday named in the text. */
function holiday(text: string, now: Date, timeZone: string): string | null {
  const normalized = text.replace(/[’‘]/g, "'")
  const found = holidays.find((entry) => entry.pattern.test(normalized))
  if (found === undefined) return null
  const today = localToday(now, timeZone)
  const thisYear = Number(today.slice(0, 4))
  const candidate = isoDate(thisYear, found.month, found.day)
  return candidate >= today ? candidate : isoDate(thisYear + 1, found.month, found.day)
}

/** The business's calendar date at `now`, `YYYY-MM-DD`. */
export function businessToday(now: Date, timeZone: string): string {
  return localToday(now, timeZone)
}

function localToday(now: Date, timeZone: string): string {
  const today = new TZDate(now.getTime(), timeZone)
  return isoDate(today.getFullYear(), today.getMonth() + 1, today.getDate())
}

/** "around 7" / "about 6:30": chrono wants "at"; customers often say "around". */
function approximateTime(text: string): string | null {
  const match = /\b(?:around|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?!\s*(?:miles?|mi\b|minutes?|mins?|hours?|hrs?|%|people|guests|adults|kids|children|ppl|\d|\/))/i.exec(text)
  if (match === null) return null
  const hour = Number(match[1])
  const minute = match[2] === undefined ? 0 : Number(match[2])
  if (hour < 1 || hour > 12 || minute > 59) return null
  const meridiem = match[3]?.toLowerCase().startsWith('p') ? 'pm' : match[3] === undefined ? null : 'am'
  if (meridiem === null) return clockTime(hour, minute, false)
  const hour24 = (hour % 12) + (meridiem === 'pm' ? 12 : 0)
  return clockTime(hour24, minute, true)
}

/**
 * "the 14th" (no month) is the next 14th on or after today; chrono leaves it alone because on
 * its own it is ambiguous, but in a booking conversation it means this month or next.
 */
function dayOfMonthOnly(text: string, now: Date, timeZone: string): string | null {
  const match = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/i.exec(text)
  if (match === null) return null
  const day = Number(match[1])
  if (day < 1 || day > 31) return null
  const today = new TZDate(now.getTime(), timeZone)
  let year = today.getFullYear()
  let month = today.getMonth() + 1
  if (day < today.getDate()) month += 1
  // Skip months too short for the day (the 31st after April 30 is May 31).
  for (let tries = 0; tries < 3; tries += 1) {
    if (month > 12) {
      month -= 12
      year += 1
    }
    if (day <= daysInMonth(year, month)) return isoDate(year, month, day)
    month += 1
  }
  return null
}

/** Hibachi parties happen from lunch to late evening: "at 5:30" means 17:30, "at 11" means 11:00. */
function clockTime(hour: number, minute: number, meridiemSaid: boolean): string {
  const adjusted = !meridiemSaid && hour >= 1 && hour <= 10 ? hour + 12 : hour
  return `${pad(adjusted)}:${pad(minute)}`
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
