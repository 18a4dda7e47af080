/**
 * The rules brain's time per message over the whole labelled corpus (server/eval/agent), as p50
 * and p95, against a same-run baseline of reading the message (JSON-parsing its corpus line, as
 * the `agent --batch` command does). Also how the time grows with the length of a thread: the
 * brain reads every customer turn, so a thread of 2, 8 and 32 turns is timed too.
 */
import { performance } from 'node:perf_hooks'
import type { ConversationTurn } from '../../src/domain/agent/agent-result'
import { createRulesBrain } from '../../src/domain/agent/rules-brain'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { createCentroidDistanceEstimator } from '../../src/domain/geo/distance-estimator'
import { createZipcodesDirectory } from '../../src/domain/geo/zipcodes-directory'
import { corpusNow, loadCorpus } from '../eval/agent/corpus'
import { corpusKnowledge } from '../eval/agent/evaluate'
import { percentile } from './latency'

/** Issue target for the rules brain. */
const targetP95Ms = 20

export async function agentBrainLatency(rounds = 3): Promise<void> {
  const settings = demoBusinessProfile(corpusNow)
  const places = createZipcodesDirectory()
  const brain = createRulesBrain({ distance: createCentroidDistanceEstimator(places, settings.baseLocation), places })
  const knowledge = corpusKnowledge()
  const corpus = loadCorpus()
  const lines = corpus.map((entry) => JSON.stringify({ text: entry.turns.at(-1)!.text, channel: entry.channel }))
  const ask = (turns: readonly ConversationTurn[], channel: 'sms' | 'voice') => brain.respond({ turns, channel, now: corpusNow, knowledge })

  // Warm-up: the first answers load the model, the lexicon and the place index.
  for (const entry of corpus) await ask(entry.turns, entry.channel)

  const brainTimes: number[] = []
  const parseTimes: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const [index, entry] of corpus.entries()) {
      let started = performance.now()
      JSON.parse(lines[index]!)
      parseTimes.push(performance.now() - started)
      started = performance.now()
      await ask(entry.turns, entry.channel)
      brainTimes.push(performance.now() - started)
    }
  }
  const [p50, p95, baseP50, baseP95] = [percentile(brainTimes, 0.5), percentile(brainTimes, 0.95), percentile(parseTimes, 0.5), percentile(parseTimes, 0.95)]

  const threadTimes: string[] = []
  const turn = (index: number): ConversationTurn[] => [
    { role: 'customer', text: index % 2 === 0 ? 'How much for 20 people in Fremont?' : 'what about the 12th instead, and do you bring the tables' },
    { role: 'agent', text: "For 20 adults in Fremont, it's $1,100 with no travel fee. What date are you thinking of?" },
  ]
  for (const turns of [2, 8, 32]) {
    const thread = Array.from({ length: turns / 2 }, (_, index) => turn(index)).flat()
    thread.push({ role: 'customer', text: 'make it 25 instead' })
    const times: number[] = []
    for (let repeat = 0; repeat < 20; repeat++) {
      const started = performance.now()
      await ask(thread, 'sms')
      times.push(performance.now() - started)
    }
    threadTimes.push(`${turns + 1} turns ${percentile(times, 0.5).toFixed(1)} ms`)
  }

  process.stdout.write(
    `agent rules brain, per message over the corpus (${corpus.length} messages × ${rounds})\n` +
      `  baseline  parse the message: p50 ${(baseP50 * 1000).toFixed(1)} µs, p95 ${(baseP95 * 1000).toFixed(1)} µs\n` +
      `  candidate rules brain:       p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms\n` +
      `  ratio p50 ${(p50 / baseP50).toFixed(0)}x, p95 ${(p95 / baseP95).toFixed(0)}x baseline; target p95 < ${targetP95Ms} ms: ${p95 < targetP95Ms ? 'met' : 'MISSED'}\n` +
      `  growth with thread length (p50): ${threadTimes.join(', ')}\n`,
  )
}
