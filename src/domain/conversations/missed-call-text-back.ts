/**
 * Missed-call text-back (pure decisions): when a call is missed or goes to voicemail, the relay
 * texts the caller once per number per business day, never to a number that opted out, and never
 * inside quiet hours (it waits until they end). The relay stores the plan and sends it on time.
 */
import { calendarDateInZone } from '../matching/calendar-days'
import { defaultQuietHours, shiftOutOfQuietHours } from '../bookings/message-schedule'
import type { Settings } from '../schemas/settings'

export type TextBackPlan =
  | { action: 'text'; businessDay: string; dueAt: string; text: string }
  | { action: 'skip'; reason: string }

export interface MissedCall {
  /** The caller, E.164; null for hidden numbers. */
  from: string | null
  /** When the call was missed, ISO-8601. */
  at: string
}

const e164 = /^\+[1-9]\d{6,14}$/

export function textBackMessage(settings: Pick<Settings, 'businessName'>): string {
  return `${settings.businessName}: Sorry we missed you, how can we help? Reply here for a quote.`
}

/**
 * What to do about a missed call, learnt of at `now`. `textedToday` says whether this number
 * already has a text-back for the call's business day (the relay keeps one per number per day).
 */
export function planTextBack(
  call: MissedCall,
  settings: Pick<Settings, 'businessName' | 'timeZone' | 'quietHours'>,
  state: { optedOut: boolean; textedToday: boolean; now: Date },
): TextBackPlan {
  if (call.from === null || !e164.test(call.from)) return { action: 'skip', reason: 'The caller’s number is hidden or not a phone number.' }
  if (state.optedOut) return { action: 'skip', reason: 'The caller opted out of texts.' }
  if (state.textedToday) return { action: 'skip', reason: 'This number was already texted back today.' }
  const missedAt = new Date(call.at)
  if (Number.isNaN(missedAt.getTime())) return { action: 'skip', reason: 'The call has no valid time.' }
  // Not before we heard of it: a late or retried event is texted now (quiet hours permitting).
  const earliest = new Date(Math.max(missedAt.getTime(), state.now.getTime()))
  const dueAt = shiftOutOfQuietHours(earliest, settings.quietHours ?? defaultQuietHours, settings.timeZone)
  return { action: 'text', businessDay: businessDayOf(call.at, settings.timeZone), dueAt: dueAt.toISOString(), text: textBackMessage(settings) }
}

/** The business's calendar day of an instant: "once per number per day" counts these. */
export function businessDayOf(instant: string, timeZone: string): string {
  return calendarDateInZone(instant, timeZone)
}
