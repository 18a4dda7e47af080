/**
 * The agent's targets on its labelled corpus, asserted in CI: intent accuracy, escalation recall,
 * false escalations and exact quotes, both for the shipped model on every message and held out
 * (5-fold: each message scored by a model trained without it, the figure that predicts unseen
 * texts), and that the committed model is the one the corpus trains (so nobody edits the corpus
 * and forgets `npm run train:agent`). `npm run eval:agent` prints the same figures.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from './corpus'
import { formatConfusions, formatFailures, formatReport, targets, type EvaluationReport } from './evaluate'
import { runAgentEvaluation, type AgentEvaluation } from './run'
import { modelFile, trainFromCorpus } from './train'

describe('agent corpus', () => {
  it('has at least 700 labelled messages covering every intent, hand-over and thread follow-ups', () => {
    const corpus = loadCorpus()
    expect(corpus.length).toBeGreaterThanOrEqual(700)
    const intents = new Set(corpus.map((entry) => entry.intent))
    for (const intent of ['booking_inquiry', 'pricing', 'availability', 'faq', 'reschedule', 'cancel', 'payment', 'complaint', 'human_request', 'opt_out', 'other']) {
      expect(intents, intent).toContain(intent)
    }
    expect(corpus.filter((entry) => entry.escalate).length).toBeGreaterThanOrEqual(40)
    expect(corpus.filter((entry) => entry.followUp).length).toBeGreaterThanOrEqual(40)
    expect(corpus.filter((entry) => entry.turns.length > 1).length).toBeGreaterThanOrEqual(15)
    expect(corpus.filter((entry) => entry.language !== null).length).toBeGreaterThanOrEqual(20)
  })

  it('the committed model is the one the corpus trains', () => {
    expect(readFileSync(modelFile, 'utf8') === trainFromCorpus(), 'run npm run train:agent and commit src/domain/agent/agent-model.json').toBe(true)
  }, 60_000)

  // One run serves both checks: the shipped model, then five models each trained without a fold.
  let evaluation: AgentEvaluation
  beforeAll(async () => {
    evaluation = await runAgentEvaluation({ folds: 5 })
  }, 240_000)

  const expectTargets = (label: string, report: EvaluationReport) => {
    const summary = `${formatReport(label, report)}\n${formatConfusions(report)}\n${formatFailures(report)}`
    expect(report.intentAccuracy, summary).toBeGreaterThanOrEqual(targets.intentAccuracy)
    expect(report.escalationRecall, summary).toBeGreaterThanOrEqual(targets.escalationRecall)
    expect(report.falseEscalationRate, summary).toBeLessThanOrEqual(targets.falseEscalationRate)
    expect(report.quoteExactness, summary).toBe(targets.quoteExactness)
  }

  it('meets the targets with the shipped model', () => {
    expectTargets('shipped model', evaluation.shipped)
  })

  it('meets the targets held out (5-fold), on messages each model never saw', () => {
    expect(evaluation.heldOut).not.toBeNull()
    expect(evaluation.heldOut!.messages).toBe(evaluation.shipped.messages)
    expectTargets('held out', evaluation.heldOut!)
  })
})
