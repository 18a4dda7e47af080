import { describe, expect, it } from 'vitest'
import type { PaymentMatch, Transaction } from '../schemas'
import { decideMatch, nextNeedingDecision, reconciliationQueue, stableOrder, undoDecision } from './reconciliation'

const match = (id: string, status: PaymentMatch['status'], overrides: Partial<PaymentMatch> = {}): PaymentMatch => ({
  id: `pm_${id}`,
  updatedAt: '2026-11-22T10:00:00.000Z',
  transactionId: id,
  bookingId: 'bk_1',
  paymentType: 'deposit',
  confidence: 0.8,
  status,
  reasons: [],
  decidedBy: null,
  decidedAt: null,
  ...overrides,
})

const transaction = (id: string, date: string, amountCents: number): Transaction => ({
  id,
  updatedAt: '2026-11-22T10:00:00.000Z',
  accountId: 'acc',
  amountCents,
  currency: 'USD',
  date,
  authorizedDate: null,
  description: 'Zelle payment',
  merchantName: null,
  counterpartyName: null,
  paymentChannel: 'other',
  pending: false,
  pendingTransactionId: null,
  removed: false,
})

describe('reconciliationQueue', () => {
  const matches = [match('t1', 'auto_accepted'), match('t2', 'ignored'), match('t3', 'unmatched'), match('t4', 'needs_review'), match('t5', 'needs_review')]
  const transactions = new Map([
    ['t4', transaction('t4', '2026-11-10', -10_000)],
    ['t5', transaction('t5', '2026-11-20', -10_000)],
  ])

  it('puts review first (newest first), then unmatched, then auto-accepts, and hides ignored', () => {
    expect(reconciliationQueue(matches, transactions, { showIgnored: false }).map((entry) => entry.match.transactionId)).toEqual([
      't5',
      't4',
      't3',
      't1',
    ])
    expect(reconciliationQueue(matches, transactions, { showIgnored: true }).at(-1)?.match.transactionId).toBe('t2')
  })
})

describe('decideMatch', () => {
  it('records who decided and when, and a re-match changes the booking', () => {
    const decided = decideMatch(match('t1', 'needs_review'), { kind: 're-match', bookingId: 'bk_2', paymentType: 'balance' }, 'Owner laptop', '2026-11-22T11:00:00.000Z')
    expect(decided).toMatchObject({ status: 'accepted', bookingId: 'bk_2', paymentType: 'balance', decidedBy: 'Owner laptop', decidedAt: '2026-11-22T11:00:00.000Z' })
    expect(decideMatch(match('t1', 'auto_accepted'), { kind: 'reject' }, 'Owner', '2026-11-22T11:00:00.000Z').status).toBe('rejected')
  })

  it('refuses to accept a match without a proposed booking', () => {
    expect(() => decideMatch(match('t1', 'unmatched', { bookingId: null, paymentType: null }), { kind: 'accept' }, 'Owner', '2026-11-22T11:00:00.000Z')).toThrow(
      /Re-match/,
    )
  })
})

describe('deciding down the list', () => {
  const rows = (statuses: [string, PaymentMatch['status']][]) => statuses.map(([id, status]) => ({ match: match(id, status) }))

  it('keeps rows where they were when a decision changes their status, and adds new ones after', () => {
    const before = rows([['t1', 'needs_review'], ['t2', 'needs_review'], ['t3', 'unmatched']]).map((row) => row.match.id)
    // After rejecting t1 the queue would sort it among the unmatched.
    const resorted = rows([['t2', 'needs_review'], ['t1', 'rejected'], ['t3', 'unmatched'], ['t4', 'needs_review']])
    expect(stableOrder(before, resorted).map((row) => row.match.transactionId)).toEqual(['t1', 't2', 't3', 't4'])
  })

  it('moves to the next row needing a person below, else above, else none', () => {
    const list = rows([['t1', 'accepted'], ['t2', 'needs_review'], ['t3', 'auto_accepted'], ['t4', 'unmatched']])
    expect(nextNeedingDecision(list, 'pm_t2')?.match.id).toBe('pm_t4')
    expect(nextNeedingDecision(list, 'pm_t4')?.match.id).toBe('pm_t2')
    expect(nextNeedingDecision(rows([['t1', 'accepted']]), 'pm_t1')).toBeNull()
  })

  it('rejecting clears the booking; undo puts the decision back on the match as the relay has it now', () => {
    const proposed = match('t1', 'needs_review', { confidence: 0.55, reasons: ['Booking bk_1:'] })
    const rejected = decideMatch(proposed, { kind: 'reject' }, 'Owner laptop', '2026-11-22T11:00:00.000Z')
    expect(rejected).toMatchObject({ status: 'rejected', bookingId: null, paymentType: null })
    const reread = { ...rejected, confidence: 0.3, reasons: ['Read again for this booking.'] }
    expect(undoDecision(reread, proposed)).toEqual({ ...reread, status: 'needs_review', bookingId: 'bk_1', paymentType: 'deposit', decidedBy: null, decidedAt: null })
  })
})
