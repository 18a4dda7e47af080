import { Type, type Static } from 'typebox'
import { CalendarDate, ClockTime, NonNegativeCents, Nullable, PhoneNumber } from './common'

/**
 * What the agent has gathered towards a booking: every field may still be unknown. Staff turn a
 * draft into a booking in one step (domain/bookings), filling what is missing.
 */
export const BookingDraft = Type.Object(
  {
    customerName: Nullable(Type.String({ maxLength: 200 })),
    customerPhone: Nullable(PhoneNumber),
    eventDate: Nullable(CalendarDate),
    eventTime: Nullable(ClockTime),
    adults: Nullable(Type.Integer({ minimum: 0, maximum: 1000 })),
    kids: Nullable(Type.Integer({ minimum: 0, maximum: 1000 })),
    address: Nullable(Type.String({ maxLength: 500 })),
    zip: Nullable(Type.String({ maxLength: 10 })),
    subtotalCents: Nullable(NonNegativeCents),
    travelFeeCents: Nullable(NonNegativeCents),
    totalCents: Nullable(NonNegativeCents),
  },
  { additionalProperties: false },
)
export type BookingDraft = Static<typeof BookingDraft>
