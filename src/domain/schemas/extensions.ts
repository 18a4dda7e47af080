import { Type, type Static } from 'typebox'
import { ClockTime, Nullable, PhoneNumber, syncedFields, toCollectionSchema } from './common'

export const WorkingHours = Type.Object(
  {
    /** 0 = Sunday … 6 = Saturday, in the business's time zone. */
    weekday: Type.Integer({ minimum: 0, maximum: 6 }),
    start: ClockTime,
    end: ClockTime,
  },
  { additionalProperties: false },
)
export type WorkingHours = Static<typeof WorkingHours>

export const ExtensionDocument = Type.Object(
  {
    ...syncedFields,
    /** The short dialable number (`"101"`). */
    extensionNumber: Type.String({ maxLength: 8, pattern: '^\\d{1,8}$' }),
    /** RingCentral's extension id, a string even though its REST API returns a number. */
    ringCentralExtensionId: Nullable(Type.String({ maxLength: 32 })),
    employeeName: Type.String({ maxLength: 200 }),
    role: Type.Union([Type.Literal('owner'), Type.Literal('frontdesk'), Type.Literal('chef')]),
    status: Type.Union([Type.Literal('available'), Type.Literal('busy'), Type.Literal('offline')]),
    workingHours: Type.Array(WorkingHours, { maxItems: 21 }),
    /** Escalations try the primary extension first. */
    isPrimary: Type.Boolean(),
    alertPhone: Nullable(PhoneNumber),
  },
  { additionalProperties: false },
)
export type Extension = Static<typeof ExtensionDocument>

export const extensionsSchema = toCollectionSchema(ExtensionDocument, { version: 0 })
