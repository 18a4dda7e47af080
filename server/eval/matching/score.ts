/**
 * `npm run eval:match`: scores the matcher on the labelled sets in `labelled/` (a dev part and a
 * held-out part, see synthetic-business.ts), or on any set given with
 * `-- --bookings B.json --transactions T.json --labels L.json [--now ISO]`.
 *
 * Prints, per set: precision of auto-accepts, recall (payments whose line names a payer that were
 * auto-accepted to the right booking), review top-1 (the suggestion was right for payments left
 * for review), money out matched, pending lines counted twice. `--regenerate` rewrites `labelled/`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { matchingOptionsFromSettings, matchTransactions, type MatchBooking, type MatchOutcome, type PlaidTransactionInput } from '../../../src/domain/matching'
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
  recall: number
  recallCustomerNamed: number
  reviewTop1: number
  reviewed: number
  moneyOutMatched: number
  pendingDoubleCounted: number
  wrongAutoAccepts: { transactionId: string; got: string | null; want: string | null; reasons: string[] }[]
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole)

export function scoreMatches(outcomes: readonly MatchOutcome[], labels: readonly TransactionLabel[]): MatchScores {
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
  const customerNamed = named.filter((label) => label.payer === 'customer' || label.payer === 'nickname')
  const autoRight = (label: TransactionLabel) => {
    const outcome = outcomeOf.get(label.transactionId)
    return outcome?.status === 'auto_accepted' && right(outcome)
  }
  const reviewed = payments.map((label) => outcomeOf.get(label.transactionId)!).filter((outcome) => outcome?.status === 'needs_review')
  const moneyOut = labels.filter((label) => label.kind === 'money_out' && outcomeOf.get(label.transactionId)?.bookingId)
  const doubles = labels.filter(
    (label) => label.replacedBy !== null && outcomeOf.get(label.transactionId)?.bookingId && outcomeOf.get(label.replacedBy)?.bookingId,
  )
  return {
    transactions: outcomes.length,
    autoAccepted: accepted.length,
    precision: ratio(accepted.length - wrongAutoAccepts.length, accepted.length),
    recall: ratio(named.filter(autoRight).length, named.length),
    recallCustomerNamed: ratio(customerNamed.filter(autoRight).length, customerNamed.length),
    reviewTop1: ratio(reviewed.filter(right).length, reviewed.length),
    reviewed: reviewed.length,
    moneyOutMatched: moneyOut.length,
    pendingDoubleCounted: doubles.length,
    wrongAutoAccepts,
  }
}

export function runSet(set: LabelledSet): MatchScores {
  const options = matchingOptionsFromSettings(demoBusinessProfile(set.now))
  return scoreMatches(matchTransactions(set.bookings, set.transactions, { now: set.now, options }), set.labels)
}

/** The labelled sets kept in the repository: generated once, then read back, so they stay fixed. */
export function generatedSets(): LabelledSet[] {
  return [
    { name: 'dev', ...syntheticBusiness({ seed: 19, bookings: 320, split: 'dev', bookingsPerDay: 4 }) },
    { name: 'held-out', ...syntheticBusiness({ seed: 2027, bookings: 320, split: 'held_out', bookingsPerDay: 4 }) },
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
    sets = ['dev', 'held-out'].map((name) => readJson<LabelledSet>(join(labelledDir, `${name}.json`)))
  }
  const percent = (value: number) => value.toFixed(3)
  for (const set of sets) {
    const scores = runSet(set)
    process.stdout.write(
      `${set.name}: ${set.bookings.length} bookings, ${scores.transactions} transactions\n` +
        `  precision (auto-accepts right)      ${percent(scores.precision)}  (${scores.autoAccepted} auto-accepted, target >= 0.99)\n` +
        `  recall (named payers auto-accepted) ${percent(scores.recall)}  (target >= 0.80; customer or nickname only: ${percent(scores.recallCustomerNamed)})\n` +
        `  review top-1                        ${percent(scores.reviewTop1)}  (${scores.reviewed} left for review, target >= 0.90)\n` +
        `  money out matched                   ${scores.moneyOutMatched}  (target 0)\n` +
        `  pending counted twice               ${scores.pendingDoubleCounted}  (target 0)\n`,
    )
    if (values.verbose) for (const wrong of scores.wrongAutoAccepts) process.stdout.write(`  WRONG ${JSON.stringify(wrong)}\n`)
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main()
