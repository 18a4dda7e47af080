/**
 * One global assignment of transactions to bookings: each transaction goes to at most one
 * booking, and each booking takes at most one deposit and one settling payment (full price or
 * balance, with or without tip) whose amounts together do not exceed what it still owes.
 *
 * Greedy by confidence: the surest pairing is fixed first and constrains the rest. Ties are
 * broken by booking id, transaction position and payment type, never by the order bookings
 * were listed, so the same inputs always give the same answer.
 */
import type { PaymentType } from '../schemas/payment-matches'
import type { Candidate } from './scoring'

export interface TransactionCandidates {
  /** Position of the transaction in the input. */
  transactionIndex: number
  candidates: Candidate[]
}

export type SlotKind = 'deposit' | 'settlement'

/** Which of a booking's payment slots a payment type fills; `full` fills both. */
export function slotsOf(paymentType: PaymentType | null): SlotKind[] {
  switch (paymentType) {
    case 'deposit':
      return ['deposit']
    case 'full':
      return ['deposit', 'settlement']
    case 'balance':
    case 'balance_with_tip':
      return ['settlement']
    default:
      return []
  }
}

interface BookingLedger {
  /** Transaction index holding each filled slot. */
  slots: Map<SlotKind, number>
  appliedCents: number
}

export interface AssignmentResult {
  /** Per transaction index: the assigned candidate, if any. */
  assigned: Map<number, Candidate>
  /** Per transaction index: the first better candidate it could not have, and who held the slot. */
  blocked: Map<number, { candidate: Candidate; heldBy: number | null }>
}

const paymentTypeOrder: Record<string, number> = { deposit: 0, full: 1, balance: 2, balance_with_tip: 3, none: 4 }

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function assignTransactions(
  transactions: readonly TransactionCandidates[],
  minimumConfidence: number,
): AssignmentResult {
  const pool = transactions.flatMap(({ transactionIndex, candidates }) =>
    candidates
      .filter((candidate) => candidate.confidence >= minimumConfidence)
      .map((candidate) => ({ transactionIndex, candidate })),
  )
  pool.sort(
    (a, b) =>
      b.candidate.confidence - a.candidate.confidence ||
      compareIds(a.candidate.booking.id, b.candidate.booking.id) ||
      a.transactionIndex - b.transactionIndex ||
      paymentTypeOrder[a.candidate.paymentType ?? 'none']! - paymentTypeOrder[b.candidate.paymentType ?? 'none']!,
  )

  const ledgers = new Map<string, BookingLedger>()
  const assigned = new Map<number, Candidate>()
  const blocked = new Map<number, { candidate: Candidate; heldBy: number | null }>()

  for (const { transactionIndex, candidate } of pool) {
    if (assigned.has(transactionIndex)) continue
    const booking = candidate.booking
    const ledger = ledgers.get(booking.id) ?? { slots: new Map(), appliedCents: 0 }
    const slots = slotsOf(candidate.paymentType)
    const taken = slots.find((slot) => ledger.slots.has(slot))
    const applied = candidate.amount?.appliedCents ?? 0
    const owed = booking.totalCents - booking.paidCents
    if (taken !== undefined || ledger.appliedCents + applied > owed) {
      if (!blocked.has(transactionIndex)) {
        blocked.set(transactionIndex, { candidate, heldBy: taken !== undefined ? ledger.slots.get(taken)! : null })
      }
      continue
    }
    for (const slot of slots) ledger.slots.set(slot, transactionIndex)
    ledger.appliedCents += applied
    ledgers.set(booking.id, ledger)
    assigned.set(transactionIndex, candidate)
  }
  return { assigned, blocked }
}
