import OpenAI from 'openai'
import { openAiSimulatorPerFile } from '../../sandbox/openai/simulator-per-file'
import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import type { AgentInput } from '../../../src/domain/agent/agent-brain'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { createCentroidDistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { createZipcodesDirectory } from '../../../src/domain/geo/zipcodes-directory'
import { ModelOutputError } from './brain-error'
import { agentResultResponseFormat, createOpenAiBrain, systemPrompt, type KnowledgeWithPackages } from './openai-brain'

const now = '2026-11-22T04:00:00Z' // Saturday 21 November 2026 in Fremont
const settings = demoBusinessProfile(now)
const places = createZipcodesDirectory()
const distance = createCentroidDistanceEstimator(places, settings.baseLocation)

const sim = openAiSimulatorPerFile()

function brain(options: { apiKey?: string } = {}) {
  const client = new OpenAI({ apiKey: options.apiKey ?? sim.simulator.apiKey, baseURL: sim.simulator.baseURL, maxRetries: 0, timeout: 5_000 })
  return createOpenAiBrain({ client, model: 'gpt-4o-mini', tools: { distance, newDraftId: () => 'draft_test' } })
}

function input(text: string): AgentInput {
  return {
    turns: [{ role: 'customer', text }],
    channel: 'sms',
    now,
    knowledge: {
      settings,
      faqs: [{ question: 'Do you bring the grill?', keywords: ['grill'], answer: 'Yes, we bring the grill and the chef.' }],
    },
  }
}

const fremontAnswer = {
  intent: 'pricing',
  tone: 'direct',
  entities: { adults: 30, kids: null, guestCount: 30, date: '2026-12-12', time: null, location: 'Fremont', zip: null, proteins: [], addOns: [] },
  escalate: false,
  escalationReason: null,
  followUp: null,
  reply: "For 30 adults in Fremont it's $1,650 with no travel fee.",
  suggestions: [{ kind: 'quote', title: 'Quote: 30 adults', text: 'Total: $1,650' }],
}

type RecordedMessage = { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }
type RecordedBody = { model: string; messages: RecordedMessage[]; tools: { function: { name: string } }[]; tool_choice: string; response_format: unknown }

async function completionBodies(): Promise<RecordedBody[]> {
  return (await sim.control.requests()).filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as RecordedBody)
}

describe('OpenAI brain against the simulator', () => {
  it('runs a quote tool call, sends the result back, and returns the final AgentResult with our quote', async () => {
    await sim.control.script(
      { kind: 'tool_calls', calls: [{ id: 'call_quote_1', name: 'quote', arguments: { adults: 30, kids: 0, zip: null, city: 'Fremont' } }] },
      { kind: 'content', content: fremontAnswer },
    )
    const result = await brain().respond(input('How much for 30 adults in Fremont on Dec 12?'))

    expect(Value.Errors(AgentResult, result)).toEqual([])
    expect(result).toMatchObject(fremontAnswer)
    expect(result.quote).toMatchObject({ adults: 30, kids: 0, subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000, declined: false })

    const [first, second] = await completionBodies()
    expect(first?.messages[0]).toMatchObject({ role: 'system' })
    expect(first?.messages[0]?.content).toContain(settings.businessName)
    expect(first?.messages[0]?.content).toContain('$55 per adult')
    expect(first?.messages[0]?.content).toContain('Yes, we bring the grill and the chef.')
    expect(first?.messages[1]).toEqual({ role: 'user', content: 'How much for 30 adults in Fremont on Dec 12?' })
    expect(first?.tools.map((tool) => tool.function.name).sort()).toEqual(['availability', 'booking_draft', 'escalate', 'faq', 'quote'])
    expect(first?.response_format).toEqual(agentResultResponseFormat)

    // The assistant's tool call goes back unchanged, followed by our tool result.
    expect(second?.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_quote_1', function: { name: 'quote' } }] })
    const toolMessage = second?.messages.at(-1)
    expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'call_quote_1' })
    expect(JSON.parse(toolMessage!.content!)).toMatchObject({ totalCents: 165_000, travelFeeCents: 0, depositCents: 10_000 })
  })

  it('answers the other tools from the business profile', async () => {
    await sim.control.script(
      {
        kind: 'tool_calls',
        calls: [
          { id: 'call_a', name: 'availability', arguments: { date: '2026-12-12' } },
          { id: 'call_f', name: 'faq', arguments: { question: 'Do you bring your own grill?' } },
          {
            id: 'call_d',
            name: 'booking_draft',
            arguments: { adults: 30, kids: 0, date: '2026-12-12', time: '17:00', city: 'Fremont', zip: null, proteins: [], addOns: [] },
          },
          { id: 'call_q', name: 'quote', arguments: { adults: -3, kids: 0, zip: null, city: null } },
        ],
      },
      { kind: 'content', content: fremontAnswer },
    )
    await brain().respond(input('30 adults in Fremont Dec 12 at 5, do you bring the grill?'))
    const [, second] = await completionBodies()
    const toolResults = Object.fromEntries(
      second!.messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, JSON.parse(message.content!)]),
    )
    expect(toolResults.call_a).toMatchObject({ slots: [{ name: 'Lunch', start: '12:00' }, { name: 'Dinner', start: '17:00' }], capacityChecked: false })
    expect(toolResults.call_f).toEqual({ question: 'Do you bring the grill?', answer: 'Yes, we bring the grill and the chef.' })
    expect(toolResults.call_d).toMatchObject({ draftId: 'draft_test', missing: [] })
    expect(toolResults.call_q.error).toMatch(/Invalid arguments: \/adults/)
  })

  it('keeps a hand-over requested through the escalate tool', async () => {
    await sim.control.script(
      { kind: 'tool_calls', calls: [{ name: 'escalate', arguments: { reason: 'Allergy question' } }] },
      { kind: 'content', content: { ...fremontAnswer, entities: { ...fremontAnswer.entities, adults: null, guestCount: null } } },
    )
    const result = await brain().respond(input('My son has a peanut allergy'))
    expect(result.escalate).toBe(true)
    expect(result.escalationReason).toBe('Allergy question')
    expect(result.quote).toBeUndefined()
  })

  it('answers with the simulator default when nothing is scripted', async () => {
    const result = await brain().respond(input('hello'))
    expect(result.intent).toBe('other')
    expect(result.reply).toMatch(/simulator/i)
  })

  it('stops a tool loop after 4 rounds: the last request forbids tools', async () => {
    const call = { kind: 'tool_calls' as const, calls: [{ name: 'faq', arguments: { question: 'grill?' } }] }
    await sim.control.script(call, call, call, call, call)
    await expect(brain().respond(input('grill?'))).rejects.toMatchObject({ name: 'ModelOutputError', reason: 'tool_loop' })
    const bodies = await completionBodies()
    expect(bodies).toHaveLength(5)
    expect(bodies.map((body) => body.tool_choice)).toEqual(['auto', 'auto', 'auto', 'auto', 'none'])
  })

  it.each([
    ['invalid_json', { kind: 'content' as const, content: '{"intent": "pricing", ' }],
    ['schema_mismatch', { kind: 'content' as const, content: { ...fremontAnswer, intent: 'small_talk' } }],
    ['refusal', { kind: 'refusal' as const, refusal: 'I cannot help with that.' }],
    ['server_error', { kind: 'error' as const, status: 500 }],
    ['rate_limited', { kind: 'error' as const, status: 429 }],
  ])('throws a typed error with reason %s', async (reason, step) => {
    await sim.control.script(step)
    const failure = brain().respond(input('How much for 30 adults?'))
    await expect(failure).rejects.toMatchObject({ reason })
    // Errors name the problem, never the customer's words.
    await expect(failure).rejects.not.toThrow(/30 adults/)
  })

  it('reports a wrong key as an auth failure', async () => {
    await expect(brain({ apiKey: 'sk-wrong' }).respond(input('hi'))).rejects.toMatchObject({ reason: 'auth' })
    const [request] = await sim.control.requests()
    expect(request?.authorized).toBe(false)
  })

  it('names the schema problem in the error', async () => {
    await sim.control.script({ kind: 'content', content: { ...fremontAnswer, tone: 'grumpy' } })
    const error = await brain().respond(input('hi')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ModelOutputError)
    expect((error as Error).message).toMatch(/\/tone/)
  })
})

describe('structured output schema', () => {
  it("meets strict mode's rules: every object closed with all properties required, no length keywords", () => {
    const problems: string[] = []
    const visit = (schema: Record<string, unknown>, path: string) => {
      if ('maxLength' in schema || 'minLength' in schema) problems.push(`${path} has a length keyword`)
      if ('enum' in schema && !('type' in schema)) problems.push(`${path} has an enum without a type`)
      if (schema.type === 'object') {
        const properties = schema.properties as Record<string, Record<string, unknown>>
        if (schema.additionalProperties !== false) problems.push(`${path} is open`)
        if (JSON.stringify(schema.required) !== JSON.stringify(Object.keys(properties))) problems.push(`${path} has optional properties`)
        for (const [name, property] of Object.entries(properties)) visit(property, `${path}/${name}`)
      }
      if (schema.items) visit(schema.items as Record<string, unknown>, `${path}/items`)
      for (const branch of (schema.anyOf as Record<string, unknown>[] | undefined) ?? []) visit(branch, `${path}/anyOf`)
    }
    const { schema } = agentResultResponseFormat.json_schema
    expect(schema.type).toBe('object')
    visit(schema, '#')
    expect(problems).toEqual([])
  })
})

describe('system prompt', () => {
  const offer = {
    id: 'pkg_1',
    updatedAt: now,
    description: 'Filet and lobster.',
    pricePerAdultCents: 7500,
    pricePerChildCents: 4000,
    validFrom: '2026-11-01',
    active: true,
  }
  const knowledge: KnowledgeWithPackages = {
    settings,
    faqs: [],
    packages: [
      { ...offer, name: 'Holiday Feast', validTo: '2026-12-31' },
      { ...offer, name: 'Summer Special', validTo: '2026-09-30' },
      { ...offer, name: 'Paused Deal', validTo: null, active: false },
    ],
  }

  it('carries the business rules and only the packages valid today', () => {
    const prompt = systemPrompt({ ...input('hi'), channel: 'voice', knowledge }, '2026-11-21')
    expect(prompt).toContain('Today is 2026-11-21')
    expect(prompt).toContain('party minimum $550')
    expect(prompt).toContain('free within 30 miles of Fremont')
    expect(prompt).toContain('Dinner at')
    expect(prompt).toContain('"speak to a human"')
    expect(prompt).toContain('spoken aloud')
    expect(prompt).toContain('Holiday Feast')
    expect(prompt).not.toContain('Summer Special')
    expect(prompt).not.toContain('Paused Deal')
  })
})
