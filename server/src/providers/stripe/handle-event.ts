/**
 * Applies stored Stripe events. `checkout.session.completed` (or, for delayed payment methods,
 * `checkout.session.async_payment_succeeded`) marks the booking's deposit paid:
 * `paidCents` grows by the session's `amount_total` and an early-stage booking becomes
 * `deposit_paid`. The effect is applied once per Checkout Session, whatever number of events
 * carry it.
 */
import type { BookingStatus } from '../../../../src/domain/schemas'
import type { InboxEvent } from '../../inbox/inbox-store'
import type { RelayDatabase } from '../../storage/database'
import type { DocumentStore } from '../../storage/document-store'
import { isRecord } from '../webhook-delivery'

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

/** Statuses a deposit moves forward; later ones (completed, paid in full, cancelled) stay. */
const statusesBeforeDeposit: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['inquiry', 'quoted', 'confirmed'])

export interface StripeHandlerDependencies {
  db: RelayDatabase
  documents: DocumentStore
  now?: () => Date
}

export function createStripeEventHandler({ db, documents, now = () => new Date() }: StripeHandlerDependencies) {
  return async function handleStripeEvent(stored: InboxEvent): Promise<void> {
    const event = JSON.parse(stored.body.toString('utf8')) as unknown
    if (!isRecord(event) || typeof event.type !== 'string') throw new UnexpectedStripePayloadError('no event type')
    if (!depositEventTypes.has(event.type)) return
    const session = isRecord(event.data) && isRecord(event.data.object) ? event.data.object : null
    if (!session || typeof session.id !== 'string') throw new UnexpectedStripePayloadError('no checkout session')
    // Delayed payment methods complete the session unpaid; their money arrives with a later event.
    if (session.payment_status !== 'paid') return
    const bookingId = bookingIdOf(session)
    if (!bookingId) return // not a Switchboard checkout
    const amountCents = typeof session.amount_total === 'number' && Number.isInteger(session.amount_total) ? session.amount_total : 0

    documents.transaction(() => {
      const isApplied = db.prepare('SELECT 1 FROM stripe_applied_sessions WHERE session_id = ?').get(session.id)
      if (isApplied) return
      const booking = documents.get('bookings', bookingId)
      if (!booking || booking._deleted) throw new BookingNotFoundError(bookingId)
      const { _deleted: _ignored, ...fields } = booking
      const status = booking.status as BookingStatus
      documents.put('bookings', {
        ...fields,
        paidCents: (booking.paidCents as number) + amountCents,
        status: statusesBeforeDeposit.has(status) ? 'deposit_paid' : status,
      })
      db.prepare('INSERT INTO stripe_applied_sessions (session_id, booking_id, amount_cents, applied_at) VALUES (?, ?, ?, ?)').run(
        session.id,
        bookingId,
        amountCents,
        now().toISOString(),
      )
    })
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
