/**
 * The labelled set replayed as the relay lives it: the bank's lines arrive day by day (one
 * matching run per day, as Plaid syncs), each run sees the bookings as the earlier days left them
 * (what was paid), and the owner settles every payment left for review or unmatched the way the
 * labels say it belongs. An owner's acceptance of a payer who is not the customer records "also
 * pays as" on the booking, as the relay does (see known-payers.ts), so that payer's later payments
 * score as a known payer. With `learn: false` the owner's decisions move money but teach nothing:
 * the difference is what learning from the owner is worth.
 */
import {
  extractPayerNames,
  matchingOptionsFromSettings,
  matchTransactions,
  payerToLearn,
  type MatchBooking,
  type MatchOutcome,
  type PlaidTransactionInput,
} from '../../../src/domain/matching'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import type { TransactionLabel } from './synthetic-business'

export interface ReplayResult {
  outcomes: MatchOutcome[]
  /** Matching runs (days with bank lines). */
  runs: number
  /** Payers the owner's decisions taught, over all bookings. */
  learned: number
}

interface ReplayInput {
  now: string
  bookings: readonly MatchBooking[]
  transactions: readonly PlaidTransactionInput[]
  labels: readonly TransactionLabel[]
}

export function replayInDateOrder(set: ReplayInput, { learn }: { learn: boolean }): ReplayResult {
  const options = matchingOptionsFromSettings(demoBusinessProfile(set.now))
  const labelOf = new Map(set.labels.map((label) => [label.transactionId, label]))
  const bookings = new Map(set.bookings.map((booking) => [booking.id, { ...booking, alsoPaysAs: [...(booking.alsoPaysAs ?? [])] }]))
  const days = new Map<string, PlaidTransactionInput[]>()
  for (const transaction of set.transactions) {
    const lines = days.get(transaction.date)
    if (lines) lines.push(transaction)
    else days.set(transaction.date, [transaction])
  }
  const outcomes = new Map<string, MatchOutcome>()
  // What each transaction's match put on its booking, so a posted line can take over its pending one's.
  const applied = new Map<string, { bookingId: string; cents: number }>()
  let learned = 0

  const apply = (transaction: PlaidTransactionInput, bookingId: string) => {
    const booking = bookings.get(bookingId)
    if (!booking) return
    const cents = Math.min(Math.round(Math.abs(transaction.amount) * 100), booking.totalCents - booking.paidCents)
    booking.paidCents += cents
    applied.set(transaction.transaction_id, { bookingId, cents })
  }

  for (const date of [...days.keys()].sort()) {
    const lines = days.get(date)!
    // A posted line replaces its pending one from an earlier day: the relay moves that match here.
    for (const transaction of lines) {
      const pendingId = transaction.pending_transaction_id
      const moved = pendingId ? applied.get(pendingId) : undefined
      if (!pendingId || !moved) continue
      bookings.get(moved.bookingId)!.paidCents -= moved.cents
      applied.delete(pendingId)
      const pending = outcomes.get(pendingId)
      if (pending) outcomes.set(pendingId, { ...pending, bookingId: null, paymentType: null, status: 'ignored', reasons: [`Posted as ${transaction.transaction_id}`] })
    }
    const open = [...bookings.values()]
    const results = matchTransactions(open, lines, { now: `${date}T23:00:00.000Z`, options })
    const byId = new Map(lines.map((transaction) => [transaction.transaction_id, transaction]))
    for (const outcome of results) {
      outcomes.set(outcome.transactionId, outcome)
      const transaction = byId.get(outcome.transactionId)!
      if (outcome.status === 'auto_accepted' && outcome.bookingId) {
        apply(transaction, outcome.bookingId)
        continue
      }
      if (outcome.status === 'ignored') continue
      // The owner settles what was left to them: the labelled booking, accepted or re-matched.
      const truth = labelOf.get(outcome.transactionId)?.bookingId
      if (!truth) continue
      apply(transaction, truth)
      if (!learn) continue
      const booking = bookings.get(truth)!
      const name = payerToLearn(booking.customerName, extractPayerNames(transaction)[0]?.name ?? null, booking.alsoPaysAs)
      if (name) {
        booking.alsoPaysAs.push(name)
        learned++
      }
    }
  }
  return { outcomes: set.transactions.map((transaction) => outcomes.get(transaction.transaction_id)!), runs: days.size, learned }
}
