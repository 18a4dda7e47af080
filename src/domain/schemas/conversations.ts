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
    // Added in schema version 1 (optional so older messages keep validating).
    /** The device that wrote or approved a staff message, as the relay recorded it. */
    by: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    deviceId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
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
    // Added in schema version 2 (optional so older threads keep validating).
    /** Staff marked the thread handled; a later customer message reopens it (domain/conversations/thread-state). */
    handledAt: Type.Optional(Nullable(Instant)),
  },
  { additionalProperties: false },
)
export type Conversation = Static<typeof ConversationDocument>

export const conversationsSchema = toCollectionSchema(ConversationDocument, { version: 2 })

/**
 * RxDB upgrades stored threads with these: version 1 let messages name the device that sent
 * them, version 2 added `handledAt` (none until staff mark the thread handled).
 */
export const conversationsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => old,
  2: (old: Record<string, unknown>): Record<string, unknown> => ({ handledAt: null, ...old }),
}
