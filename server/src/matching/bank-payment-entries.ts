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
import type { DocumentQueries, PaymentApplication, PaymentLedger } from '../storage/contracts'
import { matcherName, paymentMatchIdFor } from './payment-matching'

/**
 * The additions through the storage contracts (either engine), read ahead of the booking's write: the
 * function it resolves to gives the additions for the booking's timeline as it stands then (a
 * timeline that moved on in between only has fewer to add; entry ids keep each addition single).
 */
export async function bankTimelineAdditionsFrom(
  storage: { ledger: PaymentLedger; queries: DocumentQueries },
  booking: Pick<Booking, 'id' | 'timeline'>,
): Promise<(timeline: readonly TimelineEntry[]) => TimelineAddition[]> {
  const { ledger, queries } = storage
  const counting = await Promise.all(
    (await ledger.applicationsOf(booking.id)).map(async (row) => {
      if (row.rawBody) return countingPayment(row, railOfLine(row.rawBody))
      const [match, transaction] = await Promise.all([queries.paymentMatches.live(paymentMatchIdFor(row.transactionId)), queries.transactions.live(row.transactionId)])
      return countingPayment(row, railWithoutRawLine(match, transaction))
    }),
  )
  // Why each payment the timeline shows as received may have stopped counting.
  const shown = new Set((booking.timeline ?? []).flatMap((entry) => (entry.kind === 'payment' && entry.ref?.startsWith(matchRefPrefix) ? [entry.ref.slice(matchRefPrefix.length)] : [])))
  const reasons = new Map(
    await Promise.all(
      [...shown].map(async (matchId) => {
        const match = await queries.paymentMatches.live(matchId)
        const removed = match !== null && ((await ledger.line(match.transactionId))?.removed ?? false)
        return [matchId, reversalReason(match, booking.id, removed)] as const
      }),
    ),
  )
  return (timeline) => bankPaymentEntries(timeline, counting, (matchId) => reasons.get(matchId) ?? reversalReason(null, booking.id, false))
}

const matchRefPrefix = 'paymentMatches/'

export function countingPayment(row: Pick<PaymentApplication, 'transactionId' | 'amountCents' | 'paymentType' | 'decidedBy'>, rail: string) {
  const who = row.decidedBy && row.decidedBy !== matcherName ? `accepted by ${row.decidedBy}` : 'matched automatically'
  return { matchId: paymentMatchIdFor(row.transactionId), transactionId: row.transactionId, text: `${formatCents(row.amountCents)} received by ${rail} (${row.paymentType.replace(/_/g, ' ')}, ${who}).` }
}

export function railOfLine(rawBody: string): string {
  return paymentRailNames[paymentRailOf(JSON.parse(rawBody) as PlaidTransactionInput)]
}

/** A cash or check payment's method, else the rail the synced transaction reads as. */
export function railWithoutRawLine(match: { manualPayment?: unknown } | null, transaction: Transaction | null): string {
  const manual = match?.manualPayment as { method: string } | null | undefined
  if (manual) return manual.method
  return transaction ? railNameOf(transaction) : 'bank transfer'
}

/** The additions as relay entries at `at`. */
export function asRelayEntries(additions: readonly TimelineAddition[], at: string): TimelineEntry[] {
  return additions.map((addition) => ({ at, actor: 'relay', by: null, ...addition }))
}
