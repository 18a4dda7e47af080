import { Type, type Static } from 'typebox'
import { Id, Nullable, syncedFields, toCollectionSchema } from './common'

export const TranscriptSegmentDocument = Type.Object(
  {
    ...syncedFields,
    callId: Id,
    /**
     * Who spoke. Call audio arrives mixed; `unknown` is a voice not yet told apart (see the relay's
     * speaker attribution), never passed off as the caller's.
     */
    speaker: Type.Union([Type.Literal('caller'), Type.Literal('agent'), Type.Literal('staff'), Type.Literal('unknown')]),
    // Added in schema version 1; optional so older documents keep validating (see migration).
    /** How sure the relay is of `speaker` (0.5–1); null when it is not known or not inferred. */
    speakerConfidence: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
    text: Type.String({ maxLength: 10000 }),
    /** Offsets from the start of the call, in milliseconds. */
    startMs: Type.Integer({ minimum: 0, maximum: 86_400_000 }),
    endMs: Type.Integer({ minimum: 0, maximum: 86_400_000 }),
    /** Interim results are replaced by the final one for the same span. */
    isFinal: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type TranscriptSegment = Static<typeof TranscriptSegmentDocument>

export const transcriptSegmentsSchema = toCollectionSchema(TranscriptSegmentDocument, {
  version: 1,
  indexes: ['callId'],
})

/** RxDB upgrades stored segments with these: version 1 added the speaker's confidence. */
export const transcriptSegmentsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ speakerConfidence: null, ...old }),
}
