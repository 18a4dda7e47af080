/**
 * Scores an agent brain on the labelled corpus: intent accuracy, entity accuracy, escalation
 * recall, false-escalation rate, follow-up agreement and quote exactness. A quote is exact when it
 * equals the quote of what the customer actually asked (the labelled entities, priced by our
 * pricing rules), so a wrong count, place or split shows up here.
 */
import type { AgentBrain, AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import type { AgentEntities, AgentResult } from '../../../src/domain/agent/agent-result'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import type { DistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { buildQuote, type Quote } from '../../../src/domain/pricing/quote'
import { faqsOf, type Booking, type Package } from '../../../src/domain/schemas'
import { corpusNow, type CorpusEntry } from './corpus'

export const targets = {
  intentAccuracy: 0.95,
  escalationRecall: 0.98,
  falseEscalationRate: 0.03,
  quoteExactness: 1,
} as const

/** The demo business as the relay knows it on the corpus's "now": FAQs, a package and a calendar. */
export function corpusKnowledge(): AgentKnowledge {
  const settings = demoBusinessProfile(corpusNow)
  const packages: Package[] = [
    {
      id: 'pkg_holiday',
      updatedAt: corpusNow,
      name: 'Holiday Feast',
      description: 'Filet mignon and lobster tail for every adult, fried rice, noodles and the onion volcano.',
      pricePerAdultCents: 7500,
      pricePerChildCents: 3500,
      validFrom: '2026-11-01',
      validTo: '2026-12-31',
      active: true,
    } as Package,
  ]
  const booked = (eventDate: string, eventTime: string): Pick<Booking, 'eventDate' | 'eventTime' | 'status'> => ({ eventDate, eventTime, status: 'confirmed' })
  // December 19 is full (two lunches, three dinners); December 12 has one dinner left.
  const bookings = [
    ...['12:00', '12:00', '17:00', '17:00', '17:30'].map((time) => booked('2026-12-19', time)),
    ...['17:00', '18:00'].map((time) => booked('2026-12-12', time)),
    booked('2026-11-28', '12:00'),
  ]
  return { settings, faqs: faqsOf(settings), packages, bookings }
}

const entityFields = ['adults', 'kids', 'guestCount', 'date', 'time', 'location', 'zip', 'proteins', 'addOns'] as const

export interface EntryOutcome {
  entry: CorpusEntry
  result: AgentResult
  intentCorrect: boolean
  entityChecks: number
  entityErrors: string[]
  quoteExact: boolean | null
  expectedQuote: Quote | undefined
  followUpCorrect: boolean
  elapsedMs: number
}

export interface EvaluationReport {
  messages: number
  intentAccuracy: number
  entityAccuracy: number
  escalationRecall: number
  falseEscalationRate: number
  followUpAgreement: number
  quoteExactness: number
  quotesChecked: number
  outcomes: EntryOutcome[]
}

export async function evaluateBrain(brain: AgentBrain, entries: readonly CorpusEntry[], distance: DistanceEstimator, knowledge = corpusKnowledge()): Promise<EvaluationReport> {
  const outcomes: EntryOutcome[] = []
  for (const entry of entries) {
    const started = performance.now()
    const result = await brain.respond({ turns: entry.turns, channel: entry.channel, now: corpusNow, knowledge })
    const elapsedMs = performance.now() - started
    const { checks, errors } = compareEntities(entry.entities, result.entities)
    const expectedQuote = await goldQuote(entry, knowledge, distance)
    const quoteExact = expectedQuote === undefined && result.quote === undefined ? null : JSON.stringify(expectedQuote) === JSON.stringify(result.quote)
    outcomes.push({
      entry,
      result,
      intentCorrect: result.intent === entry.intent,
      entityChecks: checks,
      entityErrors: errors,
      quoteExact,
      expectedQuote,
      followUpCorrect: entry.escalate || (result.followUp !== null) === entry.followUp,
      elapsedMs,
    })
  }
  return summarise(outcomes)
}

/** The figures over scored messages (also used to pool the held-out folds). */
export function summarise(outcomes: EntryOutcome[]): EvaluationReport {
  const ratio = (count: number, total: number) => (total === 0 ? 1 : count / total)
  const shouldEscalate = outcomes.filter((outcome) => outcome.entry.escalate)
  const shouldNot = outcomes.filter((outcome) => !outcome.entry.escalate)
  const entityChecks = outcomes.reduce((sum, outcome) => sum + outcome.entityChecks, 0)
  const entityErrors = outcomes.reduce((sum, outcome) => sum + outcome.entityErrors.length, 0)
  const quotes = outcomes.filter((outcome) => outcome.quoteExact !== null)
  return {
    messages: outcomes.length,
    intentAccuracy: ratio(outcomes.filter((outcome) => outcome.intentCorrect).length, outcomes.length),
    entityAccuracy: ratio(entityChecks - entityErrors, entityChecks),
    escalationRecall: ratio(shouldEscalate.filter((outcome) => outcome.result.escalate).length, shouldEscalate.length),
    falseEscalationRate: ratio(shouldNot.filter((outcome) => outcome.result.escalate).length, shouldNot.length),
    followUpAgreement: ratio(shouldNot.filter((outcome) => outcome.followUpCorrect).length, shouldNot.length),
    quoteExactness: ratio(quotes.filter((outcome) => outcome.quoteExact).length, quotes.length),
    quotesChecked: quotes.length,
    outcomes,
  }
}

/** Fields checked where either side has a value: both empty is no evidence either way. */
function compareEntities(gold: Partial<AgentEntities>, found: AgentEntities): { checks: number; errors: string[] } {
  let checks = 0
  const errors: string[] = []
  for (const field of entityFields) {
    const expected = gold[field] ?? (field === 'proteins' || field === 'addOns' ? [] : null)
    const actual = found[field]
    const isEmpty = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0)
    if (isEmpty(expected) && isEmpty(actual)) continue
    checks += 1
    const same =
      Array.isArray(expected) && Array.isArray(actual)
        ? [...expected].sort().join('|') === [...actual].sort().join('|')
        : typeof expected === 'string' && typeof actual === 'string'
          ? expected.toLowerCase() === actual.toLowerCase()
          : expected === actual
    if (!same) errors.push(`${field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
  return { checks, errors }
}

/** The quote of what the customer asked, or undefined when no guest count was given. */
async function goldQuote(entry: CorpusEntry, knowledge: AgentKnowledge, distance: DistanceEstimator): Promise<Quote | undefined> {
  const { guestCount, adults, kids, location, zip } = entry.entities
  if (guestCount === undefined || guestCount === null) return undefined
  const kidCount = kids ?? 0
  const adultCount = adults ?? guestCount - kidCount
  let found = null
  if ((location ?? null) !== null || (zip ?? null) !== null) {
    found = await distance.distanceFromBase({ zip: zip ?? null, city: location ?? null, state: entry.state })
  }
  return buildQuote({ adults: adultCount, kids: kidCount }, found === null ? null : { miles: found.miles, isEstimate: found.isEstimate }, knowledge.settings)
}

export function formatReport(label: string, report: EvaluationReport): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`
  return [
    `${label} (${report.messages} messages)`,
    `  intent accuracy        ${percent(report.intentAccuracy)}   target >= ${percent(targets.intentAccuracy)}`,
    `  entity accuracy        ${percent(report.entityAccuracy)}`,
    `  escalation recall      ${percent(report.escalationRecall)}   target >= ${percent(targets.escalationRecall)}`,
    `  false-escalation rate  ${percent(report.falseEscalationRate)}   target <= ${percent(targets.falseEscalationRate)}`,
    `  follow-up agreement    ${percent(report.followUpAgreement)}`,
    `  quote exactness        ${percent(report.quoteExactness)} of ${report.quotesChecked} quotes   target ${percent(targets.quoteExactness)}`,
  ].join('\n')
}

/**
 * Intent confusions, most frequent first: "pricing → booking_inquiry: 4 (pr10, pr24, …)". The
 * labelled intent is on the left; FAQ topics are not told apart here (a wrong topic shows as a
 * missing answer in the failures).
 */
export function formatConfusions(report: EvaluationReport, limit = 30): string {
  const pairs = new Map<string, string[]>()
  for (const outcome of report.outcomes) {
    if (outcome.intentCorrect) continue
    const key = `${outcome.entry.intent} → ${outcome.result.intent}`
    pairs.set(key, [...(pairs.get(key) ?? []), outcome.entry.id])
  }
  const lines = [...pairs.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([pair, ids]) => `  ${pair}: ${ids.length} (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''})`)
  return lines.length === 0 ? '  none' : lines.slice(0, limit).join('\n')
}

/** The failures, one line each, for tuning and for the CI log. */
export function formatFailures(report: EvaluationReport, limit = 60): string {
  const lines: string[] = []
  for (const outcome of report.outcomes) {
    const problems: string[] = []
    if (!outcome.intentCorrect) problems.push(`intent ${outcome.result.intent} (want ${outcome.entry.intent})`)
    if (outcome.result.escalate !== outcome.entry.escalate) problems.push(`escalate ${outcome.result.escalate} (${outcome.result.escalationReason ?? 'no reason'})`)
    if (!outcome.followUpCorrect) problems.push(`followUp ${JSON.stringify(outcome.result.followUp)}`)
    if (outcome.quoteExact === false) problems.push(`quote ${outcome.result.quote?.totalCents ?? outcome.result.quote?.subtotalCents ?? 'none'} (want ${outcome.expectedQuote?.totalCents ?? outcome.expectedQuote?.subtotalCents ?? 'none'})`)
    problems.push(...outcome.entityErrors)
    if (problems.length > 0) lines.push(`  ${outcome.entry.id}: ${outcome.entry.turns.at(-1)!.text.slice(0, 70)} — ${problems.join('; ')}`)
  }
  return lines.slice(0, limit).join('\n') + (lines.length > limit ? `\n  … and ${lines.length - limit} more` : '')
}
