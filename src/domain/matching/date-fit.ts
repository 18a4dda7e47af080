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
    return {
      score: 0,
      get explanation() {
        return `paid ${describeOffset(afterEvent, 'the event date')}, too late for a deposit`
      },
    }
  }
  const offset = daysBetween(bookedOnOf(booking, options.timeZone), paidOn)
  const score = windowFit(offset, options.depositWindowDays, options.dateGraceDays)
  return {
    score,
    // Worded only when read: most date fits are scored and dropped.
    get explanation() {
      return `paid ${describeOffset(offset, 'the booking date')}, ${score === 1 ? 'within' : 'outside'} the deposit window`
    },
  }
}

function balanceDateFit(paidOn: string, booking: MatchBooking, options: MatchingOptions): DateFit {
  const offset = daysBetween(booking.eventDate, paidOn)
  const score = windowFit(offset, options.balanceWindowDays, options.dateGraceDays)
  return {
    score,
    get explanation() {
      return `paid ${describeOffset(offset, 'the event date')}, ${score === 1 ? 'within' : 'outside'} the balance window`
    },
  }
}

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
  let best: DateFit = { score: -1, explanation: '' }
  for (const paidOn of paidOnDates) {
    const fits =
      paymentType === 'deposit'
        ? [depositDateFit(paidOn, booking, options)]
        : paymentType === 'balance' || paymentType === 'balance_with_tip'
          ? [balanceDateFit(paidOn, booking, options)]
          : [depositDateFit(paidOn, booking, options), balanceDateFit(paidOn, booking, options)]
    for (const fit of fits) if (fit.score > best.score) best = fit
  }
  return best.score < 0 ? { score: 0, explanation: 'no date to compare' } : best
}
