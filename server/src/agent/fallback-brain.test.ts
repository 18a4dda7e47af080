import OpenAI from 'openai'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import type { AgentBrain, AgentInput } from '../../../src/domain/agent/agent-brain'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { createRulesBrain } from '../../../src/domain/agent/rules-brain'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { createCentroidDistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { createZipcodesDirectory } from '../../../src/domain/geo/zipcodes-directory'
import type { ScriptStep } from '../../sandbox/openai/openai-simulator'
import { openAiSimulatorPerFile } from '../../sandbox/openai/simulator-per-file'
import type { FallbackReason } from './brain-error'
import { withFallback } from './fallback-brain'
import { createOpenAiBrain } from './openai-brain'

const now = '2026-11-22T04:00:00Z'
const settings = demoBusinessProfile(now)
const places = createZipcodesDirectory()
const distance = createCentroidDistanceEstimator(places, settings.baseLocation)
const rulesBrain = createRulesBrain({ distance, places })
const message: AgentInput = {
  turns: [{ role: 'customer', text: 'How much for 30 adults in Fremont on Dec 12?' }],
  channel: 'sms',
  now,
  knowledge: { settings, faqs: [] },
}

const sim = openAiSimulatorPerFile()

function modelBrainWithFallback(options: { apiKey?: string; timeoutMs?: number } = {}) {
  const client = new OpenAI({ apiKey: options.apiKey ?? sim.simulator.apiKey, baseURL: sim.simulator.baseURL, maxRetries: 0, timeout: 5_000 })
  const primary = createOpenAiBrain({ client, model: 'gpt-4o-mini', tools: { distance } })
  const reported: FallbackReason[] = []
  const brain = withFallback(primary, rulesBrain, {
    timeoutMs: options.timeoutMs ?? 2_000,
    onFallback: (reason) => reported.push(reason),
  })
  return { brain, reported }
}

describe('withFallback around the OpenAI brain', () => {
  it('uses the model answer when it is valid', async () => {
    const { brain, reported } = modelBrainWithFallback()
    const result = await brain.respond(message)
    expect(result.reply).toMatch(/simulator/i)
    expect(reported).toEqual([])
    expect(brain.stats().primaryAnswers).toBe(1)
  })

  const failures: [string, FallbackReason, ScriptStep][] = [
    ['invalid JSON', 'invalid_json', { kind: 'content', content: 'Sure! 30 adults would be $1,650.' }],
    ['a schema mismatch', 'schema_mismatch', { kind: 'content', content: { intent: 'pricing', reply: 'ok' } }],
    ['HTTP 500', 'server_error', { kind: 'error', status: 500 }],
  ]
  it.each(failures)('falls back to the rules brain on %s and counts reason %s', async (_label, reason, step) => {
    await sim.control.script(step)
    const { brain, reported } = modelBrainWithFallback()
    const result = await brain.respond(message)

    expect(result).toEqual(await rulesBrain.respond(message))
    expect(Value.Errors(AgentResult, result)).toEqual([])
    expect(result.quote?.totalCents).toBe(165_000)
    expect(reported).toEqual([reason])
    expect(brain.stats().fallbacks[reason]).toBe(1)
    expect(brain.stats().primaryAnswers).toBe(0)
  })

  it('falls back on HTTP 401 (wrong key) and counts it as auth', async () => {
    const { brain, reported } = modelBrainWithFallback({ apiKey: 'sk-not-the-key' })
    const result = await brain.respond(message)
    expect(result).toEqual(await rulesBrain.respond(message))
    expect(reported).toEqual(['auth'])
    expect(brain.stats().fallbacks.auth).toBe(1)
  })

  it('falls back when the model is slower than the timeout, without waiting for it', async () => {
    await sim.control.script({ kind: 'content', content: 'late', delayMs: 3_000 })
    const { brain, reported } = modelBrainWithFallback({ timeoutMs: 300 })
    const started = performance.now()
    const result = await brain.respond(message)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(result).toEqual(await rulesBrain.respond(message))
    expect(reported).toEqual(['timeout'])
    expect(brain.stats().fallbacks.timeout).toBe(1)
  })

  it('counts every fallback by reason across answers', async () => {
    await sim.control.script({ kind: 'error', status: 500 }, { kind: 'error', status: 503 }, { kind: 'content', content: 'nope' })
    const { brain } = modelBrainWithFallback()
    for (let index = 0; index < 4; index++) await brain.respond(message)
    const stats = brain.stats()
    expect(stats.fallbacks.server_error).toBe(2)
    expect(stats.fallbacks.invalid_json).toBe(1)
    expect(stats.primaryAnswers).toBe(1)
  })
})

describe('withFallback around any brain', () => {
  it('rejects an answer that is not an AgentResult', async () => {
    const sloppy: AgentBrain = { name: 'sloppy', respond: async () => ({ intent: 'pricing' }) as unknown as AgentResult }
    const reported: FallbackReason[] = []
    const brain = withFallback(sloppy, rulesBrain, { onFallback: (reason) => reported.push(reason) })
    expect(await brain.respond(message)).toEqual(await rulesBrain.respond(message))
    expect(reported).toEqual(['schema_mismatch'])
  })

  it('passes through when the fallback itself cannot answer', async () => {
    const failing: AgentBrain = { name: 'failing', respond: () => Promise.reject(new Error('down')) }
    const brain = withFallback(failing, rulesBrain)
    await expect(brain.respond({ ...message, turns: [{ role: 'agent', text: 'Hello' }] })).rejects.toThrow(/no customer message/)
    expect(brain.stats().fallbacks.error).toBe(1)
  })
})
