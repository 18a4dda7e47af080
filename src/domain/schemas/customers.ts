import { Type, type Static } from 'typebox'
import { Instant, Nullable, PhoneNumber, syncedFields, toCollectionSchema } from './common'

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
  },
  { additionalProperties: false },
)
export type Customer = Static<typeof CustomerDocument>

export const customersSchema = toCollectionSchema(CustomerDocument, { version: 0 })
