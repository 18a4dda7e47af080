/**
 * What cancelling a party means for its money, under the owner's deposit policy
 * (`settings.depositRefundDays`): cancelled at least that many days ahead, everything paid is
 * owed back; closer to the date the deposit is kept and only what was paid beyond it is owed
 * back. With no policy set, a person decides. Pure: the console shows it before the cancel and
 * the relay records it on the timeline once the cancel is accepted.
 */
import { formatCents } from '../money'
import type { Booking } from '../schemas/bookings'
import type { Settings } from '../schemas/settings'
import { daysBetween } from '../matching/calendar-days'

export interface CancellationTerms {
  /** Whole days from the cancellation date to the party (negative once it has passed). */
  daysBefore: number
  /** What the business keeps under the policy. */
  keptCents: number
  /** What is owed back to the customer; refunds are made by a person (Stripe or the bank). */
  refundCents: number
  /** False when the settings hold no policy: the owner decides what to refund. */
  policySet: boolean
  /** The outcome in a sentence, for the confirmation prompt and the timeline. */
  text: string
}

export function cancellationTerms(
  booking: Pick<Booking, 'eventDate' | 'paidCents' | 'depositCents'>,
  cancelledOn: string,
  settings: Pick<Settings, 'depositRefundDays'>,
): CancellationTerms {
  const daysBefore = daysBetween(cancelledOn, booking.eventDate)
  const paid = booking.paidCents
  const window = settings.depositRefundDays
  const ahead = daysBefore === 1 ? '1 day' : `${daysBefore} days`
  if (window === null || window === undefined) {
    return {
      daysBefore,
      keptCents: 0,
      refundCents: 0,
      policySet: false,
      text: paid > 0 ? `No deposit policy is set: ${formatCents(paid)} was paid, and what to refund is up to the owner.` : 'Nothing was paid, so nothing is owed back.',
    }
  }
  if (paid === 0) return { daysBefore, keptCents: 0, refundCents: 0, policySet: true, text: 'Nothing was paid, so nothing is owed back.' }
  if (daysBefore >= window) {
    return {
      daysBefore,
      keptCents: 0,
      refundCents: paid,
      policySet: true,
      text: `Cancelled ${ahead} ahead (at least ${window} under the deposit policy): refund the ${formatCents(paid)} paid.`,
    }
  }
  const kept = Math.min(paid, booking.depositCents)
  const refund = paid - kept
  const when = daysBefore < 0 ? 'after the party date' : `${ahead} ahead, inside the ${window}-day window`
  return {
    daysBefore,
    keptCents: kept,
    refundCents: refund,
    policySet: true,
    text: `Cancelled ${when}: the ${formatCents(kept)} deposit is kept under the policy${refund > 0 ? `; refund the other ${formatCents(refund)} paid` : ''}.`,
  }
}
