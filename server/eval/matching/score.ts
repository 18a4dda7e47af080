/**
 * `npm run eval:match`: scores the matcher on the labelled sets in `labelled/` (a dev part and a
 * held-out part, see synthetic-business.ts), or on any set given with
 * `-- --bookings B.json --transactions T.json --labels L.json [--now ISO]`.
 *
 * Prints, per set: precision of auto-accepts, recall (payments whose line names the customer, under
 * their name, a nickname or an initial, that were auto-accepted to the right booking: the payers a
 * line can identify; a relative, a company or a friend paying for the first time is rightly left for
 * review, and is learned as "also pays as" when the owner accepts it), the same over every named
 * payer and per relation to the customer, review top-1 (the suggestion was right for payments left
 * for review), money out matched, pending lines counted twice; then the same measures with the set
 * replayed day by day as the relay lives it, with and without learning "also pays as" from the
 * owner's decisions (replay.ts). `--regenerate` rewrites `labelled/`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import {
  matchingOptionsFromSettings,
  matchTransactions,
  paymentRailOf,
  type MatchBooking,
  type MatchOutcome,
  type PaymentRail,
  type PlaidTransactionInput,
} from '../../../src/domain/matching'
import { paymentRails } from '../../../src/domain/matching/payment-rail'
import { replayInDateOrder } from './replay'
import { syntheticBusiness, type TransactionLabel } from './synthetic-business'

const labelledDir = join(import.meta.dirname, 'labelled')

interface LabelledSet {
  name: string
  now: string
  bookings: MatchBooking[]
  transactions: PlaidTransactionInput[]
  labels: TransactionLabel[]
}

export interface MatchScores {
  transactions: number
  autoAccepted: number
  precision: number
  /** Payments naming the customer (own name, nickname, initial) auto-accepted to the right booking. */
  recall: number
  /** The same over every payment that names whoever paid, relatives, companies and friends included. */
  recallAllNamed: number
  /** Recall over the named payments of each relation to the customer. */
  byPayer: { payer: TransactionLabel['payer']; payments: number; recall: number }[]
  reviewTop1: number
  reviewed: number
  moneyOutMatched: number
  pendingDoubleCounted: number
  wrongAutoAccepts: { transactionId: string; got: string | null; want: string | null; reasons: string[] }[]
  /** Precision and recall of the transactions that came by each payment rail. */
  byRail: { rail: PaymentRail; payments: number; autoAccepted: number; precision: number; recall: number }[]
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole)

export function scoreMatches(
  outcomes: readonly MatchOutcome[],
  labels: readonly TransactionLabel[],
  railOf: (transactionId: string) => PaymentRail = () => 'bank',
): MatchScores {
  const labelOf = new Map(labels.map((label) => [label.transactionId, label]))
  const outcomeOf = new Map(outcomes.map((outcome) => [outcome.transactionId, outcome]))
  const accepted = outcomes.filter((outcome) => outcome.status === 'auto_accepted')
  const right = (outcome: MatchOutcome) => outcome.bookingId !== null && outcome.bookingId === labelOf.get(outcome.transactionId)?.bookingId
  const wrongAutoAccepts = accepted
    .filter((outcome) => !right(outcome))
    .map((outcome) => ({ transactionId: outcome.transactionId, got: outcome.bookingId, want: labelOf.get(outcome.transactionId)?.bookingId ?? null, reasons: outcome.reasons }))
  // Each payment once: a pending line that later posted is judged by its posted line.
  const payments = labels.filter((label) => label.kind === 'customer_payment' && label.replacedBy === null)
  const named = payments.filter((label) => label.payerNamed)
  const customerNamed = named.filter((label) => label.payer === 'customer' || label.payer === 'nickname' || label.payer === 'couple')
  const autoRight = (label: TransactionLabel) => {
    const outcome = outcomeOf.get(label.transactionId)
    return outcome?.status === 'auto_accepted' && right(outcome)
  }
  const reviewed = payments.map((label) => outcomeOf.get(label.transactionId)!).filter((outcome) => outcome?.status === 'needs_review')
  const moneyOut = labels.filter((label) => label.kind === 'money_out' && outcomeOf.get(label.transactionId)?.bookingId)
  const doubles = labels.filter(
    (label) => label.replacedBy !== null && outcomeOf.get(label.transactionId)?.bookingId && outcomeOf.get(label.replacedBy)?.bookingId,
  )
  const byRail = paymentRails
    .map((rail) => {
      const onRail = (transactionId: string) => railOf(transactionId) === rail
      const railAccepted = accepted.filter((outcome) => onRail(outcome.transactionId))
      const railNamed = customerNamed.filter((label) => onRail(label.transactionId))
      return {
        rail,
        payments: payments.filter((label) => onRail(label.transactionId)).length,
        autoAccepted: railAccepted.length,
        precision: ratio(railAccepted.filter(right).length, railAccepted.length),
        recall: ratio(railNamed.filter(autoRight).length, railNamed.length),
      }
    })
    .filter((entry) => entry.payments > 0 || entry.autoAccepted > 0)
  return {
    byRail,
    transactions: outcomes.length,
    autoAccepted: accepted.length,
    precision: ratio(accepted.length - wrongAutoAccepts.length, accepted.length),
    recall: ratio(customerNamed.filter(autoRight).length, customerNamed.length),
    recallAllNamed: ratio(named.filter(autoRight).length, named.length),
    byPayer: [...new Set(named.map((label) => label.payer))].map((payer) => {
      const theirs = named.filter((label) => label.payer === payer)
      return { payer, payments: theirs.length, recall: ratio(theirs.filter(autoRight).length, theirs.length) }
    }),
    reviewTop1: ratio(reviewed.filter(right).length, reviewed.length),
    reviewed: reviewed.length,
    moneyOutMatched: moneyOut.length,
    pendingDoubleCounted: doubles.length,
    wrongAutoAccepts,
  }
}

function railsOf(set: LabelledSet): (transactionId: string) => PaymentRail {
  const railById = new Map(set.transactions.map((transaction) => [transaction.transaction_id, paymentRailOf(transaction)]))
  return (id) => railById.get(id) ?? 'bank'
}

/** The whole set matched in one run, as a first sync of a year's history is. */
export function runSet(set: LabelledSet): MatchScores {
  const options = matchingOptionsFromSettings(demoBusinessProfile(set.now))
  return scoreMatches(matchTransactions(set.bookings, set.transactions, { now: set.now, options }), set.labels, railsOf(set))
}

/** The set replayed day by day with the owner settling what is left to them (see replay.ts). */
export function replaySet(set: LabelledSet, learn: boolean): MatchScores & { learned: number; runs: number } {
  const replay = replayInDateOrder(set, { learn })
  return { ...scoreMatches(replay.outcomes, set.labels, railsOf(set)), learned: replay.learned, runs: replay.runs }
}

/** The labelled sets kept in the repository: generated once, then read back, so they stay fixed. */
export function generatedSets(): LabelledSet[] {
  return [
    { name: 'dev', ...syntheticBusiness({ seed: 19, bookings: 640, split: 'dev', bookingsPerDay: 4 }) },
    { name: 'held-out', ...syntheticBusiness({ seed: 2027, bookings: 640, split: 'held_out', bookingsPerDay: 4 }) },
    // Households that pay again: what learning from the owner is worth (see `households`).
    { name: 'households-dev', ...syntheticBusiness({ seed: 31, bookings: 320, split: 'dev', bookingsPerDay: 4, households: true }) },
    { name: 'households-held-out', ...syntheticBusiness({ seed: 2029, bookings: 320, split: 'held_out', bookingsPerDay: 4, households: true }) },
  ]
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

function main() {
  const { values } = parseArgs({
    options: {
      bookings: { type: 'string' },
      transactions: { type: 'string' },
      labels: { type: 'string' },
      now: { type: 'string' },
      regenerate: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  })
  let sets: LabelledSet[]
  if (values.bookings && values.transactions && values.labels) {
    sets = [{ name: 'given', now: values.now ?? new Date().toISOString(), bookings: readJson(values.bookings), transactions: readJson(values.transactions), labels: readJson(values.labels) }]
  } else if (values.regenerate) {
    sets = generatedSets()
    mkdirSync(labelledDir, { recursive: true })
    for (const set of sets) writeFileSync(join(labelledDir, `${set.name}.json`), `${JSON.stringify(set)}\n`)
  } else {
    sets = ['dev', 'held-out', 'households-dev', 'households-held-out'].map((name) => readJson<LabelledSet>(join(labelledDir, `${name}.json`)))
  }
  const percent = (value: number) => value.toFixed(3)
  for (const set of sets) {
    const scores = runSet(set)
    process.stdout.write(
      `${set.name}: ${set.bookings.length} bookings, ${scores.transactions} transactions\n` +
        `  precision (auto-accepts right)      ${percent(scores.precision)}  (${scores.autoAccepted} auto-accepted, target >= 0.99)\n` +
        `  recall (customer named, auto-acc.)  ${percent(scores.recall)}  (target >= 0.80; own name, nickname or initial on the line)\n` +
        `  recall over every named payer       ${percent(scores.recallAllNamed)}  (${scores.byPayer.map((entry) => `${entry.payer} ${percent(entry.recall)} of ${entry.payments}`).join(', ')})\n` +
        `  review top-1                        ${percent(scores.reviewTop1)}  (${scores.reviewed} left for review, target >= 0.90)\n` +
        `  money out matched                   ${scores.moneyOutMatched}  (target 0)\n` +
        `  pending counted twice               ${scores.pendingDoubleCounted}  (target 0)\n`,
    )
    process.stdout.write('  per rail                            payments  auto-accepted  precision  recall (customer named)\n')
    for (const rail of scores.byRail) {
      process.stdout.write(
        `    ${rail.rail.padEnd(34)}${String(rail.payments).padStart(8)}  ${String(rail.autoAccepted).padStart(13)}  ${percent(rail.precision).padStart(9)}  ${percent(rail.recall).padStart(6)}\n`,
      )
    }
    // Day by day, as the relay matches each sync, with and without learning from the owner's decisions.
    const daily = replaySet(set, false)
    const learning = replaySet(set, true)
    process.stdout.write(`  replayed day by day (${learning.runs} runs; the owner settles every payment left to them)\n`)
    process.stdout.write('                                      precision  recall (customer named)  recall (every named payer)  review top-1\n')
    for (const [name, replayed] of [
      ['    without learning', daily],
      ['    owner\'s decisions learned', learning],
    ] as const) {
      process.stdout.write(
        `${name.padEnd(38)}${percent(replayed.precision).padStart(9)}  ${percent(replayed.recall).padStart(23)}  ${percent(replayed.recallAllNamed).padStart(26)}  ${percent(replayed.reviewTop1).padStart(12)}\n` +
          `${''.padEnd(38)}(${replayed === learning ? `${learning.learned} payers learned; ` : ''}${replayed.byPayer.map((entry) => `${entry.payer} ${percent(entry.recall)}`).join(', ')}; ${replayed.autoAccepted} auto-accepted, money out ${replayed.moneyOutMatched}, pending twice ${replayed.pendingDoubleCounted})\n`,
      )
    }
    if (values.verbose) for (const wrong of [...scores.wrongAutoAccepts, ...learning.wrongAutoAccepts]) process.stdout.write(`  WRONG ${JSON.stringify(wrong)}\n`)
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main()
