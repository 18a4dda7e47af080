import { Type, type Static } from 'typebox'
import { Id, Instant, Nullable, PhoneNumber, syncedFields, toCollectionSchema } from './common'

/** A name this customer pays under: a spouse, a parent, a company. */
export const KnownPayer = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** The payment match whose acceptance taught it (null when the owner typed it). */
    learnedFrom: Nullable(Type.String({ maxLength: 128 })),
    addedAt: Instant,
  },
  { additionalProperties: false },
)
export type KnownPayer = Static<typeof KnownPayer>

export const CustomerDocument = Type.Object(
  {
    ...syncedFields,
    name: Type.String({ maxLength: 200 }),
    phone: Nullable(PhoneNumber),
    email: Nullable(Type.String({ maxLength: 254 })),
    notes: Type.String({ maxLength: 5000 }),
    /** Set by an SMS opt-out (STOP …); nothing is texted to this customer while true. */
    smsOptOut: Type.Boolean(),
    createdAt: Instant,
    // Added in schema version 1; optional so older documents keep validating (see migration).
    /** "Also pays as": payers the matcher takes for this customer. Learned from the owner's accepted matches; the owner edits it. */
    alsoPaysAs: Type.Optional(Type.Array(KnownPayer, { maxItems: 50 })),
    // Added in schema version 2.
    /**
     * This record is a duplicate merged into that customer (the owner proposes it; the relay
     * re-links the duplicate's bookings, threads and calls and records who merged). Setting it
     * back to null undoes the merge.
     */
    mergedInto: Type.Optional(Nullable(Id)),
    /** When and by which device the merge was accepted (the relay's stamp). */
    mergedAt: Type.Optional(Nullable(Instant)),
    mergedBy: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
)
export type Customer = Static<typeof CustomerDocument>

export const customersSchema = toCollectionSchema(CustomerDocument, { version: 2 })

/** RxDB upgrades stored customers with these: version 1 added "also pays as", version 2 merges. */
export const customersMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ alsoPaysAs: [], ...old }),
  2: (old: Record<string, unknown>): Record<string, unknown> => ({ mergedInto: null, mergedAt: null, mergedBy: null, ...old }),
}
