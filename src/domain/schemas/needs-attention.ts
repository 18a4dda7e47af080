import { Type, type Static } from 'typebox'
import { Instant, Nullable, syncedFields, toCollectionSchema } from './common'

/**
 * Something a person must look at: an edit that lost a conflict (with what each side had, so it
 * can be re-applied), or work that kept failing. Nothing in the product is dropped silently.
 */
export const NeedsAttentionDocument = Type.Object(
  {
    ...syncedFields,
    /**
     * `rejected_edit`: lost a conflict (can be re-applied); `refused_edit`: outside what the device
     * may write, or over its quota (re-applying would be refused again); `failed_job`: work the relay
     * could not finish; `payment_alert`: a provider reported something about money the owner must
     * act on (a card payment disputed).
     */
    kind: Type.Union([Type.Literal('rejected_edit'), Type.Literal('refused_edit'), Type.Literal('failed_job'), Type.Literal('payment_alert')]),
    /** One line for the list, e.g. "Your change to a booking's status was not applied". */
    title: Type.String({ maxLength: 300 }),
    // Not `collection`: RxDB reserves that name on documents.
    collectionName: Nullable(Type.String({ maxLength: 40 })),
    documentId: Nullable(Type.String({ maxLength: 64 })),
    conflictingFields: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
    /** The relay's version when the edit was refused. */
    serverState: Nullable(Type.Object({}, { additionalProperties: true })),
    /** The edit as the device made it. */
    rejectedEdit: Nullable(Type.Object({}, { additionalProperties: true })),
    deviceId: Nullable(Type.String({ maxLength: 64 })),
    deviceName: Nullable(Type.String({ maxLength: 100 })),
    createdAt: Instant,
    status: Type.Union([Type.Literal('open'), Type.Literal('reapplied'), Type.Literal('dismissed')]),
    resolvedBy: Nullable(Type.String({ maxLength: 100 })),
    resolvedAt: Nullable(Instant),
  },
  { additionalProperties: false },
)
export type NeedsAttention = Static<typeof NeedsAttentionDocument>

export const needsAttentionSchema = toCollectionSchema(NeedsAttentionDocument, { version: 2 })

/** RxDB upgrades stored items with these: version 1 added the `refused_edit` kind, 2 `payment_alert`. */
export const needsAttentionMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => old,
  2: (old: Record<string, unknown>): Record<string, unknown> => old,
}

/** A `failed_job` item: work the relay could not finish, listed for a person to look at. */
export function failedJobItem(fields: {
  id: string
  title: string
  collectionName: string
  documentId: string
  detail: Record<string, unknown> | null
  createdAt: string
}): Omit<NeedsAttention, 'updatedAt'> {
  return {
    id: fields.id,
    kind: 'failed_job',
    title: fields.title.slice(0, 300),
    collectionName: fields.collectionName,
    documentId: fields.documentId.slice(0, 64),
    conflictingFields: [],
    serverState: null,
    rejectedEdit: fields.detail,
    deviceId: null,
    deviceName: null,
    createdAt: fields.createdAt,
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
  }
}
