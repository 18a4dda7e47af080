/**
 * Whether a payment arrived when that kind of payment is expected: deposits around the day
 * the booking was made, balances around the event date.
 */
import type { PaymentType } from '../schemas/payment-matches'
import { calendarDateInZone, dayNumberOf } from './calendar-days'
import type { MatchBooking } from './input'
import type { DayWindow, MatchingOptions } from './options'

export interface DateFit {
  /** 1 inside the expected window, falling to 0 over the grace days outside it. */
  score: number
  explanation: string
  /**
   * Paid after its window but still in order: a deposit before the party, a balance within
   * a month of it. Late, not wrong: from the customer's own name, for the exact amount, it is theirs.
   */
  lateInOrder?: boolean
}

/** How long after the party a balance is still a late balance rather than a puzzle. */
const lateBalanceDays = 30

type Window = 'deposit' | 'balance' | 'too late for a deposit'

/** A date fit worded only when read; a class without closures, as the amount fits are (amount-fit.ts). */
class WindowFit implements DateFit {
  constructor(
    readonly score: number,
    /** Days after the reference day (the booking date for deposits, the event date otherwise). */
    private readonly offsetDays: number,
    private readonly window: Window,
    readonly lateInOrder = false,
  ) {}

  get explanation(): string {
    if (this.window === 'too late for a deposit') return `paid ${describeOffset(this.offsetDays, 'the event date')}, too late for a deposit`
    const reference = this.window === 'deposit' ? 'the booking date' : 'the event date'
    return `paid ${describeOffset(this.offsetDays, reference)}, ${this.score === 1 ? 'within' : 'outside'} the ${this.window} window`
  }
}

/** "on the event date", "2 days after the booking date". */
function describeOffset(days: number, reference: string): string {
  if (days === 0) return `on ${reference}`
  const count = Math.abs(days) === 1 ? '1 day' : `${Math.abs(days)} days`
  return `${count} ${days > 0 ? 'after' : 'before'} ${reference}`
}

function windowFit(offsetDays: number, window: DayWindow, graceDays: number): number {
  const outsideBy = offsetDays < -window.before ? -window.before - offsetDays : offsetDays > window.after ? offsetDays - window.after : 0
  if (outsideBy === 0) return 1
  return graceDays > 0 ? Math.max(0, 1 - outsideBy / graceDays) : 0
}

/** A booking's reference days as day numbers (days since 1970-01-01), worked out once per booking object. */
interface BookingDays {
  timeZone: string
  bookedOn: number
  eventOn: number
}

const daysByBooking = new WeakMap<MatchBooking, BookingDays>()

function bookingDays(booking: MatchBooking, timeZone: string): BookingDays {
  let days = daysByBooking.get(booking)
  if (days === undefined || days.timeZone !== timeZone) {
    days = { timeZone, bookedOn: dayNumberOf(calendarDateInZone(booking.createdAt, timeZone)), eventOn: dayNumberOf(booking.eventDate) }
    daysByBooking.set(booking, days)
  }
  return days
}

/** A deposit is paid around the booking day; after the party it is no deposit. Returns the score, or -1 after the event. */
function depositScore(paidOn: number, days: { bookedOn: number; eventOn: number }, options: MatchingOptions): number {
  if (paidOn > days.eventOn) return -1
  return windowFit(paidOn - days.bookedOn, options.depositWindowDays, options.dateGraceDays)
}

function balanceScore(paidOn: number, days: { eventOn: number }, options: MatchingOptions): number {
  return windowFit(paidOn - days.eventOn, options.balanceWindowDays, options.dateGraceDays)
}

/**
 * The score `dateFit` gives, as a number only, from the payment days as day numbers: for
 * weighing many bookings before the few worth explaining are picked.
 */
export function dateScore(paymentType: PaymentType | null, paidOnDays: readonly number[], booking: MatchBooking, options: MatchingOptions): number {
  return dateScoreOnDays(paymentType, paidOnDays, bookingDays(booking, options.timeZone), options)
}

/** The same, from the booking's days already worked out (`bookedOn`, `eventOn` as day numbers). */
export function dateScoreOnDays(
  paymentType: PaymentType | null,
  paidOnDays: readonly number[],
  days: { bookedOn: number; eventOn: number },
  options: MatchingOptions,
): number {
  const isDeposit = paymentType === 'deposit'
  const isSettlement = paymentType === 'balance' || paymentType === 'balance_with_tip'
  let best = 0
  for (const paidOn of paidOnDays) {
    if (!isSettlement) best = Math.max(best, depositScore(paidOn, days, options))
    if (!isDeposit) best = Math.max(best, balanceScore(paidOn, days, options))
  }
  return best
}

const noDate: DateFit = { score: 0, explanation: 'no date to compare' }

/**
 * The best date fit over the dates a transaction carries (authorised and posted, and those of
 * the pending transaction it replaced). A full payment may come at booking time or at the event;
 * an unknown payment type takes whichever window fits better.
 */
export function dateFit(
  paymentType: PaymentType | null,
  paidOnDates: readonly string[],
  booking: MatchBooking,
  options: MatchingOptions,
): DateFit {
  const days = bookingDays(booking, options.timeZone)
  const isDeposit = paymentType === 'deposit'
  const isSettlement = paymentType === 'balance' || paymentType === 'balance_with_tip'
  let best: DateFit | null = null
  for (const date of paidOnDates) {
    const paidOn = dayNumberOf(date)
    if (!isSettlement) {
      const score = depositScore(paidOn, days, options)
      const offset = paidOn - days.bookedOn
      const fit = score < 0 ? new WindowFit(0, paidOn - days.eventOn, 'too late for a deposit') : new WindowFit(score, offset, 'deposit', offset > options.depositWindowDays.after)
      if (!best || fit.score > best.score) best = fit
    }
    if (!isDeposit) {
      const offset = paidOn - days.eventOn
      const fit = new WindowFit(balanceScore(paidOn, days, options), offset, 'balance', offset > options.balanceWindowDays.after && offset <= lateBalanceDays)
      if (!best || fit.score > best.score) best = fit
    }
  }
  return best ?? noDate
}
