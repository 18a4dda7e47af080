/**
 * Small provider records on PostgreSQL (contracts in `../contracts.ts`): the STOP list, missed-call
 * text-backs, Stripe's applied sessions and refunds, RingCentral's call sequences and subscription. Each change is one
 * statement that holds when two relays make it at the same moment: an insert that ignores a
 * duplicate, a total that only grows, a sequence that only moves forward.
 */
import type { AppliedStripeSession, BookingWrite, DueTextBack, MissedCallTextBackStore, OptOutList, RingCentralRecords, StoredSubscription, StripePaymentRecords, TelephonyCalls, TelephonyEventOrder, TelephonyEventOutcome } from '../contracts'
import type { Booking, Call } from '../../../../src/domain/schemas'
import type { PostgresDocumentStore } from './postgres-document-store'
import { durably, type PostgresDatabase } from './postgres-database'

export class PostgresOptOutList implements OptOutList {
  constructor(private readonly db: PostgresDatabase) {}

  async has(phone: string): Promise<boolean> {
    return (await this.db.sql.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone])).rowCount === 1
  }

  async add(phone: string, at: Date): Promise<void> {
    await durably(this.db, 'INSERT INTO sms_opt_outs (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [phone, at.toISOString()])
  }

  async remove(phone: string): Promise<void> {
    await durably(this.db, 'DELETE FROM sms_opt_outs WHERE phone = $1', [phone])
  }
}

export class PostgresStripePaymentRecords implements StripePaymentRecords {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly documents: PostgresDocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async applySession(session: AppliedStripeSession, change: (booking: Booking) => BookingWrite | null): Promise<'applied' | 'repeat' | 'no_booking'> {
    let outcome: 'applied' | 'repeat' | 'no_booking' = 'repeat'
    try {
      await this.documents.updateIf(
        'bookings',
        session.bookingId,
        async (client) => {
          // Recorded first, under the booking's lock: a second delivery finds it and writes nothing.
          const { rowCount } = await client.query(
            `INSERT INTO stripe_applied_sessions (session_id, booking_id, amount_cents, applied_at, payment_intent) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (session_id) DO NOTHING`,
            [session.sessionId, session.bookingId, session.amountCents, this.now().toISOString(), session.paymentIntent],
          )
          return rowCount === 1
        },
        (booking) => {
          if (!booking) throw new NoSuchBooking()
          outcome = 'applied'
          return change(booking)
        },
      )
    } catch (error) {
      // Rolled back with the session's record: a booking made later can still take the payment.
      if (error instanceof NoSuchBooking) return 'no_booking'
      throw error
    }
    return outcome
  }

  async applyRefund(
    { chargeId, bookingId, refundedTotalCents }: { chargeId: string; bookingId: string; refundedTotalCents: number },
    change: (booking: Booking, alreadyCountedCents: number) => BookingWrite | null,
  ): Promise<boolean> {
    let alreadyCounted = 0
    try {
      await this.documents.updateIf(
        'bookings',
        bookingId,
        async (client) => {
          const { rows } = await client.query<{ refunded_cents: number }>('SELECT refunded_cents FROM stripe_charge_refunds WHERE charge_id = $1 FOR UPDATE', [chargeId])
          alreadyCounted = rows[0]?.refunded_cents ?? 0
          await client.query(
            `INSERT INTO stripe_charge_refunds (charge_id, booking_id, refunded_cents, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (charge_id) DO UPDATE SET refunded_cents = GREATEST(stripe_charge_refunds.refunded_cents, excluded.refunded_cents), updated_at = excluded.updated_at`,
            [chargeId, bookingId, refundedTotalCents, this.now().toISOString()],
          )
          return true
        },
        (booking) => {
          if (!booking) throw new NoSuchBooking()
          return change(booking, alreadyCounted)
        },
      )
    } catch (error) {
      if (error instanceof NoSuchBooking) return false
      throw error
    }
    return true
  }

  async isSessionApplied(sessionId: string): Promise<boolean> {
    return (await this.db.sql.query('SELECT 1 FROM stripe_applied_sessions WHERE session_id = $1', [sessionId])).rowCount === 1
  }

  async bookingForPaymentIntent(paymentIntent: string): Promise<string | null> {
    const { rows } = await this.db.sql.query<{ booking_id: string }>('SELECT booking_id FROM stripe_applied_sessions WHERE payment_intent = $1 LIMIT 1', [paymentIntent])
    return rows[0]?.booking_id ?? null
  }

  async refundedSoFar(chargeId: string): Promise<number> {
    const { rows } = await this.db.sql.query<{ refunded_cents: number }>('SELECT refunded_cents FROM stripe_charge_refunds WHERE charge_id = $1', [chargeId])
    return rows[0]?.refunded_cents ?? 0
  }

}

/** Telephony events on PostgreSQL: the sequence check-and-set and the call write in one transaction. */
export class PostgresTelephonyCalls implements TelephonyCalls {
  constructor(private readonly documents: PostgresDocumentStore) {}

  async applyEvent(
    { telephonySessionId, sequence, at }: TelephonyEventOrder,
    callId: string,
    change: (current: Call | null) => Omit<Call, 'updatedAt'> | null,
  ): Promise<TelephonyEventOutcome> {
    let outcome: TelephonyEventOutcome = 'stale'
    await this.documents.updateIf(
      'calls',
      callId,
      async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO ringcentral_call_sequences (telephony_session_id, sequence, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (telephony_session_id) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at
           WHERE ringcentral_call_sequences.sequence < excluded.sequence`,
          [telephonySessionId, sequence, at],
        )
        if (rowCount === 1) outcome = 'applied'
        else {
          const { rows } = await client.query<{ sequence: number }>('SELECT sequence FROM ringcentral_call_sequences WHERE telephony_session_id = $1', [telephonySessionId])
          outcome = Number(rows[0]?.sequence) === sequence ? 'repeat' : 'stale'
        }
        return outcome === 'applied'
      },
      (current) => change(current),
    )
    return outcome
  }
}

export class PostgresRingCentralRecords implements RingCentralRecords {
  constructor(private readonly db: PostgresDatabase) {}

  async advanceCallSequence(telephonySessionId: string, sequence: number, at: string): Promise<boolean> {
    // One statement: of two relays applying events of one call at once, the older sequence loses.
    const { rowCount } = await durably(
      this.db,
      `INSERT INTO ringcentral_call_sequences (telephony_session_id, sequence, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (telephony_session_id) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at
       WHERE ringcentral_call_sequences.sequence < excluded.sequence`,
      [telephonySessionId, sequence, at],
    )
    return rowCount === 1
  }

  async subscription(): Promise<StoredSubscription | null> {
    const { rows } = await this.db.sql.query<{ subscription_id: string; address: string; expires_at: string }>(
      'SELECT subscription_id, address, expires_at FROM ringcentral_webhook_subscription WHERE only_row = 1',
    )
    return rows[0] ? { subscriptionId: rows[0].subscription_id, address: rows[0].address, expiresAt: rows[0].expires_at } : null
  }

  async saveSubscription(subscription: StoredSubscription, at: string): Promise<void> {
    await durably(
      this.db,
      `INSERT INTO ringcentral_webhook_subscription (only_row, subscription_id, address, expires_at, updated_at) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (only_row) DO UPDATE SET subscription_id = excluded.subscription_id, address = excluded.address,
         expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [subscription.subscriptionId, subscription.address, subscription.expiresAt, at],
    )
  }
}

export class PostgresMissedCallTextBacks implements MissedCallTextBackStore {
  constructor(private readonly db: PostgresDatabase) {}

  async exists(phone: string, businessDay: string): Promise<boolean> {
    return (await this.db.sql.query('SELECT 1 FROM missed_call_text_backs WHERE phone = $1 AND business_day = $2', [phone, businessDay])).rowCount === 1
  }

  async plan(phone: string, businessDay: string, dueAt: string, at: string): Promise<void> {
    await durably(
      this.db,
      `INSERT INTO missed_call_text_backs (phone, business_day, due_at, status, reason, created_at, updated_at)
       VALUES ($1, $2, $3, 'pending', NULL, $4, $4) ON CONFLICT (phone, business_day) DO NOTHING`,
      [phone, businessDay, dueAt, at],
    )
  }

  async due(now: string): Promise<DueTextBack[]> {
    const { rows } = await this.db.sql.query<{ phone: string; business_day: string; due_at: string }>(
      `SELECT phone, business_day, due_at FROM missed_call_text_backs WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, phone`,
      [now],
    )
    return rows.map((row) => ({ phone: row.phone, businessDay: row.business_day, dueAt: row.due_at }))
  }

  async settle(phone: string, businessDay: string, outcome: { status: 'written' | 'skipped'; reason: string | null }, at: string): Promise<boolean> {
    const { rowCount } = await durably(
      this.db,
      `UPDATE missed_call_text_backs SET status = $1, reason = $2, updated_at = $3 WHERE phone = $4 AND business_day = $5 AND status = 'pending'`,
      [outcome.status, outcome.reason, at, phone, businessDay],
    )
    return rowCount === 1
  }
}

/** Thrown inside a write to roll it back: the booking a Stripe payment names is not there. */
class NoSuchBooking extends Error {}
