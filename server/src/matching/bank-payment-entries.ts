/**
 * The timeline entries a booking's bank money calls for now (src/domain/payments/bank-payment-timeline):
 * "received" for each payment that counts on it, a reversal for each that stopped counting. The
 * matcher adds them (payment-matching.ts, `recordBankMoneyOnTimeline`) in the transaction that
 * moves the money, so an accept undone a moment later still shows both; the booking loop runs the
 * same step for bookings from before this rule.
 */
import type { PlaidTransactionInput } from '../../../src/domain/matching/input'
import { paymentRailNames, paymentRailOf } from '../../../src/domain/matching/payment-rail'
import { formatCents } from '../../../src/domain/money'
import type { TimelineAddition } from '../../../src/domain/payments/bank-payment-timeline'
import { railNameOf } from '../../../src/domain/payments/match-explanation'
import type { TimelineEntry, Transaction } from '../../../src/domain/schemas'
import type { PaymentApplication } from '../storage/contracts'
import { matcherName, paymentMatchIdFor } from './payment-matching'

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
