/**
 * The owner's reconciliation queue and the edits a decision makes to a payment
 * match. Pure, shared by the console (and usable by the relay).
 */
import type { PaymentMatch, PaymentType } from '../schemas/payment-matches'
import type { Transaction } from '../schemas/transactions'

type MatchStatus = PaymentMatch['status']

/** What needs a person first; auto-accepts last, for spot checks; ignored only on request. */
const queueOrder: Record<MatchStatus, number> = {
  needs_review: 0,
  unmatched: 1,
  auto_accepted: 2,
  accepted: 3,
  rejected: 4,
  ignored: 5,
}

export interface QueueEntry {
  match: PaymentMatch
  transaction: Transaction | null
}

/** Matches in queue order (status, then newest transaction first); ignored ones only when asked. */
export function reconciliationQueue(
  matches: readonly PaymentMatch[],
  transactions: ReadonlyMap<string, Transaction>,
  options: { showIgnored: boolean },
): QueueEntry[] {
  return matches
    .filter((match) => options.showIgnored || match.status !== 'ignored')
    .map((match) => ({ match, transaction: transactions.get(match.transactionId) ?? null }))
    .sort(
      (a, b) =>
        queueOrder[a.match.status] - queueOrder[b.match.status] ||
        (b.transaction?.date ?? '').localeCompare(a.transaction?.date ?? '') ||
        a.match.id.localeCompare(b.match.id),
    )
}

export type Decision =
  | { kind: 'accept' }
  | { kind: 'reject' }
  | { kind: 're-match'; bookingId: string; paymentType: PaymentType }

/** The match document after a person's decision (the relay moves the money accordingly). */
export function decideMatch(match: PaymentMatch, decision: Decision, decidedBy: string, decidedAt: string): PaymentMatch {
  const decided = { ...match, decidedBy, decidedAt }
  switch (decision.kind) {
    case 'accept':
      if (!match.bookingId || !match.paymentType) throw new Error('Nothing to accept: this payment has no proposed booking. Use Re-match to pick one.')
      return { ...decided, status: 'accepted' }
    case 'reject':
      return { ...decided, status: 'rejected' }
    case 're-match':
      return { ...decided, status: 'accepted', bookingId: decision.bookingId, paymentType: decision.paymentType }
  }
}

/** Money received by a transaction in positive cents (Plaid's sign: negative is money in). */
export function receivedCents(transaction: Pick<Transaction, 'amountCents'>): number {
  return -transaction.amountCents
}
