/**
 * The agent's targets on its labelled corpus, asserted in CI: intent accuracy, escalation recall,
 * false escalations and exact quotes for the shipped model, and that the committed model is the
 * one the corpus trains (so nobody edits the corpus and forgets `npm run train:agent`).
 * `npm run eval:agent` prints the same figures, plus the held-out ones.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCorpus } from './corpus'
import { formatFailures, formatReport, targets } from './evaluate'
import { runAgentEvaluation } from './run'
import { modelFile, trainFromCorpus } from './train'

describe('agent corpus', () => {
  it('has at least 300 labelled messages covering every intent, hand-over and thread follow-ups', () => {
    const corpus = loadCorpus()
    expect(corpus.length).toBeGreaterThanOrEqual(300)
    const intents = new Set(corpus.map((entry) => entry.intent))
    for (const intent of ['booking_inquiry', 'pricing', 'availability', 'faq', 'reschedule', 'cancel', 'payment', 'complaint', 'human_request', 'opt_out', 'other']) {
      expect(intents, intent).toContain(intent)
    }
    expect(corpus.filter((entry) => entry.escalate).length).toBeGreaterThanOrEqual(40)
    expect(corpus.filter((entry) => entry.followUp).length).toBeGreaterThanOrEqual(40)
    expect(corpus.filter((entry) => entry.turns.length > 1).length).toBeGreaterThanOrEqual(15)
    expect(corpus.filter((entry) => entry.language !== null).length).toBeGreaterThanOrEqual(5)
  })

  it('the committed model is the one the corpus trains', () => {
    expect(readFileSync(modelFile, 'utf8') === trainFromCorpus(), 'run npm run train:agent and commit src/domain/agent/agent-model.json').toBe(true)
  }, 60_000)

  it('meets the targets with the shipped model', async () => {
    const { shipped } = await runAgentEvaluation({ folds: 0 })
    const summary = `${formatReport('shipped model', shipped)}\n${formatFailures(shipped)}`
    expect(shipped.intentAccuracy, summary).toBeGreaterThanOrEqual(targets.intentAccuracy)
    expect(shipped.escalationRecall, summary).toBeGreaterThanOrEqual(targets.escalationRecall)
    expect(shipped.falseEscalationRate, summary).toBeLessThanOrEqual(targets.falseEscalationRate)
    expect(shipped.quoteExactness, summary).toBe(targets.quoteExactness)
  }, 60_000)
})
