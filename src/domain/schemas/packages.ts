import { Type, type Static } from 'typebox'
import { CalendarDate, NonNegativeCents, Nullable, syncedFields, toCollectionSchema } from './common'

/** A seasonal offer. The agent never offers one outside its validity window. */
export const PackageDocument = Type.Object(
  {
    ...syncedFields,
    name: Type.String({ maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    pricePerAdultCents: NonNegativeCents,
    pricePerChildCents: NonNegativeCents,
    validFrom: CalendarDate,
    /** Inclusive; `null` means open-ended. */
    validTo: Nullable(CalendarDate),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type Package = Static<typeof PackageDocument>

export const packagesSchema = toCollectionSchema(PackageDocument, { version: 0 })
