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
  // Rejected money is unmatched money: it waits beside the deposits nobody has placed.
  rejected: 1,
  auto_accepted: 2,
  accepted: 3,
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
      // The money goes back to Unmatched: it no longer names a booking or what it paid.
      return { ...decided, status: 'rejected', bookingId: null, paymentType: null }
    case 're-match':
      return { ...decided, status: 'accepted', bookingId: decision.bookingId, paymentType: decision.paymentType }
  }
}

/**
 * Undo: the person's earlier decision put back on the match as it is now (the relay may have
 * re-read it since, and what it found is not the device's to write).
 */
export function undoDecision(current: PaymentMatch, before: PaymentMatch): PaymentMatch {
  const { status, bookingId, paymentType, decidedBy, decidedAt } = before
  return { ...current, status, bookingId, paymentType, decidedBy, decidedAt }
}

/** Money received by a transaction in positive cents (Plaid's sign: negative is money in). */
export function receivedCents(transaction: Pick<Transaction, 'amountCents'>): number {
  return -transaction.amountCents
}

/**
 * Where a bank deposit's money stands: placed on a booking, waiting for a person, placed nowhere
 * (never matched, or a person rejected the proposal), or not a customer payment (a transfer, a
 * payout). Null for what is not a deposit: money out, or a line the bank removed.
 */
export type DepositState = 'matched' | 'waiting' | 'unmatched' | 'ignored'

export const depositStates: readonly DepositState[] = ['matched', 'waiting', 'unmatched', 'ignored']

export function depositState(transaction: Pick<Transaction, 'amountCents' | 'removed'>, match: Pick<PaymentMatch, 'status'> | null): DepositState | null {
  if (transaction.removed || transaction.amountCents >= 0) return null
  switch (match?.status) {
    case 'auto_accepted':
    case 'accepted':
      return 'matched'
    case 'needs_review':
      return 'waiting'
    case 'ignored':
      return 'ignored'
    default:
      // No match document yet, unmatched, or rejected: nobody has placed the money.
      return 'unmatched'
  }
}

export type DepositAccount = Record<DepositState, { count: number; cents: number }> & { deposits: { count: number; cents: number } }

/**
 * Every deposit of the period (inclusive calendar days) in exactly one state; the four states
 * add up to `deposits`.
 */
export function accountDeposits(
  transactions: readonly Transaction[],
  matches: readonly PaymentMatch[],
  period: { from: string; to: string } | null = null,
): DepositAccount {
  const matchOf = new Map(matches.map((match) => [match.transactionId, match]))
  const account = Object.fromEntries([...depositStates, 'deposits'].map((key) => [key, { count: 0, cents: 0 }])) as DepositAccount
  for (const transaction of transactions) {
    if (period && (transaction.date < period.from || transaction.date > period.to)) continue
    const state = depositState(transaction, matchOf.get(transaction.id) ?? null)
    if (!state) continue
    for (const key of [state, 'deposits'] as const) {
      account[key].count++
      account[key].cents += receivedCents(transaction)
    }
  }
  return account
}

/** Statuses a person still has to decide. */
export function needsDecision(match: Pick<PaymentMatch, 'status'>): boolean {
  return match.status === 'needs_review' || match.status === 'unmatched'
}

/**
 * The rows in the order the person first saw them: a decision changes a row's status but does
 * not move it, so the list does not jump under the pointer. New rows join in queue order after.
 */
export function stableOrder<T extends { match: { id: string } }>(previousIds: readonly string[], queue: readonly T[]): T[] {
  const position = new Map(previousIds.map((id, index) => [id, index]))
  const known = queue.filter((entry) => position.has(entry.match.id)).sort((a, b) => position.get(a.match.id)! - position.get(b.match.id)!)
  return [...known, ...queue.filter((entry) => !position.has(entry.match.id))]
}

/** After a decision on `decidedId`: the next row below it that needs a person, else the first above, else none. */
export function nextNeedingDecision<T extends { match: Pick<PaymentMatch, 'id' | 'status'> }>(rows: readonly T[], decidedId: string): T | null {
  const at = rows.findIndex((entry) => entry.match.id === decidedId)
  const open = (entry: T) => entry.match.id !== decidedId && needsDecision(entry.match)
  return rows.slice(at + 1).find(open) ?? rows.slice(0, Math.max(0, at)).find(open) ?? null
}
