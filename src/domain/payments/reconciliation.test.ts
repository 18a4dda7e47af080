import { describe, expect, it } from 'vitest'
import type { PaymentMatch, Transaction } from '../schemas'
import { decideMatch, reconciliationQueue } from './reconciliation'

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
