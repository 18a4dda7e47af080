/**
 * How the matcher's cost grows with the data: bookings × transactions at 10× steps (a business
 * taking about 14 bookings a day, two bank lines per booking), against the all-pairs baseline
 * (one fuzzball `token_set_ratio` per payer and booking) on the same data. Past a few million
 * pairs the baseline is timed on a sample of transactions and scaled: its cost is exactly linear
 * in the number of pairs.
 *
 * A small size takes a fraction of a second, so one run of it swings the growth ratio with the
 * machine's noise: after a warm-up run (compiling the code, on data of its own), each size is run
 * several times and the median is reported with the spread, and the first run at each size
 * separately (the word and name memos then start cold for that data's names).
 *
 * Targets (issue #19): 5,000 × 10,000 in under 5 s, and under 15× the time when the data grows 10×.
 * The default run goes from five weeks of that business (500 bookings) to a year (5,000) and a
 * decade (50,000, run once). A payer's namesakes are looked at within a season around each
 * booking, so growth up to a year's data includes those seasons filling up; past a season the
 * cost per transaction is bounded and the growth is linear. The table prints the days each size
 * spans, so both are read for what they are. `MATCHING_SCALE_SIZES=500,5000` picks the sizes
 * (booking counts, comma-separated); `MATCHING_SCALE_RUNS` the runs per size (default 5 below
 * 5,000 bookings, 3 below 50,000, 1 from there).
 */
import { performance } from 'node:perf_hooks'
import { token_set_ratio } from 'fuzzball'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { extractPayerNames, matchingOptionsFromSettings, matchTransactions } from '../../src/domain/matching'
import { syntheticBusiness } from '../eval/matching/synthetic-business'

const defaultSizes = [500, 5_000, 50_000]
/** The baseline's cost is exactly linear in pairs: a sample of transactions against every booking is enough. */
const baselineSampleTransactions = 200
/** Targets of issue #19 at 5,000 × 10,000, and for 10× the data. */
const targetSeconds = 5
const targetGrowth = 15
/** A booking's namesake season: 90 days before its booking to 90 days after its party (candidate-index.ts). */
const seasonDays = 180

interface Timing {
  wall: number
  cpu: number
}

/** Wall-clock seconds, and the CPU seconds the process spent (on a shared machine the two differ). */
function timed(run: () => void): Timing {
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  run()
  const cpu = process.cpuUsage(cpuBefore)
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function positiveIntegers(text: string | undefined): number[] {
  return (text ?? '').split(',').map(Number).filter((value) => Number.isInteger(value) && value > 0)
}

function sizesWanted(): readonly number[] {
  const sizes = positiveIntegers(process.env.MATCHING_SCALE_SIZES)
  return sizes.length > 0 ? sizes : defaultSizes
}

function runsAt(bookingCount: number): number {
  const [runs] = positiveIntegers(process.env.MATCHING_SCALE_RUNS)
  return runs ?? (bookingCount < 5_000 ? 5 : bookingCount < 50_000 ? 3 : 1)
}

function businessOf(bookingCount: number) {
  const business = syntheticBusiness({ seed: bookingCount, bookings: bookingCount, bookingsPerDay: 14, split: 'all' })
  const transactions = business.transactions.slice(0, bookingCount * 2)
  const options = matchingOptionsFromSettings(demoBusinessProfile(business.now))
  return { ...business, transactions, options }
}

interface SizeResult {
  bookings: number
  transactions: number
  /** Days from the first booking to the last party: how much of a season the data fills. */
  days: number
  first: Timing
  wall: number
  cpu: number
  spread: [number, number]
  baseline: number
}

function measure(bookingCount: number): SizeResult {
  const business = businessOf(bookingCount)
  const run = () => matchTransactions(business.bookings, business.transactions, { now: business.now, options: business.options })
  const timings = Array.from({ length: runsAt(bookingCount) }, () => timed(run))
  const walls = timings.map((timing) => timing.wall)

  const sample = business.transactions.slice(0, Math.min(business.transactions.length, baselineSampleTransactions))
  const payers = sample.map((transaction) => extractPayerNames(transaction)[0]?.name ?? transaction.name ?? '')
  const sampleSeconds = median(
    Array.from({ length: 3 }, () =>
      timed(() => {
        for (const payer of payers) for (const booking of business.bookings) token_set_ratio(payer, booking.customerName)
      }).wall,
    ),
  )
  const dayOf = (date: string) => Date.parse(date.slice(0, 10)) / 86_400_000
  const firstDay = Math.min(...business.bookings.map((booking) => dayOf(booking.createdAt)))
  const lastDay = Math.max(...business.bookings.map((booking) => dayOf(booking.eventDate)))
  return {
    bookings: bookingCount,
    transactions: business.transactions.length,
    days: Math.round(lastDay - firstDay),
    first: timings[0]!,
    wall: median(walls),
    cpu: median(timings.map((timing) => timing.cpu)),
    spread: [Math.min(...walls), Math.max(...walls)],
    baseline: (sampleSeconds * business.transactions.length) / sample.length,
  }
}

const seconds = (value: number) => `${value.toFixed(2)} s`

export function matchingScaleCurve(sizes: readonly number[] = sizesWanted()): void {
  process.stdout.write(
    'payment matching at scale (median of several runs after a warm-up; baseline = all-pairs fuzzball token_set_ratio, timed on a sample and scaled)\n',
  )
  // Compiles the matcher's code on data of its own, so the first size is not charged for it.
  const warmUp = businessOf(300)
  matchTransactions(warmUp.bookings, warmUp.transactions, { now: warmUp.now, options: warmUp.options })

  process.stdout.write(
    '  bookings × transactions   days    runs   median wall / cpu      spread (wall)     first run   all-pairs baseline   vs baseline   growth vs previous size (wall / cpu)\n',
  )
  let previous: SizeResult | null = null
  const results: SizeResult[] = []
  for (const bookingCount of sizes) {
    const result = measure(bookingCount)
    results.push(result)
    const estimated = baselineSampleTransactions < result.transactions ? ' (est.)' : ''
    const growth =
      previous === null
        ? ''
        : `${(result.wall / previous.wall).toFixed(1)}× / ${(result.cpu / previous.cpu).toFixed(1)}× for ${(result.bookings / previous.bookings).toFixed(1)}× the bookings, ${(result.transactions / previous.transactions).toFixed(1)}× the transactions`
    process.stdout.write(
      `  ${`${result.bookings.toLocaleString('en-US')} × ${result.transactions.toLocaleString('en-US')}`.padEnd(24)}` +
        `  ${result.days.toLocaleString('en-US').padStart(5)}` +
        `  ${String(runsAt(bookingCount)).padStart(4)}` +
        `   ${`${seconds(result.wall)} / ${seconds(result.cpu)}`.padEnd(20)}` +
        `   ${`${result.spread[0].toFixed(2)}–${result.spread[1].toFixed(2)} s`.padEnd(16)}` +
        `  ${seconds(result.first.wall).padStart(9)}` +
        `   ${`${result.baseline.toFixed(1)} s${estimated}`.padStart(18)}` +
        `   ${(result.wall / result.baseline).toFixed(3).padStart(11)}` +
        `   ${growth}\n`,
    )
    previous = result
  }
  const atTarget = results.find((result) => result.bookings === 5_000)
  if (atTarget) {
    process.stdout.write(
      `  target: 5,000 × 10,000 under ${targetSeconds} s: median ${seconds(atTarget.wall)} (${atTarget.wall < targetSeconds ? 'met' : 'NOT met'}); slowest run ${seconds(atTarget.spread[1])}, first run ${seconds(atTarget.first.wall)} (${atTarget.spread[1] < targetSeconds ? 'also under' : 'over'} the target; compare with the machine's load)\n`,
    )
  }
  for (let at = 1; at < results.length; at++) {
    const [small, large] = [results[at - 1]!, results[at]!]
    if (Math.round(large.bookings / small.bookings) !== 10) continue
    const growth = large.wall / small.wall
    process.stdout.write(
      `  target: under ${targetGrowth}× the time for 10× the data (${small.bookings.toLocaleString('en-US')} → ${large.bookings.toLocaleString('en-US')}): ${growth.toFixed(1)}× (${growth < targetGrowth ? 'met' : 'NOT met'})` +
        (small.days < seasonDays ? `; the smaller set spans ${small.days} days, less than a namesake season (${seasonDays}+ days), so this step includes the seasons filling up\n` : '\n'),
    )
  }
}
