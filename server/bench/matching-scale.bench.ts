/**
 * How the matcher's cost grows with the data: bookings × transactions at 10× steps (a business
 * taking about 14 bookings a day, two bank lines per booking), each run once, against the all-pairs
 * baseline (one fuzzball `token_set_ratio` per payer and booking) on the same data. Past a few
 * million pairs the baseline is timed on a sample of transactions and scaled: its cost is exactly
 * linear in the number of pairs.
 *
 * Targets (issue #19): 5,000 × 10,000 in under 5 s, and under 15× the time when the data grows 10×.
 * The default run stops at 5,000 bookings to keep `npm run bench` short; a decade of a busy
 * business is `MATCHING_SCALE_SIZES=500,5000,50000` (booking counts, comma-separated), about
 * a minute and a half more.
 */
import { performance } from 'node:perf_hooks'
import { token_set_ratio } from 'fuzzball'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { extractPayerNames, matchingOptionsFromSettings, matchTransactions } from '../../src/domain/matching'
import { syntheticBusiness } from '../eval/matching/synthetic-business'

const defaultSizes = [500, 5_000]
/** The baseline's cost is exactly linear in pairs: a sample of transactions against every booking is enough. */
const baselineSampleTransactions = 200

/** Wall-clock seconds, and the CPU seconds the process spent (on a shared machine the two differ). */
function timed(run: () => void): { wall: number; cpu: number } {
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  run()
  const cpu = process.cpuUsage(cpuBefore)
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }
}

function sizesWanted(): readonly number[] {
  const sizes = (process.env.MATCHING_SCALE_SIZES ?? '').split(',').map(Number).filter((size) => Number.isInteger(size) && size > 0)
  return sizes.length > 0 ? sizes : defaultSizes
}

export function matchingScaleCurve(sizes: readonly number[] = sizesWanted()): void {
  process.stdout.write('payment matching at scale (one run each; baseline = all-pairs fuzzball token_set_ratio, timed on a sample and scaled)\n')
  process.stdout.write('  bookings × transactions   matchTransactions (wall / cpu)   all-pairs baseline (wall)   ratio   growth vs previous size (wall / cpu)\n')
  let previous: { wall: number; cpu: number } | null = null
  let previousSize = 0
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
    const baseline = (sampleSeconds.wall * transactions.length) / sample.length
    const estimated = sample.length < transactions.length ? ' (est.)' : '       '
    const growth = previous === null ? '' : `${(seconds.wall / previous.wall).toFixed(1)}× / ${(seconds.cpu / previous.cpu).toFixed(1)}× for ${(bookingCount / previousSize).toFixed(0)}× the data`
    process.stdout.write(
      `  ${`${bookingCount.toLocaleString('en-US')} × ${transactions.length.toLocaleString('en-US')}`.padEnd(24)}  ${`${seconds.wall.toFixed(2)} s / ${seconds.cpu.toFixed(2)} s`.padStart(30)}   ${`${baseline.toFixed(1)} s${estimated}`.padStart(25)}   ${(seconds.wall / baseline).toFixed(3).padStart(5)}   ${growth}\n`,
    )
    previous = seconds
    previousSize = bookingCount
  }
}
