/**
 * The bank side of payment matching: Plaid's transactions as Plaid sent them (kept raw, so a
 * re-match reads exactly what the bank said), and the payment applications — which transaction
 * counts on which booking, for how much, and what the booking's status was before it did.
 */
import type { BookingStatus, PaymentType } from '../../../src/domain/schemas'
import type { PaymentApplication, PaymentLedger } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

export type { PaymentApplication } from './contracts'

export interface ApplicationRow {
  transaction_id: string
  booking_id: string
  amount_cents: number
  payment_type: PaymentType
  status_before: BookingStatus
  decided_by: string | null
}

export const toApplication = (row: ApplicationRow): PaymentApplication => ({
  transactionId: row.transaction_id,
  bookingId: row.booking_id,
  amountCents: row.amount_cents,
  paymentType: row.payment_type,
  statusBefore: row.status_before,
  decidedBy: row.decided_by,
})

/** Plaid transactions as received (`body` is Plaid's JSON), with whether the bank removed them. */
export class BankLines {
  constructor(private readonly db: RelayDatabase) {}

  /** Stores (or replaces, un-removing) each transaction's raw JSON. */
  upsert(lines: { transactionId: string; body: string }[], receivedAt: string): void {
    const upsert = this.db.prepare(
      `INSERT INTO plaid_raw_transactions (transaction_id, body, removed, received_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (transaction_id) DO UPDATE SET body = excluded.body, removed = 0, received_at = excluded.received_at`,
    )
    for (const line of lines) upsert.run(line.transactionId, line.body, receivedAt)
  }

  markRemoved(transactionId: string): void {
    this.db.prepare('UPDATE plaid_raw_transactions SET removed = 1 WHERE transaction_id = ?').run(transactionId)
  }

  /** The raw line, removed or not; null when the relay never received it. */
  get(transactionId: string): { body: string; removed: boolean } | null {
    const row = this.db.prepare('SELECT body, removed FROM plaid_raw_transactions WHERE transaction_id = ?').get(transactionId) as
      | { body: string; removed: number }
      | undefined
    return row ? { body: row.body, removed: row.removed === 1 } : null
  }

  /** The raw JSON of a line the bank has not removed. */
  currentBody(transactionId: string): string | null {
    const line = this.get(transactionId)
    return line && !line.removed ? line.body : null
  }

  isRemoved(transactionId: string): boolean {
    return this.get(transactionId)?.removed === true
  }
}

/** Which bank transaction counts on which booking (at most one booking per transaction). */
export class PaymentApplications {
  constructor(private readonly db: RelayDatabase) {}

  ofTransaction(transactionId: string): PaymentApplication | null {
    const row = this.db.prepare('SELECT * FROM payment_applications WHERE transaction_id = ?').get(transactionId) as ApplicationRow | undefined
    return row ? toApplication(row) : null
  }

  /** What counts on a booking, oldest first, with each transaction's raw line when the relay has it. */
  ofBooking(bookingId: string): (PaymentApplication & { rawBody: string | null })[] {
    const rows = this.db
      .prepare(
        `SELECT a.*, r.body AS raw_body FROM payment_applications a
         LEFT JOIN plaid_raw_transactions r ON r.transaction_id = a.transaction_id WHERE a.booking_id = ? ORDER BY a.applied_at`,
      )
      .all(bookingId) as (ApplicationRow & { raw_body: string | null })[]
    return rows.map((row) => ({ ...toApplication(row), rawBody: row.raw_body }))
  }

  add(application: PaymentApplication, appliedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO payment_applications (transaction_id, booking_id, amount_cents, payment_type, status_before, decided_by, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        application.transactionId,
        application.bookingId,
        application.amountCents,
        application.paymentType,
        application.statusBefore,
        application.decidedBy,
        appliedAt,
      )
  }

  remove(transactionId: string): void {
    this.db.prepare('DELETE FROM payment_applications WHERE transaction_id = ?').run(transactionId)
  }
}

/**
 * The `PaymentLedger` contract over the synchronous SQLite stores. Temporary, until the matching
 * service awaits the contract itself.
 */
export function paymentLedgerOnSqlite(db: RelayDatabase): PaymentLedger {
  const lines = new BankLines(db)
  const applications = new PaymentApplications(db)
  return {
    upsertLines: async (batch, receivedAt) => lines.upsert(batch, receivedAt),
    markRemoved: async (transactionId) => lines.markRemoved(transactionId),
    line: async (transactionId) => lines.get(transactionId),
    applicationOf: async (transactionId) => applications.ofTransaction(transactionId),
    applicationsOf: async (bookingId) => applications.ofBooking(bookingId),
    apply: async (application, appliedAt) =>
      writeTransaction(db, () => {
        if (applications.ofTransaction(application.transactionId)) return false
        applications.add(application, appliedAt)
        return true
      }),
    unapply: async (transactionId) =>
      writeTransaction(db, () => {
        if (!applications.ofTransaction(transactionId)) return false
        applications.remove(transactionId)
        return true
      }),
  }
}
