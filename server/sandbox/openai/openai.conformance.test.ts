/**
 * OpenAI simulator against OpenAI's published reference: the Chat Completions API as described by
 * openai/openai-openapi and generated into openai-node 6.49.0 (`resources/chat/completions`:
 * `ChatCompletion`, `ChatCompletionTool`, `ResponseFormatJSONSchema`; `resources/models`), the
 * error object of the API reference ("Error codes"), and the Structured Outputs guide's "Supported
 * schemas" (strict mode: root object, additionalProperties false and every property required on
 * every object, supported keywords and formats, 10 levels of nesting, 5000 properties).
 *
 * Covered: `GET /v1/models`, `POST /v1/chat/completions` (response shape, finish reasons, tool
 * calls), error shapes and status codes, and the request validation the real API performs before
 * a model runs: tools, tool_choice, strict function parameters, strict response_format, tool
 * messages. The relay's own tools and response format must pass.
 */
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { agentResultResponseFormat } from '../../src/agent/openai-brain'
import { toolDefinitions } from '../../src/agent/agent-tools'
import { simulatorDefaultAnswer } from './openai-simulator'
import { openAiSimulatorPerFile } from './simulator-per-file'

const sim = openAiSimulatorPerFile()
const client = () => new OpenAI({ apiKey: sim.simulator.apiKey, baseURL: sim.simulator.baseURL, maxRetries: 0 })
const user = [{ role: 'user' as const, content: 'A quote for 30 adults in 94539, please.' }]

async function refusal(body: Record<string, unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await client()
    .chat.completions.create({ model: 'gpt-4o-mini', messages: user, ...body } as never)
    .catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(OpenAI.BadRequestError)
  const apiError = error as InstanceType<typeof OpenAI.APIError>
  // The reference's error object: message, type, param, code.
  expect(apiError.error).toEqual({ message: expect.any(String), type: 'invalid_request_error', param: expect.anything(), code: expect.toSatisfy((c: unknown) => c === null || typeof c === 'string') })
  return apiError
}

const strictTool = (parameters: Record<string, unknown>) => ({ type: 'function', function: { name: 'quote', strict: true, parameters } })
const strictFormat = (schema: Record<string, unknown>) => ({ type: 'json_schema', json_schema: { name: 'agent_result', strict: true, schema } })

describe('OpenAI conformance (Chat Completions, openai-node 6.49.0 / openai-openapi)', () => {
  it('lists models and answers a completion with every required field of ChatCompletion', async () => {
    const models = await client().models.list()
    for (const model of models.data) expect(Object.keys(model).sort()).toEqual(['created', 'id', 'object', 'owned_by'])
    const completion = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user })
    expect(completion).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: 'chat.completion', created: expect.any(Number), model: 'gpt-4o-mini' })
    const [choice] = completion.choices
    expect(choice).toMatchObject({ index: 0, logprobs: null, finish_reason: 'stop', message: { role: 'assistant', refusal: null } })
    expect(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']).toContain(choice!.finish_reason)
    expect(JSON.parse(choice!.message.content!)).toEqual(simulatorDefaultAnswer)
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens)
  })

  it("accepts the relay's strict tools and strict response format, and returns tool calls with string arguments", async () => {
    await sim.control.script({ kind: 'tool_calls', calls: [{ name: 'quote', arguments: { adults: 30, kids: 0, zip: '94539', city: null } }] })
    const completion = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user, tools: toolDefinitions as never, tool_choice: 'auto', response_format: agentResultResponseFormat as never })
    const [call] = completion.choices[0]!.message.tool_calls!
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls')
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'quote', arguments: expect.any(String) } })
  })

  it('refuses malformed tools and tool_choice the way the API does', async () => {
    expect((await refusal({ tools: [{ type: 'function', function: { name: 'has spaces' } }] })).param).toBe('tools[0].function.name')
    expect((await refusal({ tools: [{ type: 'retrieval' }] })).param).toBe('tools[0]')
    expect((await refusal({ tools: Array.from({ length: 129 }, (_, i) => ({ type: 'function', function: { name: `t${i}` } })) })).code).toBe('array_above_max_length')
    expect((await refusal({ tools: [{ type: 'function', function: { name: 'q', parameters: { type: 'string' } } }] })).code).toBe('invalid_function_parameters')
    expect((await refusal({ tool_choice: 'required' })).param).toBe('tool_choice')
    expect((await refusal({ tools: [{ type: 'function', function: { name: 'q' } }], tool_choice: { type: 'function', function: { name: 'other' } } })).message).toMatch(/no function named 'other'/)
  })

  it('refuses strict function parameters that break the structured-output rules', async () => {
    const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false, ...extra })
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'object', properties: { adults: { type: 'integer' } }, required: ['adults'] }, /'additionalProperties' is required to be supplied and to be false/],
      [{ type: 'object', properties: { adults: { type: 'integer' }, zip: { type: 'string' } }, required: ['adults'], additionalProperties: false }, /Missing 'zip'/],
      [object({ zip: { type: 'string', minLength: 5 } }), /'minLength' is not permitted/],
      [object({ when: { type: 'string', format: 'phone' } }), /'phone' is not a valid format/],
      [object({ nested: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } }), /context=\('properties', 'nested'\).*additionalProperties/],
      [{ anyOf: [object({})] }, /type: "object"/],
      [object({ deep: [...Array(11)].reduce((inner: Record<string, unknown>) => object({ next: inner }), { type: 'string' }) }), /nested more than 10 levels/],
    ]
    for (const [parameters, message] of cases) {
      const error = await refusal({ tools: [strictTool(parameters)] })
      expect(error.param).toBe('tools[0].function.parameters')
      expect(error.code).toBe('invalid_function_parameters')
      expect(error.message).toMatch(message)
    }
    // The same schemas are fine without strict: the API checks them only in strict mode.
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user, tools: [{ type: 'function', function: { name: 'quote', parameters: { type: 'object', properties: { adults: { type: 'integer', minimum: 1 } } } } }] })
  })

  it('refuses a strict response_format that breaks the rules, and a bad schema name', async () => {
    const loose = await refusal({ response_format: strictFormat({ type: 'object', properties: { reply: { type: 'string' } }, required: ['reply'] }) })
    expect([loose.param, (loose.error as { message: string }).message]).toEqual(['response_format', expect.stringMatching(/^Invalid schema for response_format 'agent_result': .*additionalProperties/)])
    const named = await refusal({ response_format: { type: 'json_schema', json_schema: { name: 'agent result', strict: true, schema: { type: 'object', properties: {}, required: [], additionalProperties: false } } } })
    expect(named.param).toBe('response_format.json_schema.name')
    expect((await refusal({ response_format: { type: 'yaml' } })).param).toBe('response_format.type')
  })

  it('refuses tool messages that answer no tool call, and tool calls left unanswered', async () => {
    const assistant = { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'quote', arguments: '{}' } }] }
    expect((await refusal({ messages: [...user, { role: 'tool', tool_call_id: 'call_x', content: '{}' }] })).message).toMatch(/must be a response to a preceeding message with 'tool_calls'/)
    expect((await refusal({ messages: [...user, assistant, { role: 'user', content: 'and?' }] })).message).toMatch(/did not have response messages: call_1/)
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [...user, assistant, { role: 'tool', tool_call_id: 'call_1', content: '{}' }] as never })
  })

  it('answers 401 and 404-style errors in the reference error shape', async () => {
    const response = await fetch(`${sim.simulator.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-wrong' }, body: '{}' })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })
    const missing = await refusal({ model: '' })
    expect([missing.param, missing.code]).toEqual(['model', 'missing_required_parameter'])
  })
})
