import { Type, type Static } from 'typebox'
import { BookingDraft } from './booking-draft'
import { Id, Instant, Nullable, syncedFields, toCollectionSchema } from './common'

export const SuggestionDocument = Type.Object(
  {
    ...syncedFields,
    /** A suggestion belongs to a live call or to an SMS conversation. */
    callId: Nullable(Id),
    conversationId: Nullable(Id),
    kind: Type.Union([
      Type.Literal('quote'),
      Type.Literal('faq'),
      Type.Literal('next_step'),
      Type.Literal('reply'),
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
  },
  { additionalProperties: false },
)
export type Suggestion = Static<typeof SuggestionDocument>

export const suggestionsSchema = toCollectionSchema(SuggestionDocument, { version: 1 })

/** RxDB upgrades stored suggestions with these: version 1 added `bookingDraft` and `sourceId`. */
export const suggestionsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ bookingDraft: null, sourceId: null, ...old }),
}
