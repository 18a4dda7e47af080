/**
 * How a booking's Stripe deposit link is described, on the relay's timeline and in the console.
 * A link that closes because the deposit was paid (through another checkout, or by Zelle, Venmo
 * or Cash App) or the booking was cancelled is not "expired": nothing is wrong with it, it is
 * simply no longer needed, and the words say which.
 */
import type { Booking } from '../schemas/bookings'
import { isDepositUnpaid } from './booking-status'

/** Timeline entries of card payments carry this prefix and the Checkout Session id (server/src/providers/stripe). */
export const stripePaymentEntryPrefix = 'pay-stripe-'

type LinkFacts = Pick<Booking, 'depositCents' | 'paidCents' | 'cancelledAt' | 'depositCheckout'> & Partial<Pick<Booking, 'timeline' | 'depositLinkRequestedAt'>>

/** Why the relay withdrew an open link, for the booking's timeline. */
export function withdrawnLinkText(booking: LinkFacts): string {
  if (booking.cancelledAt) return 'Deposit link withdrawn: the booking was cancelled.'
  const link = booking.depositCheckout?.sessionId
  const paidByOtherCheckout = (booking.timeline ?? []).some(
    (entry) => entry.kind === 'payment' && entry.id.startsWith(stripePaymentEntryPrefix) && entry.id !== `${stripePaymentEntryPrefix}${link}`.slice(0, 128),
  )
  return paidByOtherCheckout
    ? 'Deposit link withdrawn: the deposit was paid by card through another Stripe checkout.'
    : 'Deposit link withdrawn: the deposit was paid another way.'
}

/** What the console says about the link: open, paid, closed because it is not needed, or expired. */
export function depositLinkState(booking: LinkFacts): { kind: 'open' | 'paid' | 'closed' | 'expired'; label: string } | null {
  const checkout = booking.depositCheckout
  if (!checkout) return null
  if (checkout.status === 'open') return { kind: 'open', label: 'Sent, waiting for payment' }
  if (checkout.status === 'complete') return { kind: 'paid', label: 'Paid through the link' }
  if (booking.cancelledAt) return { kind: 'closed', label: 'Closed: the booking was cancelled' }
  if (!isDepositUnpaid(booking)) return { kind: 'closed', label: 'Closed: the deposit is paid' }
  if (booking.depositLinkRequestedAt) return { kind: 'expired', label: 'Expired; a new link was asked for and the relay will text it' }
  return { kind: 'expired', label: 'Expired unpaid' }
}
