/**
 * The tools the model may call. Money, distances and availability come from our code, never
 * from the model: it asks, these answer. Each tool returns JSON for the `tool` message; a bad
 * argument becomes an `{ "error": ... }` result so the model can correct itself.
 */
import { randomBytes } from 'node:crypto'
import { Type, type Static, type TSchema, type TStringOptions } from 'typebox'
import { Compile } from 'typebox/compile'
import type { AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import type { AgentEntities } from '../../../src/domain/agent/agent-result'
import { findAnswers } from '../../../src/domain/agent/standard-answers'
import type { DistanceEstimator } from '../../../src/domain/geo/distance-estimator'
import { slotAvailability } from '../../../src/domain/knowledge/slot-availability'
import { depositForBooking } from '../../../src/domain/pricing/deposit'
import { buildQuote, type Quote, type QuoteDistance } from '../../../src/domain/pricing/quote'
import type { Settings } from '../../../src/domain/schemas/settings'
import { toStrictJsonSchema } from './strict-json-schema'

export interface AgentToolDependencies {
  distance: DistanceEstimator
  /** Draft ids for `booking_draft`; random by default. */
  newDraftId?: () => string
}

/** What one conversation's tool calls share. */
export interface ToolContext {
  knowledge: AgentKnowledge
  /** The business's "today", `YYYY-MM-DD`. */
  today: string
  /** Reasons given to the `escalate` tool, so a final answer cannot silently drop a hand-over. */
  escalations: string[]
}

const NullableString = (options: TStringOptions = {}) => Type.Union([Type.String(options), Type.Null()])
const NullableCount = Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])
const CalendarDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

const QuoteArguments = Type.Object(
  {
    adults: Type.Integer({ minimum: 0, maximum: 10_000 }),
    kids: Type.Integer({ minimum: 0, maximum: 10_000 }),
    zip: NullableString({ pattern: '^\\d{5}$', description: 'Five-digit ZIP code, or null' }),
    city: NullableString({ description: 'City as the customer named it, or null' }),
  },
  { additionalProperties: false },
)
const AvailabilityArguments = Type.Object({ date: CalendarDay }, { additionalProperties: false })
const FaqArguments = Type.Object({ question: Type.String({ minLength: 1 }) }, { additionalProperties: false })
const BookingDraftArguments = Type.Object(
  {
    adults: NullableCount,
    kids: NullableCount,
    date: Type.Union([CalendarDay, Type.Null()]),
    time: NullableString({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour' }),
    city: NullableString(),
    zip: NullableString({ pattern: '^\\d{5}$' }),
    proteins: Type.Array(Type.String()),
    addOns: Type.Array(Type.String()),
  },
  { additionalProperties: false },
)
const EscalateArguments = Type.Object({ reason: Type.String({ minLength: 1 }) }, { additionalProperties: false })

interface ToolSpec<T extends TSchema> {
  description: string
  parameters: T
  run(args: Static<T>, context: ToolContext, dependencies: AgentToolDependencies): Promise<unknown> | unknown
}

/** A tool with its argument type closed over: it checks what the model sent against its schema before running. */
interface Tool {
  description: string
  parameters: TSchema
  call(args: unknown, context: ToolContext, dependencies: AgentToolDependencies): Promise<unknown> | unknown
}

function tool<T extends TSchema>(spec: ToolSpec<T>): Tool {
  const checker = Compile(spec.parameters)
  return {
    description: spec.description,
    parameters: spec.parameters,
    call(args, context, dependencies) {
      if (checker.Check(args)) return spec.run(args, context, dependencies)
      const [problem] = checker.Errors(args)
      return { error: `Invalid arguments: ${problem?.instancePath || '(top level)'} ${problem?.message ?? ''}`.trim() }
    },
  }
}

const toolSpecs: Record<string, Tool> = {
  quote: tool({
    description:
      'Price a party: food (after the party minimum), travel fee from the distance, total and deposit. Always use this for prices; never compute them yourself.',
    parameters: QuoteArguments,
    run: async (args, context, dependencies) => {
      const quote = await quoteParty(args, context.knowledge.settings, dependencies.distance)
      const deposit = quote.totalCents === null ? null : depositForBooking(quote.totalCents, context.knowledge.settings)
      return { ...quote, depositCents: deposit }
    },
  }),
  availability: tool({
    description:
      'Time slots on a date with how many parties each can still take (free), from the existing bookings. Offer only slots with free > 0; a person confirms before the deposit.',
    parameters: AvailabilityArguments,
    run: (args, context) => {
      const { settings, bookings } = context.knowledge
      if (args.date < context.today) return { date: args.date, error: 'That date is in the past.' }
      if (bookings === undefined) {
        // Without the calendar we can only list the start times.
        return {
          date: args.date,
          slots: settings.timeSlots.map((slot) => ({ name: slot.name, start: slot.start })),
          capacityChecked: false,
          note: 'The calendar is not available here; our team confirms the date before taking a deposit.',
        }
      }
      const slots = slotAvailability(args.date, bookings, settings)
      return {
        date: args.date,
        slots,
        capacityChecked: true,
        fullyBooked: slots.every((slot) => slot.free === 0),
        note: 'Our team still confirms the date before taking a deposit.',
      }
    },
  }),
  faq: tool({
    description: "The business's own answer to a common question, when there is one.",
    parameters: FaqArguments,
    run: (args, context) => bestFaqAnswer(args.question, context.knowledge) ?? { found: false },
  }),
  booking_draft: tool({
    description:
      'Record the booking details collected so far as a draft for staff. Nothing is booked or charged; returns a draft id, a summary and what is still missing.',
    parameters: BookingDraftArguments,
    run: (args, _context, dependencies) => {
      const missing = [
        args.adults === null && args.kids === null ? 'guest count' : null,
        args.date === null ? 'date' : null,
        args.city === null && args.zip === null ? 'city or ZIP code' : null,
      ].filter((item): item is string => item !== null)
      const guests = `${args.adults ?? 0} adults, ${args.kids ?? 0} kids`
      const where = args.city ?? args.zip ?? 'location unknown'
      const when = args.date === null ? 'date unknown' : `${args.date}${args.time === null ? '' : ` ${args.time}`}`
      return {
        draftId: (dependencies.newDraftId ?? randomDraftId)(),
        summary: `${guests}; ${when}; ${where}`,
        missing,
        note: 'A draft only: staff confirm the date and send the deposit link.',
      }
    },
  }),
  escalate: tool({
    description:
      'Hand the conversation to a person who must act now: the customer asks for one, a complaint, an allergy or safety question, a payment dispute, anger or repeated confusion. Not for reschedules, cancellations or questions you cannot answer: answer those and set followUp.',
    parameters: EscalateArguments,
    run: (args, context) => {
      context.escalations.push(args.reason)
      return { escalated: true }
    },
  }),
}

export const toolNames = Object.keys(toolSpecs)

/** Chat Completions `tools`, strict so the model's arguments follow the schemas. */
export const toolDefinitions = Object.entries(toolSpecs).map(([name, spec]) => ({
  type: 'function' as const,
  function: { name, description: spec.description, strict: true, parameters: toStrictJsonSchema(spec.parameters) },
}))

/** Runs one tool call; the answer is always a JSON string for the `tool` message. */
export async function runTool(
  name: string,
  rawArguments: string,
  context: ToolContext,
  dependencies: AgentToolDependencies,
): Promise<string> {
  // Own tools only: a model naming "constructor" or "toString" gets the unknown-tool answer.
  const spec = Object.hasOwn(toolSpecs, name) ? toolSpecs[name] : undefined
  if (spec === undefined) {
    return JSON.stringify({ error: `Unknown tool "${name}". Available: ${toolNames.join(', ')}.` })
  }
  let args: unknown
  try {
    args = JSON.parse(rawArguments)
  } catch {
    return JSON.stringify({ error: 'The arguments are not valid JSON.' })
  }
  return JSON.stringify(await spec.call(args, context, dependencies))
}

/** The quote for a party; the location is optional (travel is then unknown). */
export async function quoteParty(
  party: { adults: number; kids: number; zip: string | null; city: string | null },
  settings: Settings,
  distanceEstimator: DistanceEstimator,
): Promise<Quote> {
  let distance: QuoteDistance | null = null
  if (party.zip !== null || party.city !== null) {
    const found = await distanceEstimator.distanceFromBase({ zip: party.zip, city: party.city, state: null })
    if (found !== null) distance = { miles: found.miles, isEstimate: found.isEstimate }
  }
  return buildQuote({ adults: party.adults, kids: party.kids }, distance, settings)
}

/** The quote the contract requires whenever a guest count is known (architecture §7). */
export async function quoteForEntities(
  entities: AgentEntities,
  settings: Settings,
  distanceEstimator: DistanceEstimator,
): Promise<Quote | undefined> {
  if (entities.guestCount === null) return undefined
  // A guest count without an adult/child split is priced as adults (as the rules brain does).
  const kids = entities.kids ?? 0
  const adults = entities.adults ?? (entities.kids === null ? entities.guestCount : 0)
  return quoteParty({ adults, kids, zip: entities.zip, city: entities.location }, settings, distanceEstimator)
}

/** The owner's FAQ entry with the most keyword hits, else a fact from the business profile. */
export function bestFaqAnswer(question: string, knowledge: AgentKnowledge): { question: string; answer: string } | null {
  const lower = question.toLowerCase()
  let best: { question: string; answer: string; hits: number } | null = null
  for (const entry of knowledge.faqs) {
    const hits = entry.keywords.filter((keyword) => keyword.length > 0 && lower.includes(keyword.toLowerCase())).length
    if (hits > 0 && (best === null || hits > best.hits)) best = { question: entry.question, answer: entry.answer, hits }
  }
  if (best !== null) return { question: best.question, answer: best.answer }
  const [fromProfile] = findAnswers(question, knowledge.settings, [])
  return fromProfile ?? null
}

function randomDraftId(): string {
  return `draft_${randomBytes(6).toString('hex')}`
}
