/**
 * What the relay remembers about Stripe money it applied: the deposit sessions (with their
 * PaymentIntent, so a later charge event finds its booking) and how much of each charge it already
 * took off a booking as refunded.
 */
import type { StripePaymentRecords } from './contracts'
import type { RelayDatabase } from './database'
import type { DocumentStore } from './document-store'

export class StripePaymentStore {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  isSessionApplied(sessionId: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM stripe_applied_sessions WHERE session_id = ?').get(sessionId))
  }

  recordSession(session: { sessionId: string; bookingId: string; amountCents: number; paymentIntent: string | null }): void {
    this.db
      .prepare('INSERT INTO stripe_applied_sessions (session_id, booking_id, amount_cents, applied_at, payment_intent) VALUES (?, ?, ?, ?, ?)')
      .run(session.sessionId, session.bookingId, session.amountCents, this.now().toISOString(), session.paymentIntent)
  }

  /** The booking whose deposit this PaymentIntent paid, if the relay applied it. */
  bookingForPaymentIntent(paymentIntent: string): string | null {
    const row = this.db.prepare('SELECT booking_id FROM stripe_applied_sessions WHERE payment_intent = ? LIMIT 1').get(paymentIntent) as { booking_id: string } | undefined
    return row?.booking_id ?? null
  }

  /** How much of this charge's refunds the relay already took off its booking. */
  refundedSoFar(chargeId: string): number {
    const row = this.db.prepare('SELECT refunded_cents FROM stripe_charge_refunds WHERE charge_id = ?').get(chargeId) as { refunded_cents: number } | undefined
    return row?.refunded_cents ?? 0
  }

  recordRefunded(chargeId: string, bookingId: string, refundedCents: number): void {
    this.db
      .prepare(
        `INSERT INTO stripe_charge_refunds (charge_id, booking_id, refunded_cents, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (charge_id) DO UPDATE SET refunded_cents = MAX(refunded_cents, excluded.refunded_cents), updated_at = excluded.updated_at`,
      )
      .run(chargeId, bookingId, refundedCents, this.now().toISOString())
  }
}

/**
 * The `StripePaymentRecords` contract over the synchronous SQLite store: a payment and its booking
 * written in one SQLite transaction.
 */
export function stripePaymentRecordsOnSqlite(db: RelayDatabase, documents: DocumentStore, store: StripePaymentStore): StripePaymentRecords {
  return {
    applySession: async (session, change) =>
      documents.transaction(() => {
        if (store.isSessionApplied(session.sessionId)) return 'repeat' as const
        const booking = documents.bookings.live(session.bookingId)
        if (!booking) return 'no_booking' as const
        const next = change(booking)
        if (next) documents.put('bookings', next)
        store.recordSession(session)
        return 'applied' as const
      }),
    applyRefund: async ({ chargeId, bookingId, refundedTotalCents }, change) =>
      documents.transaction(() => {
        const booking = documents.bookings.live(bookingId)
        if (!booking) return false
        const next = change(booking, store.refundedSoFar(chargeId))
        if (next) documents.put('bookings', next)
        store.recordRefunded(chargeId, bookingId, refundedTotalCents)
        return true
      }),
    isSessionApplied: async (sessionId) => store.isSessionApplied(sessionId),
    bookingForPaymentIntent: async (paymentIntent) => store.bookingForPaymentIntent(paymentIntent),
    refundedSoFar: async (chargeId) => store.refundedSoFar(chargeId),
  }
}
