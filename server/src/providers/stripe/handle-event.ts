/**
 * Applies stored Stripe events.
 *
 * - `checkout.session.completed` (or, for delayed payment methods,
 *   `checkout.session.async_payment_succeeded`) pays the booking's deposit: `paidCents` grows by
 *   the session's `amount_total`, its `depositCheckout` is marked complete, a payment entry goes
 *   on the timeline and the status follows the facts (domain/bookings). The effect is applied
 *   once per Checkout Session, whatever number of events carry it.
 * - `checkout.session.expired` marks the booking's open deposit link expired, so the console can
 *   offer a new one (it sets `depositLinkRequestedAt`; see server/src/bookings).
 * - `charge.refunded` and `charge.dispute.*` take card money back off the booking and alert the
 *   owner of a dispute (charge-events.ts).
 */
import type Stripe from 'stripe'
import { isDepositUnpaid, stripePaymentEntryPrefix, withdrawnLinkText } from '../../../../src/domain/bookings'
import { formatCents } from '../../../../src/domain/money'
import { BookingRecords } from '../../bookings/booking-records'
import type { InboxEvent } from '../../storage/inbox-store'
import type { RelayStorage } from '../../storage/relay-storage'
import type { SmsSender } from '../ringcentral/sms-sender'
import { isRecord } from '../webhook-delivery'
import { chargeEventTypes, handleChargeEvent } from './charge-events'

/** The booking a payment refers to does not exist (yet); retried, then kept as a dead letter. */
export class BookingNotFoundError extends Error {
  constructor(bookingId: string) {
    super(`No booking ${bookingId} for this Stripe payment`)
    this.name = 'BookingNotFoundError'
  }
}

export class UnexpectedStripePayloadError extends Error {
  constructor(what: string) {
    super(`Unexpected Stripe payload: ${what}`)
    this.name = 'UnexpectedStripePayloadError'
  }
}

/** A paid session arrives as `completed`, or later as `async_payment_succeeded` for delayed methods. */
const depositEventTypes: ReadonlySet<string> = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded'])


export interface StripeHandlerDependencies {
  /** Any engine's: the handler works through the storage contracts. */
  storage: RelayStorage
  now?: () => Date
  /** Looks up charges the relay has not seen (refunds and disputes); without it, local facts only. */
  stripe?: Stripe | null
  /** Texts the owner about a dispute; null or absent when RingCentral is not configured. */
  sender?: SmsSender | null
}

export function createStripeEventHandler({ storage, now = () => new Date(), stripe = null, sender = null }: StripeHandlerDependencies) {
  const records = new BookingRecords(storage, now)
  const payments = storage.stripe
  return async function handleStripeEvent(stored: InboxEvent): Promise<void> {
    const event = JSON.parse(stored.body.toString('utf8')) as unknown
    if (!isRecord(event) || typeof event.type !== 'string') throw new UnexpectedStripePayloadError('no event type')
    if (chargeEventTypes.has(event.type)) {
      const object = isRecord(event.data) && isRecord(event.data.object) ? event.data.object : null
      if (!object) throw new UnexpectedStripePayloadError(`${event.type} without data.object`)
      return handleChargeEvent(event.type, object, { records, payments, stripe, sender, now })
    }
    const isPayment = depositEventTypes.has(event.type)
    if (!isPayment && event.type !== 'checkout.session.expired') return
    const session = isRecord(event.data) && isRecord(event.data.object) ? event.data.object : null
    if (!session || typeof session.id !== 'string') throw new UnexpectedStripePayloadError('no checkout session')
    const sessionId = session.id
    const bookingId = bookingIdOf(session)
    if (!bookingId) return // not a Switchboard checkout
    if (!isPayment) {
      // Only the link the booking currently offers: an older session expiring changes nothing.
      await records.update(bookingId, (booking) => {
        if (booking.depositCheckout?.sessionId !== sessionId || booking.depositCheckout.status !== 'open') return null
        // The relay itself expires a link once the deposit is paid another way (server/src/bookings).
        const stillOwed = isDepositUnpaid(booking) && !booking.cancelledAt
        return {
          changes: { depositCheckout: { ...booking.depositCheckout, status: 'expired' } },
          entries: [
            stillOwed
              ? { id: `link-expired-${sessionId}`.slice(0, 128), kind: 'deposit_link', text: 'The deposit link expired unpaid; a new one can be sent.' }
              : {
                  id: `link-withdrawn-${sessionId}`.slice(0, 128),
                  kind: 'deposit_link',
                  text: withdrawnLinkText(booking),
                },
          ],
        }
      })
      return
    }
    // Delayed payment methods complete the session unpaid; their money arrives with a later event.
    if (session.payment_status !== 'paid') return
    const amountCents = typeof session.amount_total === 'number' && Number.isInteger(session.amount_total) ? session.amount_total : 0
    if (await payments.isSessionApplied(sessionId)) return
    const write = await records.changer(bookingId)
    // The session is recorded with the booking's payment in one transaction: applied once, by one relay.
    const outcome = await payments.applySession({ sessionId, bookingId, amountCents, paymentIntent: typeof session.payment_intent === 'string' ? session.payment_intent : null }, (booking) =>
      write(booking, {
        changes: {
          paidCents: booking.paidCents + amountCents,
          depositCheckout:
            booking.depositCheckout?.sessionId === sessionId ? { ...booking.depositCheckout, status: 'complete' } : (booking.depositCheckout ?? null),
        },
        entries: [
          {
            id: `${stripePaymentEntryPrefix}${sessionId}`.slice(0, 128),
            kind: 'payment',
            text: `Deposit of ${formatCents(amountCents)} received by card (Stripe Checkout).`,
            ref: null,
          },
        ],
      }),
    )
    if (outcome === 'no_booking') throw new BookingNotFoundError(bookingId)
    // The status was derived from facts read before the booking's lock: derive it again now
    // (writes nothing when the bank's ledger did not move meanwhile).
    if (outcome === 'applied') await records.update(bookingId)
  }
}

function bookingIdOf(session: Record<string, unknown>): string | null {
  if (typeof session.client_reference_id === 'string' && session.client_reference_id) return session.client_reference_id
  const metadata = isRecord(session.metadata) ? session.metadata : {}
  for (const key of ['bookingId', 'booking_id']) {
    const value = metadata[key]
    if (typeof value === 'string' && value) return value
  }
  return null
}
