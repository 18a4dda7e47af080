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
    // Added in schema version 1; optional so older documents keep validating (see migration).
    /** Our extension's party in the RingCentral session: call control acts on it. */
    partyId: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    escalatedAt: Type.Optional(Nullable(Instant)),
    /** What routing did with the escalation; the reason is `escalationReason`. */
    routingOutcome: Type.Optional(Nullable(Type.Enum(['transferred', 'voicemail', 'failed']))),
    /** Live transcription of the call's audio tap. */
    transcription: Type.Optional(Type.Enum(['none', 'live', 'finished', 'failed'])),
    /** Staff's notes during the call. */
    notes: Type.Optional(Type.String({ maxLength: 10000 })),
    /** Written (or accepted from the AI's draft) after the call ends. */
    afterCallSummary: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
)
export type Call = Static<typeof CallDocument>

export const callsSchema = toCollectionSchema(CallDocument, { version: 1, indexes: ['telephonySessionId'] })

/** RxDB upgrades stored calls with these: version 1 added escalation, transcription and notes fields. */
export const callsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({
    partyId: null,
    escalatedAt: null,
    routingOutcome: null,
    transcription: 'none',
    notes: '',
    afterCallSummary: null,
    ...old,
  }),
}
