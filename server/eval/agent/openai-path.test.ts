/**
 * The same corpus through the OpenAI brain, against the OpenAI simulator: proves the path (the
 * official SDK, our system prompt with the business's facts and the two kinds of hand-over, tool
 * definitions, the strict response format, validation of every answer) for every message and
 * thread. The simulator cannot judge answers — it returns its default answer — so this checks the
 * path and the contract, not the scores; `npm run eval:agent` scores the rules brain.
 */
import OpenAI from 'openai'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { createCentroidDistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { createZipcodesDirectory } from '../../../src/domain/geo/zipcodes-directory'
import { openAiSimulatorPerFile } from '../../sandbox/openai/simulator-per-file'
import { createOpenAiBrain } from '../../src/agent/openai-brain'
import { corpusNow, loadCorpus } from './corpus'
import { corpusKnowledge } from './evaluate'

const sim = openAiSimulatorPerFile()

describe('the corpus through the OpenAI brain (simulator)', () => {
  it('sends every message and thread through the SDK and gets a valid AgentResult back for each', async () => {
    const settings = demoBusinessProfile(corpusNow)
    const places = createZipcodesDirectory()
    const client = new OpenAI({ apiKey: sim.simulator.apiKey, baseURL: sim.simulator.baseURL, maxRetries: 0, timeout: 10_000 })
    const brain = createOpenAiBrain({ client, model: 'gpt-4o-mini', tools: { distance: createCentroidDistanceEstimator(places, settings.baseLocation) } })
    const knowledge = corpusKnowledge()
    const corpus = loadCorpus()

    for (const entry of corpus) {
      const result = await brain.respond({ turns: entry.turns, channel: entry.channel, now: corpusNow, knowledge })
      expect(Value.Errors(AgentResult, result), entry.id).toEqual([])
    }

    const requests = (await sim.control.requests()) as { authorized: boolean; body: { model: string; messages: { role: string; content: string }[]; tools: unknown[]; response_format: { type: string } } }[]
    expect(requests).toHaveLength(corpus.length)
    expect(requests.every((request) => request.authorized && request.body.model === 'gpt-4o-mini')).toBe(true)
    expect(requests.every((request) => request.body.response_format.type === 'json_schema' && request.body.tools.length > 0)).toBe(true)
    const system = requests[0]!.body.messages[0]!
    expect(system.role).toBe('system')
    expect(system.content).toContain('Hibachi at Home Bay Area')
    expect(system.content).toMatch(/only when a person must act now/)
    expect(system.content).toMatch(/set followUp/)
    expect(system.content).toContain('What if it rains?') // the demo FAQs reach the model
    // Threads reach the model turn by turn.
    const thread = corpus.find((entry) => entry.turns.length === 3)!
    const threadIndex = corpus.indexOf(thread)
    expect(requests[threadIndex]!.body.messages.slice(1).map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
  }, 240_000)
})
