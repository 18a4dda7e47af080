/**
 * The agent's output (architecture §7). One TypeBox schema serves the `agent` command's
 * contract, the embedded rules brain's type, and validation of a model brain's structured output.
 */
import { Type, type Static } from 'typebox'
import { CalendarDate, ClockTime, Nullable } from '../schemas/common'

export const intents = [
  'booking_inquiry',
  'pricing',
  'availability',
  'faq',
  'reschedule',
  'cancel',
  'payment',
  'complaint',
  'human_request',
  'opt_out',
  'other',
] as const
export const Intent = Type.Enum(intents)
export type Intent = (typeof intents)[number]

export const tones = ['formal', 'casual', 'direct', 'warm', 'anxious'] as const
export const Tone = Type.Enum(tones)
export type Tone = (typeof tones)[number]

export const channels = ['sms', 'voice'] as const
export const Channel = Type.Enum(channels)
export type Channel = (typeof channels)[number]

const GuestCount = Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))

/** What the customer said, normalised. Anything not said is null (or an empty list). */
export const AgentEntities = Type.Object(
  {
    adults: GuestCount,
    kids: GuestCount,
    guestCount: GuestCount,
    /** Event date in the business's time zone. */
    date: Nullable(CalendarDate),
    /** Event start, 24-hour wall clock in the business's time zone. */
    time: Nullable(ClockTime),
    /** The city (or place) as the customer named it. */
    location: Nullable(Type.String({ maxLength: 100 })),
    zip: Nullable(Type.String({ pattern: '^\\d{5}$' })),
    proteins: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
    addOns: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
)
export type AgentEntities = Static<typeof AgentEntities>

const NonNegativeCents = Type.Integer({ minimum: 0 })

export const AgentQuote = Type.Object(
  {
    adults: Type.Integer({ minimum: 0 }),
    kids: Type.Integer({ minimum: 0 }),
    subtotalCents: NonNegativeCents,
    travelFeeCents: Nullable(NonNegativeCents),
    totalCents: Nullable(NonNegativeCents),
    distanceMiles: Nullable(Type.Number({ minimum: 0 })),
    distanceIsEstimate: Type.Boolean(),
    declined: Type.Boolean(),
    reason: Nullable(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type AgentQuote = Static<typeof AgentQuote>

/** Kinds match the console's suggestion collection, so a suggestion can be stored as-is. */
export const AgentSuggestion = Type.Object(
  {
    kind: Type.Union([Type.Literal('quote'), Type.Literal('faq'), Type.Literal('next_step'), Type.Literal('reply')]),
    title: Type.String({ maxLength: 200 }),
    text: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
)
export type AgentSuggestion = Static<typeof AgentSuggestion>

export const AgentResult = Type.Object(
  {
    intent: Intent,
    tone: Tone,
    entities: AgentEntities,
    /** A person must act now (asked for one, complaint, safety, dispute, anger, policy size). */
    escalate: Type.Boolean(),
    /** Why a person must act now; null when `escalate` is false. */
    escalationReason: Nullable(Type.String({ maxLength: 500 })),
    /**
     * Why staff should follow up without urgency (a booking ready to confirm, a reschedule or
     * cancel request, a custom request), or null. The customer has already been answered.
     */
    followUp: Nullable(Type.String({ maxLength: 500 })),
    /** What to send (SMS) or say (voice) to the customer. */
    reply: Type.String({ maxLength: 2000 }),
    /** For the front desk: quote, FAQ answer, next step. */
    suggestions: Type.Array(AgentSuggestion, { maxItems: 10 }),
    /** Present whenever a guest count is known. */
    quote: Type.Optional(AgentQuote),
  },
  { additionalProperties: false },
)
export type AgentResult = Static<typeof AgentResult>

export const ConversationTurn = Type.Object(
  {
    role: Type.Union([Type.Literal('customer'), Type.Literal('agent')]),
    text: Type.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
)
export type ConversationTurn = Static<typeof ConversationTurn>
