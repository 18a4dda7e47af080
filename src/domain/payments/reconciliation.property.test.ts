/**
 * Money is always accounted for: whatever a person does in the queue — accept, reject, undo,
 * re-match, in any order — every bank deposit of the period sits in exactly one of matched,
 * waiting for review, unmatched or ignored, and the report's figures add up to the deposits.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Booking, PaymentMatch, Transaction } from '../schemas'
import { buildReconciliationReport } from './reconciliation-report'
import { accountDeposits, decideMatch, depositState, depositStates, undoDecision, type Decision } from './reconciliation'

const at = '2026-11-22T10:00:00.000Z'
const period = { from: '2026-11-01', to: '2026-11-30' }
const bookingIds = ['bk_a', 'bk_b', 'bk_c'] as const

const booking = (id: string): Booking => ({
  id, updatedAt: at, customerId: null, customerName: `Customer ${id}`, customerPhone: null, customerEmail: null, eventDate: '2026-12-12',
  eventTime: null, adults: 20, kids: 0, address: null, zip: null, subtotalCents: 100000, travelFeeCents: 0, totalCents: 100000,
  depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '', createdAt: at,
})

const statuses: PaymentMatch['status'][] = ['auto_accepted', 'needs_review', 'unmatched', 'ignored', 'accepted', 'rejected']

const depositArb = fc.record({
  cents: fc.integer({ min: -500_000, max: 50_000 }).filter((cents) => cents !== 0),
  day: fc.integer({ min: 25, max: 65 }), // some before, some after November
  removed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  status: fc.constantFrom(...statuses),
  bookingId: fc.option(fc.constantFrom(...bookingIds), { nil: null }),
  hasMatch: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
})

const stepArb = fc.record({
  row: fc.nat(),
  action: fc.constantFrom('accept', 'reject', 'undo', 're-match'),
  bookingId: fc.constantFrom(...bookingIds),
  paymentType: fc.constantFrom('deposit', 'full', 'balance', 'balance_with_tip') as fc.Arbitrary<NonNullable<PaymentMatch['paymentType']>>,
})

function dayOf(offset: number): string {
  return new Date(Date.UTC(2026, 9, offset)).toISOString().slice(0, 10)
}

describe('money is always accounted for', () => {
  it('every deposit is in exactly one state and the report adds up, over random accept / reject / undo / re-match', () => {
    fc.assert(
      fc.property(fc.array(depositArb, { minLength: 1, maxLength: 12 }), fc.array(stepArb, { maxLength: 25 }), (deposits, steps) => {
        const transactions: Transaction[] = deposits.map((deposit, index) => ({
          id: `t${index}`, updatedAt: at, accountId: 'acc', amountCents: deposit.cents, currency: 'USD', date: dayOf(deposit.day),
          authorizedDate: null, description: `ZELLE FROM PAYER ${index}`, merchantName: null, counterpartyName: null, paymentChannel: 'other',
          pending: false, pendingTransactionId: null, removed: deposit.removed,
        }))
        let matches: PaymentMatch[] = deposits.flatMap((deposit, index) =>
          deposit.hasMatch
            ? [{
                id: `pm_t${index}`, updatedAt: at, transactionId: `t${index}`,
                bookingId: deposit.status === 'unmatched' || deposit.status === 'rejected' ? null : deposit.bookingId ?? 'bk_a',
                paymentType: deposit.status === 'unmatched' || deposit.status === 'rejected' ? null : 'deposit',
                confidence: 0.7, status: deposit.status, reasons: [], decidedBy: null, decidedAt: null,
              } satisfies PaymentMatch]
            : [],
        )
        const undo: { before: PaymentMatch }[] = []
        const bookings = bookingIds.map(booking)

        for (const step of steps) {
          if (matches.length === 0) break
          const index = step.row % matches.length
          const current = matches[index]!
          if (step.action === 'undo') {
            const last = undo.pop()
            if (!last) continue
            matches = matches.map((match) => (match.id === last.before.id ? undoDecision(match, last.before) : match))
            const restored = matches.find((match) => match.id === last.before.id)!
            expect([restored.status, restored.bookingId, restored.paymentType]).toEqual([last.before.status, last.before.bookingId, last.before.paymentType])
            continue
          }
          const decision: Decision =
            step.action === 're-match' ? { kind: 're-match', bookingId: step.bookingId, paymentType: step.paymentType } : { kind: step.action as 'accept' | 'reject' }
          let next: PaymentMatch
          try {
            next = decideMatch(current, decision, 'Owner laptop', at)
          } catch {
            // Accepting what proposes no booking is refused; nothing changes.
            expect(current.bookingId === null || current.paymentType === null).toBe(true)
            continue
          }
          undo.push({ before: current })
          matches = matches.map((match) => (match.id === next.id ? next : match))
          if (decision.kind === 'reject') {
            // Rejected money is unmatched again, with no booking named.
            expect(next.bookingId).toBeNull()
            expect(next.paymentType).toBeNull()
            const transaction = transactions.find((t) => t.id === next.transactionId)!
            if (depositState(transaction, next) !== null) expect(depositState(transaction, next)).toBe('unmatched')
          }
        }

        const inPeriod = transactions.filter((t) => !t.removed && t.amountCents < 0 && t.date >= period.from && t.date <= period.to)
        const depositCents = inPeriod.reduce((sum, t) => sum - t.amountCents, 0)
        const account = accountDeposits(transactions, matches, period)
        // Exactly one state each: the states' counts and sums are the deposits'.
        expect(depositStates.reduce((sum, state) => sum + account[state].count, 0)).toBe(inPeriod.length)
        expect(depositStates.reduce((sum, state) => sum + account[state].cents, 0)).toBe(depositCents)
        expect(account.deposits).toEqual({ count: inPeriod.length, cents: depositCents })

        // The report's own figures say the same: matched lines, waiting, and the unmatched list.
        const report = buildReconciliationReport({ matches, transactions, bookings, period, timeZone: 'America/Los_Angeles' })
        const bankLines = report.lines.filter((line) => line.rail !== 'card')
        expect(bankLines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(account.matched.cents)
        expect(report.waitingForReview).toEqual(account.waiting)
        const unmatchedListed = report.unmatched.filter((deposit) => deposit.status !== 'needs_review')
        expect(unmatchedListed.reduce((sum, deposit) => sum + deposit.amountCents, 0)).toBe(account.unmatched.cents)
        expect(report.deposits).toEqual(account)
        expect(account.matched.cents + account.waiting.cents + account.unmatched.cents + account.ignored.cents).toBe(depositCents)
      }),
      { numRuns: 300 },
    )
  })
})
