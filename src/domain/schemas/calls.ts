import { Type, type Static } from 'typebox'
import { Id, Instant, Nullable, PhoneNumber, syncedFields, toCollectionSchema } from './common'

export const CallDocument = Type.Object(
  {
    ...syncedFields,
    telephonySessionId: Type.String({ maxLength: 128 }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    fromNumber: Nullable(PhoneNumber),
    toNumber: Nullable(PhoneNumber),
    customerId: Nullable(Id),
    status: Type.Union([
      Type.Literal('ringing'),
      Type.Literal('answered'),
      Type.Literal('on_hold'),
      Type.Literal('voicemail'),
      Type.Literal('ended'),
    ]),
    startedAt: Instant,
    endedAt: Nullable(Instant),
    escalated: Type.Boolean(),
    escalationReason: Nullable(Type.String({ maxLength: 500 })),
    assignedExtensionId: Nullable(Id),
    /** What the AI has understood so far, shown on the screen pop. */
    summary: Type.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
)
export type Call = Static<typeof CallDocument>

export const callsSchema = toCollectionSchema(CallDocument, { version: 0 })
