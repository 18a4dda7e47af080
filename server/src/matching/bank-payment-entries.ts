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
import type { Booking, TimelineEntry } from '../../../src/domain/schemas'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { BankLines, PaymentApplications } from '../storage/payment-ledger'
import { matcherName, paymentMatchIdFor } from './payment-matching-service'

export function bankTimelineAdditions(db: RelayDatabase, documents: DocumentStore, booking: Pick<Booking, 'id' | 'timeline'>): TimelineAddition[] {
  const counting = new PaymentApplications(db).ofBooking(booking.id).map((row) => {
    const matchId = paymentMatchIdFor(row.transactionId)
    const rail = row.rawBody ? paymentRailNames[paymentRailOf(JSON.parse(row.rawBody) as PlaidTransactionInput)] : railWithoutRawLine(documents, matchId, row.transactionId)
    const who = row.decidedBy && row.decidedBy !== matcherName ? `accepted by ${row.decidedBy}` : 'matched automatically'
    return { matchId, transactionId: row.transactionId, text: `${formatCents(row.amountCents)} received by ${rail} (${row.paymentType.replace(/_/g, ' ')}, ${who}).` }
  })
  return bankPaymentEntries(booking.timeline ?? [], counting, (matchId) => {
    const match = documents.paymentMatches.live(matchId)
    const removed = match !== null && new BankLines(db).isRemoved(match.transactionId)
    return reversalReason(match, booking.id, removed)
  })
}

/** A cash or check payment's method, else the rail the synced transaction reads as. */
function railWithoutRawLine(documents: DocumentStore, matchId: string, transactionId: string): string {
  const manual = documents.get('paymentMatches', matchId)?.manualPayment as { method: string } | null | undefined
  if (manual) return manual.method
  const transaction = documents.transactions.live(transactionId)
  return transaction ? railNameOf(transaction) : 'bank transfer'
}

/** The additions as relay entries at `at`. */
export function asRelayEntries(additions: readonly TimelineAddition[], at: string): TimelineEntry[] {
  return additions.map((addition) => ({ at, actor: 'relay', by: null, ...addition }))
}
