/**
 * The payment ledger on PostgreSQL (the `PaymentLedger` contract in `../contracts.ts`). A
 * transaction's application is one row keyed by the transaction, inserted `ON CONFLICT DO NOTHING`,
 * so of two relays applying the same bank line only one counts it.
 */
import type { PaymentApplication, PaymentLedger } from '../contracts'
import { toApplication, type ApplicationRow } from '../payment-ledger'
import { durably, inTransaction, type PostgresDatabase } from './postgres-database'

export class PostgresPaymentLedger implements PaymentLedger {
  constructor(private readonly db: PostgresDatabase) {}

  async upsertLines(lines: { transactionId: string; body: string }[], receivedAt: string): Promise<void> {
    if (lines.length === 0) return
    await inTransaction(this.db, async (client) => {
      await client.query(
        `INSERT INTO plaid_raw_transactions (transaction_id, body, removed, received_at)
         SELECT id, body, FALSE, $3 FROM unnest($1::text[], $2::text[]) AS line(id, body)
         ON CONFLICT (transaction_id) DO UPDATE SET body = excluded.body, removed = FALSE, received_at = excluded.received_at`,
        [lines.map((line) => line.transactionId), lines.map((line) => line.body), receivedAt],
      )
    })
  }

  async markRemoved(transactionId: string): Promise<void> {
    await durably(this.db, 'UPDATE plaid_raw_transactions SET removed = TRUE WHERE transaction_id = $1', [transactionId])
  }

  async line(transactionId: string): Promise<{ body: string; removed: boolean } | null> {
    const { rows } = await this.db.sql.query<{ body: string; removed: boolean }>('SELECT body, removed FROM plaid_raw_transactions WHERE transaction_id = $1', [
      transactionId,
    ])
    return rows[0] ? { body: rows[0].body, removed: rows[0].removed } : null
  }

  async applicationOf(transactionId: string): Promise<PaymentApplication | null> {
    const { rows } = await this.db.sql.query<ApplicationRow>('SELECT * FROM payment_applications WHERE transaction_id = $1', [transactionId])
    return rows[0] ? toApplication(rows[0]) : null
  }

  async applicationsOf(bookingId: string): Promise<(PaymentApplication & { rawBody: string | null })[]> {
    const { rows } = await this.db.sql.query<ApplicationRow & { raw_body: string | null }>(
      `SELECT a.*, r.body AS raw_body FROM payment_applications a
       LEFT JOIN plaid_raw_transactions r ON r.transaction_id = a.transaction_id WHERE a.booking_id = $1 ORDER BY a.applied_at, a.transaction_id`,
      [bookingId],
    )
    return rows.map((row) => ({ ...toApplication(row), rawBody: row.raw_body }))
  }

  async apply(application: PaymentApplication, appliedAt: string): Promise<boolean> {
    const { rowCount } = await durably(
      this.db,
      `INSERT INTO payment_applications (transaction_id, booking_id, amount_cents, payment_type, status_before, decided_by, applied_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (transaction_id) DO NOTHING`,
      [
        application.transactionId,
        application.bookingId,
        application.amountCents,
        application.paymentType,
        application.statusBefore,
        application.decidedBy,
        appliedAt,
      ],
    )
    return rowCount === 1
  }

  async unapply(transactionId: string): Promise<boolean> {
    const { rowCount } = await durably(this.db, 'DELETE FROM payment_applications WHERE transaction_id = $1', [transactionId])
    return rowCount === 1
  }
}
