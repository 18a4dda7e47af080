import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openAiSimulatorControl, simulatorDefaultAnswer, startOpenAiSimulator, type OpenAiSimulator } from './openai-simulator'

let simulator: OpenAiSimulator
let control: ReturnType<typeof openAiSimulatorControl>
beforeAll(async () => {
  simulator = await startOpenAiSimulator({ models: ['gpt-4o-mini', 'local-model'] })
  control = openAiSimulatorControl(simulator.url)
})
afterAll(() => simulator.close())
beforeEach(() => control.reset())

const chat = (body: unknown, key = simulator.apiKey) =>
  fetch(`${simulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  })

describe('OpenAI simulator', () => {
  it("refuses a wrong key with 401 and OpenAI's error body", async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, 'sk-wrong')
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({
      error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    })
    const [recorded] = await control.requests()
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', authorized: false })
    expect(JSON.stringify(recorded)).not.toContain('sk-wrong')
  })

  it('answers a chat completion in OpenAI shape, by default with a valid AgentResult', async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown> & { choices: { message: { content: string } }[] }
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    })
    expect(body.id).toMatch(/^chatcmpl-/)
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual(simulatorDefaultAnswer)
  })

  it('plays scripted tool calls, content and errors in order through the real SDK', async () => {
    await control.script(
      { kind: 'tool_calls', calls: [{ id: 'call_1', name: 'quote', arguments: { adults: 30 } }] },
      { kind: 'content', content: 'plain text' },
      { kind: 'error', status: 503, message: 'Overloaded' },
    )
    const client = new OpenAI({ apiKey: simulator.apiKey, baseURL: simulator.baseURL, maxRetries: 0 })
    const request = { model: 'local-model', messages: [{ role: 'user' as const, content: 'hi' }] }
    const first = await client.chat.completions.create(request)
    expect(first.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'quote', arguments: '{"adults":30}' } }] },
    })
    expect((await client.chat.completions.create(request)).choices[0]?.message.content).toBe('plain text')
    const failure = await client.chat.completions.create(request).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError)
    expect(failure).toMatchObject({ status: 503, type: 'server_error' })
  })

  it('lists its models and rejects malformed requests and scripts', async () => {
    const client = new OpenAI({ apiKey: simulator.apiKey, baseURL: simulator.baseURL, maxRetries: 0 })
    const models = []
    for await (const model of client.models.list()) models.push(model.id)
    expect(models).toEqual(['gpt-4o-mini', 'local-model'])
    expect((await chat({ model: 'gpt-4o-mini' })).status).toBe(400)
    await expect(control.script({ kind: 'nonsense' } as never)).rejects.toThrow(/HTTP 400/)
  })
})
