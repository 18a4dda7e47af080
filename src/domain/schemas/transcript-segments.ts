import { Type, type Static } from 'typebox'
import { Id, syncedFields, toCollectionSchema } from './common'

export const TranscriptSegmentDocument = Type.Object(
  {
    ...syncedFields,
    callId: Id,
    speaker: Type.Union([Type.Literal('caller'), Type.Literal('agent'), Type.Literal('staff')]),
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
  version: 0,
  indexes: ['callId'],
})
