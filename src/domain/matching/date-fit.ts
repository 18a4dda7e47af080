/**
 * Whether a payment arrived when that kind of payment is expected: deposits around the day
 * the booking was made, balances around the event date.
 */
import type { PaymentType } from '../schemas/payment-matches'
import { calendarDateInZone, daysBetween } from './calendar-days'
import type { MatchBooking } from './input'
import type { DayWindow, MatchingOptions } from './options'

export interface DateFit {
  /** 1 inside the expected window, falling to 0 over the grace days outside it. */
  score: number
  explanation: string
}

type Window = 'deposit' | 'balance' | 'too late for a deposit'

/** A date fit worded only when read; a class without closures, as the amount fits are (amount-fit.ts). */
class WindowFit implements DateFit {
  constructor(
    readonly score: number,
    /** Days after the reference day (the booking date for deposits, the event date otherwise). */
    private readonly offsetDays: number,
    private readonly window: Window,
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

/** The local day each booking was made on, worked out once per booking object. */
const bookedOnByBooking = new WeakMap<MatchBooking, string>()

function bookedOnOf(booking: MatchBooking, timeZone: string): string {
  let bookedOn = bookedOnByBooking.get(booking)
  if (bookedOn === undefined) {
    bookedOn = calendarDateInZone(booking.createdAt, timeZone)
    bookedOnByBooking.set(booking, bookedOn)
  }
  return bookedOn
}

function depositDateFit(paidOn: string, booking: MatchBooking, options: MatchingOptions): DateFit {
  const afterEvent = daysBetween(booking.eventDate, paidOn)
  if (afterEvent > 0) {
    return new WindowFit(0, afterEvent, 'too late for a deposit')
  }
  const offset = daysBetween(bookedOnOf(booking, options.timeZone), paidOn)
  const score = windowFit(offset, options.depositWindowDays, options.dateGraceDays)
  return new WindowFit(score, offset, 'deposit')
}

function balanceDateFit(paidOn: string, booking: MatchBooking, options: MatchingOptions): DateFit {
  const offset = daysBetween(booking.eventDate, paidOn)
  const score = windowFit(offset, options.balanceWindowDays, options.dateGraceDays)
  return new WindowFit(score, offset, 'balance')
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
  const isDeposit = paymentType === 'deposit'
  const isSettlement = paymentType === 'balance' || paymentType === 'balance_with_tip'
  let best: DateFit | null = null
  for (const paidOn of paidOnDates) {
    if (!isSettlement) {
      const fit = depositDateFit(paidOn, booking, options)
      if (!best || fit.score > best.score) best = fit
    }
    if (!isDeposit) {
      const fit = balanceDateFit(paidOn, booking, options)
      if (!best || fit.score > best.score) best = fit
    }
  }
  return best ?? noDate
}
