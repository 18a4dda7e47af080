/**
 * The model-backed agent brain: OpenAI Chat Completions (or any compatible server) with tools
 * and structured output. The model understands the message and writes the reply; prices,
 * distances and time slots come from our tools, and the `quote` in the result is computed by our
 * code from the entities the model extracted, so a model can never invent a price.
 */
import OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import type { AgentBrain, AgentInput, AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { AgentResult } from '../../../src/domain/agent/agent-result'
import { businessToday } from '../../../src/domain/agent/event-date'
import { dollars, spokenTime } from '../../../src/domain/agent/reply-format'
import type { Package } from '../../../src/domain/schemas/packages'
import { quoteForEntities, runTool, toolDefinitions, type AgentToolDependencies, type ToolContext } from './agent-tools'
import { BrainError, ModelOutputError, type FallbackReason } from './brain-error'
import { toStrictJsonSchema } from './strict-json-schema'

export interface OpenAiBrainOptions {
  client: OpenAI
  model: string
  tools: AgentToolDependencies
  /** Tool-call rounds before the model must answer; bounds cost and latency. */
  maxToolRounds?: number
}

/** Lets a caller (the fallback wrapper) cancel the HTTP request when it stops waiting. */
export interface RespondOptions {
  signal?: AbortSignal
}

export interface OpenAiBrain extends AgentBrain {
  respond(input: AgentInput, options?: RespondOptions): Promise<AgentResult>
}

/** Callers may add the active packages to the knowledge; the domain interface does not carry them yet. */
export type KnowledgeWithPackages = AgentKnowledge & { packages?: readonly Package[] }

/** What the model writes: an AgentResult without `quote`, which our code adds. */
const { quote: _quoteIsOurs, ...answerProperties } = AgentResult.properties
export const ModelAnswer = Type.Object(answerProperties, { additionalProperties: false })
const modelAnswerChecker = Compile(ModelAnswer)
const agentResultChecker = Compile(AgentResult)

export const agentResultResponseFormat = {
  type: 'json_schema',
  json_schema: { name: 'agent_result', strict: true, schema: toStrictJsonSchema(ModelAnswer) },
} as const

const defaultMaxToolRounds = 4

export function createOpenAiBrain(options: OpenAiBrainOptions): OpenAiBrain {
  const maxToolRounds = options.maxToolRounds ?? defaultMaxToolRounds
  return {
    name: 'openai',
    async respond(input, respondOptions = {}) {
      if (!input.turns.some((turn) => turn.role === 'customer')) {
        throw new RangeError('The conversation has no customer message to answer.')
      }
      const today = businessDate(input.now, input.knowledge.settings.timeZone)
      const context: ToolContext = { knowledge: input.knowledge, today, escalations: [] }
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemPrompt(input, today) },
        ...input.turns.map((turn): ChatCompletionMessageParam =>
          turn.role === 'customer' ? { role: 'user', content: turn.text } : { role: 'assistant', content: turn.text },
        ),
      ]
      for (let round = 0; ; round++) {
        const mustAnswer = round >= maxToolRounds
        const request: ChatCompletionCreateParamsNonStreaming = {
          model: options.model,
          messages,
          tools: toolDefinitions,
          // After the last allowed round the model may no longer call tools.
          tool_choice: mustAnswer ? 'none' : 'auto',
          response_format: agentResultResponseFormat,
        }
        const completion = await createCompletion(options.client, request, respondOptions.signal)
        const choice = completion.choices[0]
        if (choice === undefined) throw new ModelOutputError('schema_mismatch', 'The model returned no choices.')
        const toolCalls = (choice.message.tool_calls ?? []).filter((call) => call.type === 'function')
        if (toolCalls.length === 0) {
          return finalResult(choice, input, context, options.tools)
        }
        if (mustAnswer) {
          throw new ModelOutputError('tool_loop', `The model kept calling tools after ${maxToolRounds} rounds.`)
        }
        // The assistant message goes back unchanged, then one tool message per call.
        messages.push({ role: 'assistant', content: choice.message.content ?? null, tool_calls: toolCalls })
        for (const call of toolCalls) {
          const content = await runTool(call.function.name, call.function.arguments, context, options.tools)
          messages.push({ role: 'tool', tool_call_id: call.id, content })
        }
      }
    },
  }
}

async function createCompletion(
  client: OpenAI,
  request: ChatCompletionCreateParamsNonStreaming,
  signal: AbortSignal | undefined,
): Promise<ChatCompletion> {
  try {
    return await client.chat.completions.create(request, signal === undefined ? {} : { signal })
  } catch (error) {
    throw requestError(error)
  }
}

/** SDK errors become BrainErrors with a countable reason; the message keeps only the status. */
function requestError(error: unknown): BrainError {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new BrainError('timeout', 'The model request timed out.', { cause: error })
  if (error instanceof OpenAI.APIUserAbortError) return new BrainError('timeout', 'The model request was cancelled.', { cause: error })
  if (error instanceof OpenAI.APIConnectionError) return new BrainError('connection', 'Could not reach the model server.', { cause: error })
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status
    const reason: FallbackReason =
      status === 401 || status === 403
        ? 'auth'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'server_error'
            : status === 408
              ? 'timeout'
              : 'bad_request'
    return new BrainError(reason, `The model server answered HTTP ${status}.`, { cause: error })
  }
  return new BrainError('error', `The model request failed: ${error instanceof Error ? error.name : 'unknown error'}.`, { cause: error })
}

async function finalResult(
  choice: ChatCompletion['choices'][number],
  input: AgentInput,
  context: ToolContext,
  tools: AgentToolDependencies,
): Promise<AgentResult> {
  if (typeof choice.message.refusal === 'string' && choice.message.refusal.length > 0) {
    throw new ModelOutputError('refusal', 'The model refused to answer.')
  }
  if (choice.finish_reason === 'length' || choice.finish_reason === 'content_filter') {
    throw new ModelOutputError('refusal', `The model stopped early (finish_reason "${choice.finish_reason}").`)
  }
  const content = choice.message.content
  if (typeof content !== 'string' || content.trim().length === 0) {
    throw new ModelOutputError('invalid_json', 'The model answered with no content.')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    throw new ModelOutputError('invalid_json', 'The model answer is not valid JSON.')
  }
  if (!modelAnswerChecker.Check(parsed)) {
    const [problem] = modelAnswerChecker.Errors(parsed)
    throw new ModelOutputError(
      'schema_mismatch',
      `The model answer is not an AgentResult: ${problem?.instancePath || '(top level)'} ${problem?.message ?? 'is invalid'}.`,
    )
  }
  const result: AgentResult = { ...parsed }
  // A person acting now supersedes a later follow-up.
  if (result.escalate) result.followUp = null
  // A hand-over the model asked for through the tool stands even if its final answer forgot it.
  const toolEscalation = context.escalations.at(-1)
  if (toolEscalation !== undefined && !result.escalate) {
    result.escalate = true
    result.escalationReason = toolEscalation.slice(0, 500)
    result.followUp = null
  }
  const quote = await quoteForEntities(result.entities, input.knowledge.settings, tools.distance)
  if (quote !== undefined) result.quote = quote
  if (!agentResultChecker.Check(result)) {
    const [problem] = agentResultChecker.Errors(result)
    throw new ModelOutputError('schema_mismatch', `The completed answer is not an AgentResult: ${problem?.instancePath} ${problem?.message}.`)
  }
  return result
}

/** Everything the model may tell customers, from the business profile; rebuilt per request. */
export function systemPrompt(input: AgentInput, today: string): string {
  const knowledge = input.knowledge as KnowledgeWithPackages
  const s = knowledge.settings
  const slots =
    s.timeSlots.length === 0
      ? 'Parties are scheduled individually.'
      : s.timeSlots.map((slot) => `${slot.name} at ${spokenTime(slot.start)} (${slot.start})`).join('; ')
  const packages = (knowledge.packages ?? []).filter(
    (offer) => offer.active && offer.validFrom <= today && (offer.validTo === null || offer.validTo >= today),
  )
  const lines = [
    `You are the booking assistant of ${s.businessName}, a mobile hibachi caterer based in ${s.baseLocation.city}, ${s.baseLocation.state} ${s.baseLocation.zip}.`,
    `Today is ${today} (time zone ${s.timeZone}). The customer is writing by ${input.channel === 'sms' ? 'text message: keep replies short, plain text' : 'phone: the reply is spoken aloud, so no lists or symbols'}.`,
    '',
    'Business facts:',
    `- Price: ${dollars(s.adultPriceCents)} per adult, ${dollars(s.childPriceCents)} per child aged ${s.childAgeRange.min} to ${s.childAgeRange.max}; party minimum ${dollars(s.partyMinimumCents)}.`,
    `- Deposit: ${dollars(s.depositCents)} holds a date; the balance is due on the day.`,
    `- Travel: free within ${s.travelFreeMiles} miles of ${s.baseLocation.city}, then ${dollars(s.travelCentsPerMile)} per mile; service area ${s.serviceAreaMiles} miles (beyond it, offer a call instead of a price).`,
    `- Start times: ${slots}`,
    `- Contact: ${s.contactPhone}, ${s.contactEmail}.`,
    ...(packages.length === 0
      ? []
      : [
          'Current packages:',
          ...packages.map(
            (offer) =>
              `- ${offer.name}: ${offer.description} ${dollars(offer.pricePerAdultCents)} per adult, ${dollars(offer.pricePerChildCents)} per child, until ${offer.validTo ?? 'further notice'}.`,
          ),
        ]),
    ...(knowledge.faqs.length === 0
      ? []
      : ['Answers the owner wrote (use them word for word when they fit):', ...knowledge.faqs.map((entry) => `- Q: ${entry.question} A: ${entry.answer}`)]),
    '',
    'Rules:',
    '- Use the quote tool for every price; never do the arithmetic yourself. Use availability for dates, faq for policy questions, booking_draft when the customer is ready to book.',
    '- Never confirm a date as booked: our team confirms availability and sends the deposit link.',
    `- Escalate (escalate=true with a reason, or the escalate tool) only when a person must act now: the customer asks for one (phrases such as ${s.escalationPhrases.map((phrase) => `"${phrase}"`).join(', ') || '"a person"'}), a complaint, an allergy or safety question, a payment dispute, anger or repeated confusion${s.escalateAboveGuests == null ? '' : `, a party above ${s.escalateAboveGuests} guests`}, or a message in a language other than English. A negated request ("I don't need a manager") is not one.`,
    '- Otherwise always answer the customer yourself. When staff should follow up without urgency (a booking ready to confirm, a reschedule or cancel request with the policy in your reply, a payment to check, a custom request or a question you cannot answer), set followUp to a short reason; else followUp is null.',
    `- Beyond the ${s.serviceAreaMiles}-mile service area, decline politely with the distance and offer a call; that is not an escalation.`,
    '- A customer texting STOP, UNSUBSCRIBE or similar is opt_out: confirm they will get no more texts.',
    '- Answer with the JSON object the response format describes. entities: only what the customer said across the conversation, otherwise null (or [] for lists); date as YYYY-MM-DD resolved against today; time as HH:MM 24-hour; guestCount is the total number of guests.',
    '- suggestions are notes for our staff (kind quote, faq, next_step or reply), not for the customer.',
  ]
  return lines.join('\n')
}

/** The calendar date of `now` in the business's time zone, `YYYY-MM-DD`. */
export function businessDate(now: string, timeZone: string): string {
  const instant = new Date(now)
  if (Number.isNaN(instant.getTime())) throw new RangeError(`"now" is not a valid instant: ${now}`)
  return businessToday(instant, timeZone)
}
