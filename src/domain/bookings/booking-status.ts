/**
 * A booking's status follows from its facts (when it was quoted, confirmed or cancelled, what was
 * paid, when the event is) instead of being typed by hand. Pure: `today` is the business's
 * calendar date, passed in.
 *
 * Precedence, first match wins:
 * 1. `cancelledAt` set → cancelled (whatever was paid; refunds are a person's decision).
 * 2. paid ≥ total (or a settling balance payment that falls short only by a payment-app fee)
 *    → paid_in_full, even before the event.
 * 3. the event date has passed and the booking was committed (confirmed, or money received)
 *    → completed.
 * 4. money received and the deposit covered → deposit_paid (paying implies confirming; with a
 *    deposit of 0 some money must have arrived). A deposit sent by Zelle, Venmo or Cash App that
 *    falls short only by the app's fee covers it.
 * 5. `confirmedAt` set → confirmed.
 * 6. `quotedAt` set, or a total is known → quoted.
 * 7. otherwise → inquiry.
 */
import type { Booking, BookingStatus } from '../schemas/bookings'

export type BookingStatusFacts = Pick<Booking, 'eventDate' | 'totalCents' | 'depositCents' | 'paidCents'> &
  Partial<Pick<Booking, 'quotedAt' | 'confirmedAt' | 'cancelledAt'>>

export interface StatusOptions {
  /**
   * A balance or full payment was accepted for this booking (domain/payments): a settling payment
   * that misses the total only by a payment app's fee still settles it.
   */
  settlingPaymentReceived?: boolean
}

/** Payment apps keep about 2–3 %; the same allowance domain/payments uses for settling payments. */
const paymentAppFeeAllowance = 0.035

export function deriveBookingStatus(booking: BookingStatusFacts, today: string, options: StatusOptions = {}): BookingStatus {
  if (booking.cancelledAt) return 'cancelled'
  if (isPaidInFull(booking, options)) return 'paid_in_full'
  const hasMoney = booking.paidCents > 0
  const committed = Boolean(booking.confirmedAt) || hasMoney
  if (committed && booking.eventDate < today) return 'completed'
  if (hasMoney && isDepositCovered(booking)) return 'deposit_paid'
  if (committed) return 'confirmed'
  if (booking.quotedAt || booking.totalCents > 0) return 'quoted'
  return 'inquiry'
}

/** What is still owed, never negative. */
export function balanceDueCents(booking: Pick<Booking, 'totalCents' | 'paidCents'>): number {
  return Math.max(0, booking.totalCents - booking.paidCents)
}

export function isPaidInFull(booking: Pick<Booking, 'totalCents' | 'paidCents'>, options: StatusOptions = {}): boolean {
  if (booking.totalCents <= 0 || booking.paidCents <= 0) return false
  if (booking.paidCents >= booking.totalCents) return true
  return Boolean(options.settlingPaymentReceived) && booking.paidCents >= booking.totalCents * (1 - paymentAppFeeAllowance)
}

/** The money received covers the deposit, allowing for a payment app's fee. */
function isDepositCovered(booking: Pick<Booking, 'depositCents' | 'paidCents'>): boolean {
  return booking.paidCents >= booking.depositCents * (1 - paymentAppFeeAllowance)
}

/** The deposit is still owed: something is asked for and clearly less than that has arrived. */
export function isDepositUnpaid(booking: Pick<Booking, 'depositCents' | 'paidCents'>): boolean {
  return booking.depositCents > 0 && !isDepositCovered(booking)
}
