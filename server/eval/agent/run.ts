/**
 * `npm run eval:agent [-- --failures] [--folds N]`: scores the rules brain on the corpus twice.
 *
 * 1. The shipped model (trained on the whole corpus) on every message.
 * 2. Held out: the corpus is split into N folds by a fixed shuffle; for each fold a model is
 *    trained on the other folds and scores only the fold it never saw. This is the number that
 *    says how the agent does on messages it was not tuned on.
 *
 * It prints the held-out intent confusions (which intent was taken for which, most frequent
 * first); `--failures` lists every message with a problem, fold by fold.
 * Exits non-zero when the shipped model or the held-out figures miss a target.
 */
import { parseArgs } from 'node:util'
import { createRulesBrain } from '../../../src/domain/agent/rules-brain'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { createCentroidDistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { createZipcodesDirectory } from '../../../src/domain/geo/zipcodes-directory'
import { loadCorpus, type CorpusEntry } from './corpus'
import { evaluateBrain, formatConfusions, formatFailures, formatReport, summarise, targets, type EvaluationReport } from './evaluate'
import { trainAgentModel } from './model-training'

export interface AgentEvaluation {
  shipped: EvaluationReport
  heldOut: EvaluationReport | null
  /** The held-out report of each fold on its own, in fold order. */
  folds: EvaluationReport[]
}

export async function runAgentEvaluation(options: { folds: number }): Promise<AgentEvaluation> {
  const corpus = loadCorpus()
  const settings = demoBusinessProfile('2026-01-01T00:00:00.000Z')
  const places = createZipcodesDirectory()
  const distance = createCentroidDistanceEstimator(places, settings.baseLocation)
  const shipped = await evaluateBrain(createRulesBrain({ distance, places }), corpus, distance)
  if (options.folds < 2) return { shipped, heldOut: null, folds: [] }

  const foldReports: EvaluationReport[] = []
  for (const fold of foldsOf(corpus, options.folds)) {
    const heldOutIds = new Set(fold.map((entry) => entry.id))
    const model = trainAgentModel(
      corpus.filter((entry) => !heldOutIds.has(entry.id)),
      { timeZone: settings.timeZone, places, defaultState: settings.baseLocation.state },
    )
    foldReports.push(await evaluateBrain(createRulesBrain({ distance, places, model }), fold, distance))
  }
  return { shipped, heldOut: summarise(foldReports.flatMap((report) => report.outcomes)), folds: foldReports }
}

/** A fixed shuffle (by a hash of the id), so every run holds out the same messages. */
function foldsOf(corpus: readonly CorpusEntry[], count: number): CorpusEntry[][] {
  const hash = (text: string) => [...text].reduce((value, char) => (Math.imul(value, 31) + char.charCodeAt(0)) >>> 0, 7)
  const shuffled = [...corpus].sort((a, b) => hash(a.id) - hash(b.id) || a.id.localeCompare(b.id))
  return Array.from({ length: count }, (_, fold) => shuffled.filter((_, index) => index % count === fold))
}

export function missedTargets(report: EvaluationReport): string[] {
  const missed: string[] = []
  if (report.intentAccuracy < targets.intentAccuracy) missed.push('intent accuracy')
  if (report.escalationRecall < targets.escalationRecall) missed.push('escalation recall')
  if (report.falseEscalationRate > targets.falseEscalationRate) missed.push('false-escalation rate')
  if (report.quoteExactness < targets.quoteExactness) missed.push('quote exactness')
  return missed
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { failures: { type: 'boolean', default: false }, folds: { type: 'string', default: '5' } } })
  const folds = Number(values.folds)
  if (!Number.isInteger(folds) || folds < 0) throw new Error(`--folds must be a whole number, got "${values.folds}"`)
  const { shipped, heldOut, folds: foldReports } = await runAgentEvaluation({ folds })
  const times = shipped.outcomes.map((outcome) => outcome.elapsedMs).sort((a, b) => a - b)
  process.stdout.write(`${formatReport('Rules brain, shipped model, whole corpus', shipped)}\n`)
  process.stdout.write(`  time per message       p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms (npm run bench measures it properly)\n`)
  if (heldOut) {
    process.stdout.write(`\n${formatReport(`Rules brain, held out (${folds}-fold: each message scored by a model that never saw it)`, heldOut)}\n`)
    process.stdout.write(`  intent accuracy per fold ${foldReports.map((report) => `${(report.intentAccuracy * 100).toFixed(1)}%`).join(', ')}\n`)
    process.stdout.write(`\nHeld-out intent confusions (labelled → given: count):\n${formatConfusions(heldOut)}\n`)
  }
  if (values.failures) {
    process.stdout.write(`\nShipped model, messages with a problem:\n${formatFailures(shipped, 400)}\n`)
    foldReports.forEach((report, index) => {
      process.stdout.write(`\nHeld out, fold ${index + 1} of ${folds}, messages with a problem:\n${formatFailures(report, 400)}\n`)
    })
  }
  const missed = [...missedTargets(shipped).map((target) => `${target} (shipped)`), ...(heldOut === null ? [] : missedTargets(heldOut).map((target) => `${target} (held out)`))]
  if (missed.length > 0) {
    process.stderr.write(`Targets missed: ${missed.join(', ')}\n`)
    return 1
  }
  return 0
}

if (process.argv[1]?.endsWith('run.ts')) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
