/**
 * How the matcher's cost grows with the data: bookings × transactions at 10× steps (a business
 * taking about 14 bookings a day, two bank lines per booking), each run once, against the all-pairs
 * baseline (one fuzzball `token_set_ratio` per payer and booking) on the same data. Past a few
 * million pairs the baseline is timed on a sample of transactions and scaled: its cost is exactly
 * linear in the number of pairs.
 *
 * Targets (issue #19): 5,000 × 10,000 in under 5 s, and under 15× the time when the data grows 10×.
 */
import { performance } from 'node:perf_hooks'
import { token_set_ratio } from 'fuzzball'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { extractPayerNames, matchingOptionsFromSettings, matchTransactions } from '../../src/domain/matching'
import { syntheticBusiness } from '../eval/matching/synthetic-business'

const defaultSizes = [500, 5_000, 50_000]
const baselineSampleTransactions = 2_000

function timed(run: () => void): number {
  const started = performance.now()
  run()
  return (performance.now() - started) / 1000
}

export function matchingScaleCurve(sizes: readonly number[] = defaultSizes): void {
  process.stdout.write('payment matching at scale (one run each; baseline = all-pairs fuzzball token_set_ratio)\n')
  process.stdout.write('  bookings × transactions   matchTransactions   all-pairs baseline   ratio   growth vs previous size\n')
  let previous: number | null = null
  for (const bookingCount of sizes) {
    const business = syntheticBusiness({ seed: bookingCount, bookings: bookingCount, bookingsPerDay: 14, split: 'all' })
    const transactions = business.transactions.slice(0, bookingCount * 2)
    const options = matchingOptionsFromSettings(demoBusinessProfile(business.now))
    const seconds = timed(() => matchTransactions(business.bookings, transactions, { now: business.now, options }))

    const sample = transactions.slice(0, Math.min(transactions.length, baselineSampleTransactions))
    const payers = sample.map((transaction) => extractPayerNames(transaction)[0]?.name ?? transaction.name ?? '')
    const sampleSeconds = timed(() => {
      for (const payer of payers) for (const booking of business.bookings) token_set_ratio(payer, booking.customerName)
    })
    const baseline = (sampleSeconds * transactions.length) / sample.length
    const estimated = sample.length < transactions.length ? ' (est.)' : '       '
    const growth = previous === null ? '' : `${(seconds / previous).toFixed(1)}× for 10× the data`
    process.stdout.write(
      `  ${`${bookingCount.toLocaleString('en-US')} × ${transactions.length.toLocaleString('en-US')}`.padEnd(24)}  ${`${seconds.toFixed(2)} s`.padStart(17)}   ${`${baseline.toFixed(1)} s${estimated}`.padStart(18)}   ${(seconds / baseline).toFixed(3).padStart(5)}   ${growth}\n`,
    )
    previous = seconds
  }
}
