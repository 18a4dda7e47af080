import { Type, type Static } from 'typebox'
import { Id, Instant, Nullable, PhoneNumber, syncedFields, toCollectionSchema } from './common'

export const ConversationMessage = Type.Object(
  {
    id: Id,
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    author: Type.Union([Type.Literal('customer'), Type.Literal('agent'), Type.Literal('staff')]),
    text: Type.String({ maxLength: 2000 }),
    at: Instant,
    status: Type.Union([
      Type.Literal('received'),
      Type.Literal('draft'),
      Type.Literal('queued'),
      Type.Literal('sent'),
      Type.Literal('delivered'),
      Type.Literal('failed'),
    ]),
  },
  { additionalProperties: false },
)
export type ConversationMessage = Static<typeof ConversationMessage>

/** One SMS thread with one customer phone number. */
export const ConversationDocument = Type.Object(
  {
    ...syncedFields,
    customerPhone: PhoneNumber,
    customerId: Nullable(Id),
    messages: Type.Array(ConversationMessage, { maxItems: 5000 }),
    /** The agent handed this thread to a person. */
    needsHuman: Type.Boolean(),
    lastMessageAt: Instant,
  },
  { additionalProperties: false },
)
export type Conversation = Static<typeof ConversationDocument>

export const conversationsSchema = toCollectionSchema(ConversationDocument, { version: 0 })
