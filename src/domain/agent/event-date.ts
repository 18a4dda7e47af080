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
export function findEventWhen(text: string, now: Date, timeZone: string, referenceDate: string | null = null): EventWhen {
  const reference = { instant: now, timezone: tzOffset(timeZone, now) }
  const results = chrono.parse(text, reference, { forwardDate: true }).filter((result) => !isVague(result.text))
  let time: string | null = null
  const dates: { date: string; explicitDay: boolean; index: number }[] = []
  for (const result of results) {
    // forwardDate turns "last Saturday" into next Saturday; a past reference is no event date.
    if (/\b(?:last|previous|past|ago)\b/i.test(result.text)) continue
    const start = result.start
    if (start.isCertain('day') || start.isCertain('weekday')) {
      dates.push({ date: isoDate(start.get('year')!, start.get('month')!, start.get('day')!), explicitDay: start.isCertain('day'), index: result.index })
    }
    // Only a clock time counts: "45 min late" and "an hour" are durations, "10x12" a size.
    if (time === null && start.isCertain('hour') && clockLike.test(result.text)) {
      time = clockTime(start.get('hour')!, start.get('minute') ?? 0, start.isCertain('meridiem'))
    }
  }
  let date = pickDate(text, dates)
  date ??= dayOfNamedMonth(text, now, timeZone) ?? holiday(text, now, timeZone) ?? dayOfMonthOnly(text, now, timeZone, referenceDate)
  // A date already past is not an event we can cater ("we loved last week's party").
  if (date !== null && date < localToday(now, timeZone)) date = null
  return { date, time: time ?? approximateTime(text) }
}

const clockLike = /\d\s*(?:am|pm|a\.m|p\.m)|\d:\d\d|\b(?:at|@|around|by|from)\s+\d|\b(?:noon|midnight|o'?clock)\b/i

/** Words chrono reads as dates that are not the event's: "on the day", "for now", durations. */
function isVague(text: string): boolean {
  const lower = text.toLowerCase().trim()
  if (/^(?:(?:on\s+)?the\s+day|now|for\s+now|right\s+now|min|mins?)$/.test(lower)) return true
  if (/^(?:a|an|one|two|three|four|five|six|\d+)\s+(?:weeks?|days?|hours?|hrs?|minutes?|mins?|months?)(?:\s+(?:away|early|late|later|earlier|before|after))?$/.test(lower)) return true
  const namesADay = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b|\b(?:today|tonight|tomorrow|weekends?|weeks?|months?|noon|midnight)\b/
  return !namesADay.test(lower)
}

/**
 * One event date from several: an explicit day ("Friday the 18th" is the 18th) over a weekday,
 * and in "from Dec 12 to Dec 19" or "move it to the 6th" the date moved to.
 */
function pickDate(text: string, dates: readonly { date: string; explicitDay: boolean; index: number }[]): string | null {
  if (dates.length === 0) return null
  const explicit = dates.filter((candidate) => candidate.explicitDay)
  const pool = explicit.length > 0 ? explicit : dates
  if (pool.length === 1) return pool[0]!.date
  const moving = pool.filter((candidate) => /\b(?:to|into|instead|for|until)\s+(?:the\s+|a\s+|on\s+)?$/i.test(text.slice(Math.max(0, candidate.index - 12), candidate.index)))
  if (moving.length > 0 && /\b(?:move|moving|switch|change|push|reschedul\w*|from|instead)\b/i.test(text)) return moving.at(-1)!.date
  return pool[0]!.date
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
function dayOfMonthOnly(text: string, now: Date, timeZone: string, referenceDate: string | null): string | null {
  const match = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/i.exec(text)
  if (match === null) return null
  const day = Number(match[1])
  if (day < 1 || day > 31) return null
  const today = new TZDate(now.getTime(), timeZone)
  let year = today.getFullYear()
  let month = today.getMonth() + 1
  let fromDay = today.getDate()
  // "What about the 16th instead?" after January 9 was agreed: January 16.
  if (referenceDate !== null && referenceDate > isoDate(year, month, fromDay)) {
    year = Number(referenceDate.slice(0, 4))
    month = Number(referenceDate.slice(5, 7))
    fromDay = 1
  }
  if (day < fromDay) month += 1
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

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** "the 27th of December", which chrono reads as just "December": the next such day. */
function dayOfNamedMonth(text: string, now: Date, timeZone: string): string | null {
  const match = /\b(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.exec(text)
  if (match === null) return null
  const day = Number(match[1])
  const month = monthNames.indexOf(match[2]!.toLowerCase()) + 1
  const today = localToday(now, timeZone)
  let year = Number(today.slice(0, 4))
  if (day < 1 || day > daysInMonth(year, month)) return null
  if (isoDate(year, month, day) < today) year += 1
  return isoDate(year, month, day)
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
