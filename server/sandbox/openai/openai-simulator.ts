/**
 * An OpenAI Chat Completions simulator for the official SDK (`baseURL` pointed at `<url>/v1`):
 * `POST /v1/chat/completions` (non-streaming, tools and `tool_calls`) and `GET /v1/models`, with
 * `Authorization: Bearer <key>` checked and OpenAI's error body shape. Requests are validated as
 * the real API validates them (`request-validation.ts`: tools, strict JSON schemas, tool messages).
 *
 * What the "model" answers is scripted by tests, one step per completion request, in order:
 * - `POST /__sim/openai/script` `{ "steps": [ScriptStep, ...] }` queues steps
 * - `GET /__sim/openai/requests` lists every request received under /v1 (bodies, never the key)
 * - `POST /__sim/openai/reset` forgets the queue and the recorded requests
 * With nothing queued, the answer is a valid AgentResult (intent "other") saying it is the simulator.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import { randomId, startSimulatorServer, unixSeconds } from '../simulator-server'
import { chatRequestProblem } from './request-validation'

/** One scripted answer. Any step may wait `delayMs` before answering (to exercise timeouts). */
export type ScriptStep = (
  | { kind: 'tool_calls'; calls: { name: string; arguments: unknown; id?: string }[] }
  /** `content` is sent as-is when a string (so tests can send invalid JSON), else JSON-encoded. */
  | { kind: 'content'; content: unknown; finishReason?: 'stop' | 'length' | 'content_filter' }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'error'; status: number; message?: string; type?: string; code?: string | null }
) & { delayMs?: number }

export interface RecordedRequest {
  method: string
  path: string
  /** False when the bearer key was missing or wrong (answered 401). */
  authorized: boolean
  /** Whether the request carried an `Authorization` header at all. */
  withAuthorization: boolean
  body: unknown
  receivedAt: string
}

export interface OpenAiSimulatorOptions {
  /** The key the simulator accepts; generated when omitted. */
  apiKey?: string
  /** False: answer without a key, as a local model server does (default true). */
  requireKey?: boolean
  models?: string[]
}

export interface OpenAiSimulator {
  /** Server root; control endpoints live under `/__sim/openai`. */
  url: string
  /** What to give the SDK as `baseURL` (or OPENAI_BASE_URL). */
  baseURL: string
  apiKey: string
  close(): Promise<void>
}

export const simulatorDefaultAnswer = {
  intent: 'other',
  tone: 'direct',
  entities: { adults: null, kids: null, guestCount: null, date: null, time: null, location: null, zip: null, proteins: [], addOns: [] },
  escalate: false,
  escalationReason: null,
  followUp: null,
  reply: 'This is the OpenAI simulator: no answer was scripted for this request.',
  suggestions: [],
} as const

export async function startOpenAiSimulator(options: OpenAiSimulatorOptions = {}): Promise<OpenAiSimulator> {
  const apiKey = options.apiKey ?? `sk-sim-${randomBytes(18).toString('base64url')}`
  const models = options.models ?? ['gpt-4o-mini']
  const queue: ScriptStep[] = []
  const requests: RecordedRequest[] = []
  // Pending delays end when the simulator closes, so a test never waits on a scripted sleep.
  const closing = new AbortController()

  const server = await startSimulatorServer((app) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.url.startsWith('/v1/')) return
      const authorized = options.requireKey === false || request.headers.authorization === `Bearer ${apiKey}`
      requests.push({
        method: request.method,
        path: request.url,
        authorized,
        withAuthorization: request.headers.authorization !== undefined,
        body: request.body ?? null,
        receivedAt: new Date().toISOString(),
      })
      if (!authorized) {
        return openAiError(reply, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')
      }
    })

    app.get('/v1/models', async () => ({
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'switchboard-simulator' })),
    }))

    app.post('/v1/chat/completions', async (request, reply) => {
      const body = (request.body ?? {}) as { model?: unknown; messages?: unknown; stream?: unknown }
      if (typeof body.model !== 'string' || body.model.length === 0) {
        return openAiError(reply, 400, "Missing required parameter: 'model'.", 'invalid_request_error', 'missing_required_parameter', 'model')
      }
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return openAiError(reply, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter', 'messages')
      }
      if (body.stream === true) {
        return openAiError(reply, 400, 'The simulator does not stream.', 'invalid_request_error', 'unsupported_parameter', 'stream')
      }
      // What the real API refuses before any model runs: malformed tools, non-strict "strict" schemas, unanswered tool calls.
      const problem = chatRequestProblem(body as Record<string, unknown>)
      if (problem) return openAiError(reply, 400, problem.message, 'invalid_request_error', problem.code, problem.param)
      const step: ScriptStep = queue.shift() ?? { kind: 'content', content: simulatorDefaultAnswer }
      if (step.delayMs !== undefined && step.delayMs > 0) await sleep(step.delayMs, closing.signal)
      if (step.kind === 'error') {
        return openAiError(reply, step.status, step.message ?? `Simulated HTTP ${step.status}.`, step.type ?? errorType(step.status), step.code ?? null)
      }
      return completion(body.model, body.messages, step)
    })

    app.post('/__sim/openai/script', async (request, reply) => {
      const { steps } = (request.body ?? {}) as { steps?: unknown }
      if (!Array.isArray(steps) || !steps.every(isScriptStep)) {
        return reply.code(400).send({ error: 'Body must be {"steps": [...]} with kind tool_calls, content, refusal or error.' })
      }
      queue.push(...steps)
      return { queued: queue.length }
    })
    app.get('/__sim/openai/requests', async () => ({ requests }))
    app.post('/__sim/openai/reset', async () => {
      queue.length = 0
      requests.length = 0
      return { queued: 0 }
    })
  })

  return {
    url: server.url,
    baseURL: `${server.url}/v1`,
    apiKey,
    close: async () => {
      closing.abort()
      await server.close()
    },
  }
}

function completion(model: string, messages: unknown[], step: Exclude<ScriptStep, { kind: 'error' }>) {
  const message =
    step.kind === 'tool_calls'
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: step.calls.map((call) => ({
            id: call.id ?? randomId('call_', 8),
            type: 'function',
            function: {
              name: call.name,
              // The wire format carries arguments as a JSON string.
              arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
            },
          })),
        }
      : step.kind === 'refusal'
        ? { role: 'assistant', content: null, refusal: step.refusal }
        : { role: 'assistant', content: typeof step.content === 'string' ? step.content : JSON.stringify(step.content), refusal: null }
  const finishReason = step.kind === 'tool_calls' ? 'tool_calls' : step.kind === 'content' ? (step.finishReason ?? 'stop') : 'stop'
  // Rough token counts (about four characters a token) so usage looks plausible.
  const promptTokens = Math.ceil(JSON.stringify(messages).length / 4)
  const completionTokens = Math.ceil(JSON.stringify(message).length / 4)
  return {
    id: randomId('chatcmpl-', 12),
    object: 'chat.completion',
    created: unixSeconds(new Date()),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  }
}

function openAiError(reply: FastifyReply, status: number, message: string, type: string, code: string | null, param: string | null = null) {
  return reply.code(status).send({ error: { message, type, param, code } })
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded'
  if (status >= 500) return 'server_error'
  return 'invalid_request_error'
}

function isScriptStep(value: unknown): value is ScriptStep {
  if (typeof value !== 'object' || value === null) return false
  const step = value as Record<string, unknown>
  if (step.delayMs !== undefined && (typeof step.delayMs !== 'number' || step.delayMs < 0)) return false
  switch (step.kind) {
    case 'tool_calls':
      return Array.isArray(step.calls) && step.calls.every((call) => typeof (call as { name?: unknown })?.name === 'string')
    case 'content':
      return step.content !== undefined
    case 'refusal':
      return typeof step.refusal === 'string'
    case 'error':
      return typeof step.status === 'number' && step.status >= 400 && step.status <= 599
    default:
      return false
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** A typed client for the control endpoints, for tests that script the simulator over HTTP. */
export function openAiSimulatorControl(url: string) {
  return {
    async script(...steps: ScriptStep[]): Promise<{ queued: number }> {
      const response = await fetch(`${url}/__sim/openai/script`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ steps }),
      })
      if (!response.ok) throw new Error(`Scripting the OpenAI simulator failed: HTTP ${response.status} ${await response.text()}`)
      return (await response.json()) as { queued: number }
    },
    async requests(): Promise<RecordedRequest[]> {
      const response = await fetch(`${url}/__sim/openai/requests`)
      return ((await response.json()) as { requests: RecordedRequest[] }).requests
    },
    async reset(): Promise<void> {
      await fetch(`${url}/__sim/openai/reset`, { method: 'POST' })
    },
  }
}
