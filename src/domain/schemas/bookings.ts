import { Type, type Static } from 'typebox'
import {
  CalendarDate,
  ClockTime,
  Id,
  Instant,
  NonNegativeCents,
  Nullable,
  PhoneNumber,
  syncedFields,
  toCollectionSchema,
} from './common'

export const bookingStatuses = [
  'inquiry',
  'quoted',
  'confirmed',
  'deposit_paid',
  'completed',
  'paid_in_full',
  'cancelled',
] as const
export const BookingStatus = Type.Enum(bookingStatuses)
export type BookingStatus = (typeof bookingStatuses)[number]

export const BookingDocument = Type.Object(
  {
    ...syncedFields,
    customerId: Nullable(Id),
    customerName: Type.String({ maxLength: 200 }),
    customerPhone: Nullable(PhoneNumber),
    customerEmail: Nullable(Type.String({ maxLength: 254 })),
    eventDate: CalendarDate,
    eventTime: Nullable(ClockTime),
    adults: Type.Integer({ minimum: 0, maximum: 1000 }),
    kids: Type.Integer({ minimum: 0, maximum: 1000 }),
    address: Nullable(Type.String({ maxLength: 500 })),
    zip: Nullable(Type.String({ maxLength: 10 })),
    subtotalCents: NonNegativeCents,
    travelFeeCents: NonNegativeCents,
    totalCents: NonNegativeCents,
    depositCents: NonNegativeCents,
    paidCents: NonNegativeCents,
    status: BookingStatus,
    notes: Type.String({ maxLength: 5000 }),
    createdAt: Instant,
  },
  { additionalProperties: false },
)
export type Booking = Static<typeof BookingDocument>

export const bookingsSchema = toCollectionSchema(BookingDocument, {
  version: 0,
  indexes: ['eventDate'],
})
