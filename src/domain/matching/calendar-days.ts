/**
 * Calendar arithmetic on `YYYY-MM-DD` dates. Dates are treated as plain days (UTC midnight),
 * so daylight-saving changes never make a "day" 23 or 25 hours long.
 */

import { BoundedMemo, PairMemo } from './bounded-memo'

const millisecondsPerDay = 86_400_000

/** Dates recur across a matching run (every candidate compares the same few): parsed once. */
const dayNumbers = new BoundedMemo<string, number>(20_000)

/** Day number of a `YYYY-MM-DD` date (days since 1970-01-01). */
export function dayNumberOf(date: string): number {
  return dayNumbers.get(date, parseDayNumber)
}

function parseDayNumber(date: string): number {
  const parsed = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(parsed)) throw new RangeError(`Not a calendar date: ${date}`)
  return Math.round(parsed / millisecondsPerDay)
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from)
}

/** The calendar date an instant falls on in `timeZone` (an IANA zone such as `America/Los_Angeles`). */
const localDates = new PairMemo<string>(20_000)

export function calendarDateInZone(instant: string, timeZone: string): string {
  return localDates.get(timeZone, instant, localDate)
}

function localDate(timeZone: string, instant: string): string {
  const time = Date.parse(instant)
  if (Number.isNaN(time)) throw new RangeError(`Not an instant: ${instant}`)
  return dateFormatter(timeZone).format(time)
}

/** Building a formatter is costly (~0.1 ms) and the matcher asks per booking and transaction. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD; Intl is part of the language, not an I/O dependency.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}
