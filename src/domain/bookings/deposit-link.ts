/**
 * When the relay makes a Stripe deposit link for a booking, and when it withdraws one. Pure, so
 * the relay's booking loop and the write policy's quotas (what an edit will set off at Stripe)
 * read the same rule.
 */
import type { Booking } from '../schemas/bookings'
import { isDepositUnpaid } from './booking-status'

export type DepositLinkFacts = Pick<Booking, 'depositCents' | 'paidCents'> &
  Partial<Pick<Booking, 'confirmedAt' | 'cancelledAt' | 'depositCheckout' | 'depositLinkRequestedAt'>>

/**
 * The booking wants a link: confirmed, not cancelled, deposit unpaid, and none made yet — or
 * staff asked for a new one after the last expired (`depositLinkRequestedAt`).
 */
export function needsDepositLink(booking: DepositLinkFacts): boolean {
  if (!booking.confirmedAt || booking.cancelledAt || !isDepositUnpaid(booking)) return false
  const offered = booking.depositCheckout
  return !offered || (offered.status === 'expired' && Boolean(booking.depositLinkRequestedAt))
}

/** An open link on a booking whose deposit is no longer owed (paid another way, or cancelled): withdrawn at Stripe. */
export function hasStaleDepositLink(booking: DepositLinkFacts): boolean {
  return booking.depositCheckout?.status === 'open' && (!isDepositUnpaid(booking) || Boolean(booking.cancelledAt))
}
