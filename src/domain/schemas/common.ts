/**
 * Building blocks shared by every synced collection schema.
 *
 * Collection schemas are TypeBox objects: the same JSON Schema serves RxDB in the console,
 * validation on the relay, and the TypeScript types of both (via `Static`).
 */
import { Type, type TObject, type TProperties, type TSchema } from 'typebox'

/** Primary keys are short opaque strings; RxDB needs a maxLength on the primary key. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_:.-]+$' })

/** An instant, ISO-8601 in UTC (`2026-11-22T18:04:58.000Z`). */
export const Instant = Type.String({
  maxLength: 30,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$',
})

/** A calendar date in the business's time zone (`YYYY-MM-DD`). */
export const CalendarDate = Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

/** A wall-clock time in the business's time zone (`HH:MM`, 24 h). */
export const ClockTime = Type.String({ maxLength: 5, pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })

/** Money is always integer cents. */
export const Cents = Type.Integer({ minimum: -1_000_000_000_00, maximum: 1_000_000_000_00 })
export const NonNegativeCents = Type.Integer({ minimum: 0, maximum: 1_000_000_000_00 })

/** A phone number in E.164 form (`+14085550199`). */
export const PhoneNumber = Type.String({ maxLength: 16, pattern: '^\\+[1-9]\\d{6,14}$' })

/** A value that is explicitly `null` when unknown (RxDB stores `null`, never `undefined`). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** Fields every synced document carries: `updatedAt` is assigned by the relay. */
export const syncedFields = {
  id: Id,
  updatedAt: Instant,
} as const

export interface CollectionSchemaOptions {
  /** Bump with a migration strategy whenever the document shape changes. */
  version: number
  /** Extra indexes; `updatedAt` + `id` (the replication checkpoint) is always indexed. */
  indexes?: readonly string[]
}

/**
 * Turns a document schema into the JSON schema RxDB expects. Spreading copies only the
 * enumerable JSON Schema keys, so TypeBox's internal markers never reach RxDB.
 */
export function toCollectionSchema<T extends TObject<TProperties>>(
  document: T,
  options: CollectionSchemaOptions,
) {
  return {
    ...document,
    version: options.version,
    primaryKey: 'id',
    indexes: [['updatedAt', 'id'], ...(options.indexes ?? [])],
  } as const
}
