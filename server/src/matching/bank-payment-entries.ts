/**
 * The timeline entries a booking's bank money calls for now (src/domain/payments/bank-payment-timeline):
 * "received" for each payment that counts on it, a reversal for each that stopped counting. The
 * matcher adds them in the transaction that moves the money, so an accept undone a moment later
 * still shows both; the booking loop adds any missing (bookings from before this rule).
 */
import type { PlaidTransactionInput } from '../../../src/domain/matching/input'
import { paymentRailNames, paymentRailOf } from '../../../src/domain/matching/payment-rail'
import { formatCents } from '../../../src/domain/money'
import { bankPaymentEntries, reversalReason, type TimelineAddition } from '../../../src/domain/payments/bank-payment-timeline'
import { railNameOf } from '../../../src/domain/payments/match-explanation'
import type { Booking, TimelineEntry, Transaction } from '../../../src/domain/schemas'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { matcherName, paymentMatchIdFor } from './payment-matching-service'

export function bankTimelineAdditions(db: RelayDatabase, documents: DocumentStore, booking: Pick<Booking, 'id' | 'timeline'>): TimelineAddition[] {
  const rows = db
    .prepare(
      `SELECT a.transaction_id, a.amount_cents, a.payment_type, a.decided_by, r.body FROM payment_applications a
       LEFT JOIN plaid_raw_transactions r ON r.transaction_id = a.transaction_id WHERE a.booking_id = ? ORDER BY a.applied_at`,
    )
    .all(booking.id) as { transaction_id: string; amount_cents: number; payment_type: string; decided_by: string | null; body: string | null }[]
  const counting = rows.map((row) => {
    const matchId = paymentMatchIdFor(row.transaction_id)
    const rail = row.body ? paymentRailNames[paymentRailOf(JSON.parse(row.body) as PlaidTransactionInput)] : railWithoutRawLine(documents, matchId, row.transaction_id)
    const who = row.decided_by && row.decided_by !== matcherName ? `accepted by ${row.decided_by}` : 'matched automatically'
    return { matchId, transactionId: row.transaction_id, text: `${formatCents(row.amount_cents)} received by ${rail} (${row.payment_type.replace(/_/g, ' ')}, ${who}).` }
  })
  return bankPaymentEntries(booking.timeline ?? [], counting, (matchId) => {
    const match = documents.get('paymentMatches', matchId)
    const transactionId = (match?.transactionId as string | undefined) ?? null
    const removed = transactionId !== null && db.prepare('SELECT 1 FROM plaid_raw_transactions WHERE transaction_id = ? AND removed = 1').get(transactionId) !== undefined
    return reversalReason(match && !match._deleted ? (match as unknown as { status: string; bookingId: string | null; decidedBy: string | null }) : null, booking.id, removed)
  })
}

/** A cash or check payment's method, else the rail the synced transaction reads as. */
function railWithoutRawLine(documents: DocumentStore, matchId: string, transactionId: string): string {
  const manual = documents.get('paymentMatches', matchId)?.manualPayment as { method: string } | null | undefined
  if (manual) return manual.method
  const transaction = documents.get('transactions', transactionId)
  return transaction && !transaction._deleted ? railNameOf(transaction as unknown as Transaction) : 'bank transfer'
}

/** The additions as relay entries at `at`. */
export function asRelayEntries(additions: readonly TimelineAddition[], at: string): TimelineEntry[] {
  return additions.map((addition) => ({ at, actor: 'relay', by: null, ...addition }))
}
