import { Type, type Static } from 'typebox'
import { BookingDraft } from './booking-draft'
import { Id, Instant, Nullable, syncedFields, toCollectionSchema } from './common'

export const SuggestionDocument = Type.Object(
  {
    ...syncedFields,
    /** A suggestion belongs to a live call or to an SMS conversation. */
    callId: Nullable(Id),
    conversationId: Nullable(Id),
    /**
     * `follow_up` (schema version 2) is a task for staff that needs no urgency: the agent already
     * answered the customer. Written by the relay only; staff mark it done (`status: used`).
     */
    kind: Type.Union([
      Type.Literal('quote'),
      Type.Literal('faq'),
      Type.Literal('next_step'),
      Type.Literal('reply'),
      Type.Literal('follow_up'),
    ]),
    title: Type.String({ maxLength: 200 }),
    text: Type.String({ maxLength: 2000 }),
    status: Type.Union([Type.Literal('open'), Type.Literal('used'), Type.Literal('dismissed')]),
    createdAt: Instant,
    // Added in schema version 1 (optional so older documents keep validating).
    /** What the agent gathered towards a booking; staff turn it into a booking in one step. */
    bookingDraft: Type.Optional(Nullable(BookingDraft)),
    /** The transcript segment or message the suggestion answers, for ordering on screen. */
    sourceId: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    // Added in schema version 2.
    /** The booking a follow-up is about (the customer's upcoming booking), when there is one. */
    bookingId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
)
export type Suggestion = Static<typeof SuggestionDocument>

export const suggestionsSchema = toCollectionSchema(SuggestionDocument, { version: 2 })

/**
 * RxDB upgrades stored suggestions with these: version 1 added `bookingDraft` and `sourceId`,
 * version 2 the `follow_up` kind and `bookingId`.
 */
export const suggestionsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ bookingDraft: null, sourceId: null, ...old }),
  2: (old: Record<string, unknown>): Record<string, unknown> => ({ bookingId: null, ...old }),
}

/** Open follow-up tasks, oldest first: what the Inbox and a booking page list for staff. */
export function openFollowUps<T extends Pick<Suggestion, 'kind' | 'status' | 'createdAt'>>(suggestions: readonly T[]): T[] {
  return suggestions.filter((suggestion) => suggestion.kind === 'follow_up' && suggestion.status === 'open').sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}
