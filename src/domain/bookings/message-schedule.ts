/**
 * When the relay texts a booking on its own, and whether a text that has come due still applies.
 * Times are planned in the business's time zone ("the day before" is a local calendar day) and
 * returned as instants; the relay stores them in its job table.
 */
import { TZDate } from '@date-fns/tz'
import { calendarDateInZone } from '../matching/calendar-days'
import { businessTime, clockMinutes } from '../routing/business-clock'
import type { MessageTemplateName, Settings } from '../schemas/settings'
import { deriveBookingStatus, isDepositUnpaid, isPaidInFull, type BookingStatusFacts, type StatusOptions } from './booking-status'

/** Every scheduled text is one of the message templates. */
export type MessageJobKind = MessageTemplateName

export interface PlannedMessageJob {
  kind: MessageJobKind
  /** ISO instant, before any quiet-hours shift (applied when the job is due). */
  dueAt: string
}

export type QuietHours = NonNullable<Settings['quietHours']>
/** No automatic texts from 9 pm to 8 am local time unless the owner sets other hours. */
export const defaultQuietHours: QuietHours = { start: '21:00', end: '08:00' }

/** Local hours the date-based texts go out at: mid-morning, well clear of quiet hours. */
export const reminderClock = { eventReminder: '10:00', balanceReminder: '10:00', reviewRequest: '11:00' } as const
const depositReminderDelayMs = 48 * 60 * 60 * 1000
/** A confirmation text this long after confirming would confuse more than help. */
const confirmationStaleMs = 24 * 60 * 60 * 1000
/** A review request waits this many days after the event for the balance, then is dropped. */
const reviewWaitLimitDays = 14

export type ScheduleBooking = BookingStatusFacts & { confirmedAt?: string | null }

/**
 * The texts a confirmed booking gets: the confirmation and deposit link at once, a deposit
 * reminder 48 h later, an event reminder the day before, a balance reminder the day after and a
 * review request two days after. Empty for a booking that is not confirmed.
 */
export function planMessageJobs(booking: ScheduleBooking, timeZone: string): PlannedMessageJob[] {
  if (!booking.confirmedAt || booking.cancelledAt) return []
  const confirmedAt = Date.parse(booking.confirmedAt)
  const at = (ms: number) => new Date(ms).toISOString()
  const jobs: PlannedMessageJob[] = [{ kind: 'confirmation', dueAt: at(confirmedAt) }]
  if (booking.depositCents > 0) {
    jobs.push({ kind: 'depositLink', dueAt: at(confirmedAt) })
    jobs.push({ kind: 'depositReminder', dueAt: at(confirmedAt + depositReminderDelayMs) })
  }
  jobs.push(
    { kind: 'eventReminder', dueAt: localInstant(addDays(booking.eventDate, -1), reminderClock.eventReminder, timeZone).toISOString() },
    { kind: 'balanceReminder', dueAt: localInstant(addDays(booking.eventDate, 1), reminderClock.balanceReminder, timeZone).toISOString() },
    { kind: 'reviewRequest', dueAt: localInstant(addDays(booking.eventDate, 2), reminderClock.reviewRequest, timeZone).toISOString() },
  )
  return jobs
}

/** Whether a due text goes out now, is dropped (with the reason, for the timeline) or waits. */
export type DueJobDecision = { action: 'send' } | { action: 'skip'; reason: string } | { action: 'wait'; until: string; reason: string }

export function decideDueJob(
  kind: MessageJobKind,
  booking: ScheduleBooking,
  now: Date,
  timeZone: string,
  options: StatusOptions = {},
): DueJobDecision {
  const today = calendarDateInZone(now.toISOString(), timeZone)
  const status = deriveBookingStatus(booking, today, options)
  if (status === 'cancelled') return { action: 'skip', reason: 'the booking was cancelled' }
  const eventOver = booking.eventDate < today
  switch (kind) {
    case 'confirmation':
      if (eventOver) return { action: 'skip', reason: 'the event date has passed' }
      if (booking.confirmedAt && now.getTime() - Date.parse(booking.confirmedAt) > confirmationStaleMs) {
        return { action: 'skip', reason: 'the booking was confirmed more than a day ago' }
      }
      return { action: 'send' }
    case 'depositLink':
    case 'depositReminder':
      if (!isDepositUnpaid(booking)) return { action: 'skip', reason: 'the deposit is already paid' }
      return eventOver ? { action: 'skip', reason: 'the event date has passed' } : { action: 'send' }
    case 'eventReminder':
      // It says "see you tomorrow": on the day itself it would be wrong.
      return booking.eventDate <= today ? { action: 'skip', reason: 'the event is today or over' } : { action: 'send' }
    case 'balanceReminder':
      return isPaidInFull(booking, options) ? { action: 'skip', reason: 'the balance is already paid' } : { action: 'send' }
    case 'reviewRequest': {
      if (isPaidInFull(booking, options)) return { action: 'send' }
      if (addDays(booking.eventDate, reviewWaitLimitDays) < today) {
        return { action: 'skip', reason: `the balance was still open ${reviewWaitLimitDays} days after the event` }
      }
      const tomorrow = localInstant(addDays(today, 1), reminderClock.reviewRequest, timeZone)
      return { action: 'wait', until: tomorrow.toISOString(), reason: 'waiting for the balance to be paid' }
    }
  }
}

/**
 * Moves an instant inside quiet hours (local time, wrapping past midnight when `start` > `end`)
 * to the moment they end; an instant outside them is returned as it is.
 */
export function shiftOutOfQuietHours(instant: Date, quietHours: QuietHours = defaultQuietHours, timeZone: string): Date {
  const start = clockMinutes(quietHours.start)
  const end = clockMinutes(quietHours.end)
  if (start === end) return instant
  const { minutes } = businessTime(instant, timeZone)
  const wraps = start > end
  const inQuiet = wraps ? minutes >= start || minutes < end : minutes >= start && minutes < end
  if (!inQuiet) return instant
  const localDate = calendarDateInZone(instant.toISOString(), timeZone)
  // Late evening of a wrapping window: quiet hours end the next morning.
  const endDate = wraps && minutes >= start ? addDays(localDate, 1) : localDate
  return localInstant(endDate, quietHours.end, timeZone)
}

/** The instant a local wall-clock time occurs on a calendar date in `timeZone`. */
export function localInstant(date: string, clock: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number)
  const [hours, minutes] = clock.split(':').map(Number)
  return new Date(new TZDate(year!, month! - 1, day!, hours!, minutes!, 0, 0, timeZone).getTime())
}

/** `YYYY-MM-DD` plus whole days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10)
}
