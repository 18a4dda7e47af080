/**
 * The payment matcher on a month of activity (100 open bookings, 300 bank transactions) against
 * the floor any fuzzy matcher pays: one fuzzy name comparison for every payer and booking.
 */
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { matchTransactions, matchingOptionsFromSettings } from '../../src/domain/matching'
import { aBooking, aZellePayment } from '../../src/domain/matching/testing/test-support'
import { token_set_ratio } from 'fuzzball'
import type { Benchmark } from './run'

const firstNames = ['Robert', 'Elizabeth', 'Dana', 'Luis', 'Priya', 'Kenji', 'Maya', 'Ana', 'James', 'Grace']
const lastNames = ['Okafor', 'Nguyen', 'Whitfield', 'Garcia', 'Patel', 'Sato', 'Chen', 'Ruiz', 'Smith', 'Park']

export function matchingBenchmark(bookingCount = 100, transactionCount = 300): Benchmark {
  const options = matchingOptionsFromSettings(demoBusinessProfile('2026-11-01T00:00:00.000Z'))
  const bookings = Array.from({ length: bookingCount }, (_, i) =>
    aBooking({
      id: `bk_${i}`,
      customerName: `${firstNames[i % 10]} ${lastNames[Math.floor(i / 10) % 10]}`,
      createdAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T18:00:00.000Z`,
      eventDate: `2026-11-${String(5 + (i % 20)).padStart(2, '0')}`,
      totalCents: 55000 + (i % 30) * 5500,
    }),
  )
  const transactions = Array.from({ length: transactionCount }, (_, i) => {
    const booking = bookings[i % bookingCount]!
    const dollars = i % 3 === 0 ? 100 : (booking.totalCents - 10000) / 100
    return aZellePayment(booking.customerName.toUpperCase(), dollars, booking.eventDate, { transaction_id: `tx_${i}` })
  })

  return {
    name: `payment matching: ${bookingCount} bookings × ${transactionCount} transactions`,
    baseline: {
      name: 'fuzzball token_set_ratio for every payer × booking',
      run: () => {
        for (const transaction of transactions) {
          const payer = transaction.payment_meta?.payer ?? transaction.name ?? ''
          for (const booking of bookings) token_set_ratio(payer, booking.customerName)
        }
      },
    },
    candidate: {
      name: 'matchTransactions',
      run: () => {
        matchTransactions(bookings, transactions, { now: '2026-11-30T12:00:00.000Z', options })
      },
    },
  }
}
