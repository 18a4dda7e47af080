import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { openAiSimulatorControl, startOpenAiSimulator, type OpenAiSimulator } from '../../sandbox/openai/openai-simulator'
import { createAgentBrain, openAiConfigFromEnv } from './create-brain'

const now = '2026-11-22T04:00:00Z'
const settings = demoBusinessProfile(now)
const answer = {
  intent: 'pricing',
  tone: 'direct',
  entities: { adults: 30, kids: null, guestCount: 30, date: null, time: null, location: 'Fremont', zip: null, proteins: [], addOns: [] },
  escalate: false,
  escalationReason: null,
  followUp: null,
  reply: 'From the local model: 30 adults in Fremont come to $1,650.',
  suggestions: [],
}
const input = { turns: [{ role: 'customer' as const, text: 'price for 30 adults in Fremont?' }], channel: 'sms' as const, now, knowledge: { settings, faqs: [] } }

// A local model server (as with Ollama or llama.cpp) that needs no key.
let keyless: OpenAiSimulator
beforeAll(async () => {
  keyless = await startOpenAiSimulator({ requireKey: false, models: ['local-model'] })
})
afterAll(() => keyless.close())

describe('choosing the agent brain', () => {
  it('uses the OpenAI-compatible server with OPENAI_BASE_URL alone, sending no key', async () => {
    const control = openAiSimulatorControl(keyless.url)
    await control.script({ kind: 'content', content: answer })
    const openai = openAiConfigFromEnv({ OPENAI_BASE_URL: keyless.baseURL, OPENAI_MODEL: 'local-model' })
    const brain = await createAgentBrain({ openai, baseLocation: settings.baseLocation, maxRetries: 0 })

    const result = await brain.respond(input)

    expect(result.reply).toBe(answer.reply)
    const [request] = await control.requests()
    expect(request).toMatchObject({ path: '/v1/chat/completions', withAuthorization: false })
    expect((request!.body as { model: string }).model).toBe('local-model')
  })

  it('keeps the embedded rules brain with no OpenAI variable set', async () => {
    const brain = await createAgentBrain({ openai: openAiConfigFromEnv({}), baseLocation: settings.baseLocation })
    const result = await brain.respond(input)
    expect(result.quote).toMatchObject({ adults: 30, subtotalCents: 165_000 })
  })
})
