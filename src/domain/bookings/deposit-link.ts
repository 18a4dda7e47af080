/**
 * When the relay makes a Stripe deposit link for a booking, when it withdraws one, and how the
 * link is described on the relay's timeline and in the console. Pure, so the relay's booking loop,
 * the write policy's quotas and the console read the same rule. A link that closes because the
 * deposit was paid (through another checkout, or by Zelle, Venmo or Cash App) or the booking was
 * cancelled is not "expired": nothing is wrong with it, it is simply no longer needed.
 */
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { BookingDocument, type Booking } from '../schemas/bookings'
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

export type DepositLinkFacts = Pick<Booking, 'depositCents' | 'paidCents'> &
  Partial<Pick<Booking, 'confirmedAt' | 'cancelledAt' | 'depositCheckout' | 'depositLinkRequestedAt'>>

/** The booking fields `DepositLinkFacts` reads, as a schema (other fields may be there too). */
const DepositLinkFactsSchema = Type.Object({
  depositCents: BookingDocument.properties.depositCents,
  paidCents: BookingDocument.properties.paidCents,
  confirmedAt: BookingDocument.properties.confirmedAt,
  cancelledAt: BookingDocument.properties.cancelledAt,
  depositCheckout: BookingDocument.properties.depositCheckout,
  depositLinkRequestedAt: BookingDocument.properties.depositLinkRequestedAt,
})

/** Whether an untyped booking (a device's edit) has the facts a deposit link depends on, each of its type. */
export function hasDepositLinkFacts(booking: unknown): booking is DepositLinkFacts {
  return Value.Check(DepositLinkFactsSchema, booking)
}

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
