import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dollarsToCents } from '../money'
import type { MatchBooking, PlaidTransactionInput } from './input'
import { matchTransactions, type MatchOutcome } from './match-transactions'
import { aBooking, aZellePayment, demoMatchingOptions } from './testing/test-support'

const now = '2026-12-31T12:00:00.000Z'
const customerNames = ['Robert Smith', 'Jane Smith', 'Rob Smith', 'Elizabeth Chen', 'Maria Garcia', 'Tom Lee']
const payerNames = ['BOB SMITH', 'SMITH ROBERT', 'R SMITH', 'JANE SMITH', 'LIZ CHEN', 'MARIA GARICA', 'TOM LEE', 'ALEX KIM']
const statuses = ['confirmed', 'deposit_paid', 'completed', 'cancelled'] as const

const day = (offset: number) => new Date(Date.UTC(2026, 10, 1) + offset * 86_400_000).toISOString().slice(0, 10)

const bookingArbitrary = (index: number) =>
  fc
    .record({
      name: fc.constantFrom(...customerNames),
      createdDay: fc.integer({ min: 0, max: 20 }),
      leadDays: fc.integer({ min: 2, max: 30 }),
      totalDollars: fc.integer({ min: 110, max: 600 }).map((tens) => tens * 10),
      depositPaid: fc.boolean(),
      status: fc.constantFrom(...statuses),
    })
    .map(
      (drawn): MatchBooking =>
        aBooking({
          id: `bk_${index}`,
          customerName: drawn.name,
          createdAt: `${day(drawn.createdDay)}T19:00:00.000Z`,
          eventDate: day(drawn.createdDay + drawn.leadDays),
          totalCents: drawn.totalDollars * 100,
          depositCents: 10000,
          paidCents: drawn.depositPaid ? 10000 : 0,
          status: drawn.status,
        }),
    )

const bookingsArbitrary = fc
  .integer({ min: 1, max: 6 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => bookingArbitrary(index))))

/** Amounts drawn near the bookings' own figures, so matches, tips and rivals actually happen. */
function transactionsArbitrary(bookings: MatchBooking[]) {
  const figures = bookings.flatMap((booking) => [
    booking.depositCents,
    booking.totalCents,
    booking.totalCents - booking.depositCents,
    Math.round((booking.totalCents - booking.depositCents) * 1.2),
    // The price less PayPal's 3.49 % + $0.49 fee, and a part payment between deposit and balance.
    booking.totalCents - Math.round(booking.totalCents * 0.0349) - 49,
    booking.depositCents + 5000,
  ])
  const transaction = fc.record({
    payer: fc.constantFrom(...payerNames),
    cents: fc.oneof(fc.constantFrom(...figures), fc.integer({ min: 1, max: 400_000 })),
    direction: fc.constantFrom('in', 'in', 'in', 'out'),
    dayOffset: fc.integer({ min: 0, max: 55 }),
    kind: fc.constantFrom('zelle', 'zelle', 'zelle', 'venmo_cashout', 'check'),
    pendingOfPrevious: fc.boolean(),
  })
  return fc.array(transaction, { minLength: 1, maxLength: 8 }).map((drawn) => {
    // As at Plaid: the transaction a posted one replaces is pending, and replaces nothing itself.
    const replacesPrevious: boolean[] = []
    drawn.forEach((entry, index) => {
      replacesPrevious.push(index > 0 && entry.pendingOfPrevious && !replacesPrevious[index - 1])
    })
    return drawn.map((entry, index): PlaidTransactionInput => {
      const dollars = entry.cents / 100
      const overrides: Partial<PlaidTransactionInput> = {
        transaction_id: `tx_${index}`,
        amount: entry.direction === 'out' ? dollars : -dollars,
      }
      if (entry.kind === 'venmo_cashout') {
        Object.assign(overrides, { name: 'VENMO CASHOUT', original_description: 'VENMO CASHOUT PPD ID: 1', counterparties: [{ name: 'Venmo', type: 'payment_app' }] })
      }
      if (entry.kind === 'check') {
        Object.assign(overrides, { name: 'MOBILE DEPOSIT', original_description: 'MOBILE DEPOSIT', counterparties: [] })
      }
      if (replacesPrevious[index]) overrides.pending_transaction_id = `tx_${index - 1}`
      if (replacesPrevious[index + 1]) overrides.pending = true
      return aZellePayment(entry.payer, dollars, day(entry.dayOffset), overrides)
    })
  })
}

const scenario = bookingsArbitrary.chain((bookings) => fc.tuple(fc.constant(bookings), transactionsArbitrary(bookings)))
const run = (bookings: readonly MatchBooking[], transactions: PlaidTransactionInput[]): MatchOutcome[] =>
  matchTransactions(bookings, transactions, { now, options: demoMatchingOptions })

describe('matchTransactions: properties', () => {
  it('answers once per transaction, in input order, with a confidence in 0..1', () => {
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        const outcomes = run(bookings, transactions)
        expect(outcomes.map((outcome) => outcome.transactionId)).toEqual(transactions.map((t) => t.transaction_id))
        for (const outcome of outcomes) {
          expect(outcome.confidence).toBeGreaterThanOrEqual(0)
          expect(outcome.confidence).toBeLessThanOrEqual(1)
          expect(outcome.reasons.length).toBeGreaterThan(0)
          // What the paymentMatches collection can store.
          expect(outcome.reasons.length).toBeLessThanOrEqual(50)
          for (const reason of outcome.reasons) expect(reason.length).toBeLessThanOrEqual(500)
        }
      }),
    )
  })

  it('auto-accepts only at confidence ≥ 0.90, and only with a booking and a payment type', () => {
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        for (const outcome of run(bookings, transactions).filter((o) => o.status === 'auto_accepted')) {
          expect(outcome.confidence).toBeGreaterThanOrEqual(0.9)
          expect(outcome.bookingId).not.toBeNull()
          expect(outcome.paymentType).not.toBeNull()
        }
      }),
    )
  })

  it('always ignores money out, with no booking', () => {
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        run(bookings, transactions).forEach((outcome, index) => {
          if (transactions[index]!.amount > 0) {
            expect(outcome).toMatchObject({ status: 'ignored', bookingId: null, paymentType: null })
          }
        })
      }),
    )
  })

  it('never gives a booking more than one deposit or settlement, nor more than it owes plus a tip', () => {
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        const outcomes = run(bookings, transactions)
        for (const booking of bookings) {
          const mine = outcomes
            .map((outcome, index) => ({ outcome, cents: -dollarsToCents(transactions[index]!.amount) }))
            .filter(({ outcome }) => outcome.bookingId === booking.id && outcome.paymentType !== null)
          const types = mine.map(({ outcome }) => outcome.paymentType)
          const deposits = types.filter((type) => type === 'deposit' || type === 'full').length
          const settlements = types.filter((type) => type !== 'deposit').length
          expect(deposits).toBeLessThanOrEqual(1)
          expect(settlements).toBeLessThanOrEqual(1)
          const received = mine.reduce((sum, { cents }) => sum + cents, 0)
          const owed = booking.totalCents - booking.paidCents
          expect(received).toBeLessThanOrEqual(Math.ceil(owed * 1.5) + 100 * mine.length)
        }
      }),
    )
  })

  it('counts a pending transaction and its posted replacement once', () => {
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        const outcomes = run(bookings, transactions)
        transactions.forEach((transaction, index) => {
          const pendingIndex = transactions.findIndex((t) => t.transaction_id === transaction.pending_transaction_id)
          if (pendingIndex >= 0 && !transaction.pending) {
            expect(outcomes[pendingIndex]).toMatchObject({ status: 'ignored', bookingId: null })
            expect(outcomes[index]!.reasons.join(' ')).toContain(transactions[pendingIndex]!.transaction_id)
          }
        })
      }),
    )
  })

  it('does not depend on the order the bookings are listed in', () => {
    fc.assert(
      fc.property(
        scenario.chain(([bookings, transactions]) =>
          fc.tuple(fc.constant(bookings), fc.shuffledSubarray(bookings, { minLength: bookings.length }), fc.constant(transactions)),
        ),
        ([bookings, shuffled, transactions]) => {
          expect(run(shuffled, transactions)).toEqual(run(bookings, transactions))
        },
      ),
    )
  })

  it('finds by blocking what comparing every booking finds', () => {
    const verdicts = (outcomes: MatchOutcome[]) =>
      outcomes.map(({ transactionId, bookingId, paymentType, confidence, status }) => ({ transactionId, bookingId, paymentType, confidence, status }))
    fc.assert(
      fc.property(scenario, ([bookings, transactions]) => {
        const allPairs = matchTransactions(bookings, transactions, { now, options: demoMatchingOptions, candidateSearch: 'all-pairs' })
        expect(verdicts(run(bookings, transactions))).toEqual(verdicts(allPairs))
      }),
      { numRuns: 300 },
    )
  })
})
