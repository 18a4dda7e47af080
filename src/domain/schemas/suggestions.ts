import { Type, type Static } from 'typebox'
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
  },
  { additionalProperties: false },
)
export type Suggestion = Static<typeof SuggestionDocument>

export const suggestionsSchema = toCollectionSchema(SuggestionDocument, { version: 0 })
