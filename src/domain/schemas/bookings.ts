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

export const timelineKinds = [
  'message',
  'call',
  'quote',
  'booking',
  'deposit_link',
  'payment',
  'reminder',
  'decision',
  'note',
] as const
export type TimelineKind = (typeof timelineKinds)[number]

export const timelineActors = ['customer', 'agent', 'staff', 'owner', 'relay'] as const
export type TimelineActor = (typeof timelineActors)[number]

export const TimelineEntry = Type.Object(
  {
    /** Stable, so the same fact recorded twice (a retried job, a redelivered webhook) is one entry. */
    id: Type.String({ minLength: 1, maxLength: 128 }),
    at: Instant,
    kind: Type.Enum(timelineKinds),
    actor: Type.Enum(timelineActors),
    /** A person's or device's name when a person acted. */
    by: Nullable(Type.String({ maxLength: 200 })),
    text: Type.String({ maxLength: 2000 }),
    /** The document this entry points at (`calls/…`, `conversations/…`, `paymentMatches/…`). */
    ref: Nullable(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)
export type TimelineEntry = Static<typeof TimelineEntry>

export const DepositCheckout = Type.Object(
  {
    sessionId: Type.String({ maxLength: 255 }),
    url: Type.String({ maxLength: 2000 }),
    status: Type.Enum(['open', 'complete', 'expired']),
    createdAt: Instant,
    expiresAt: Nullable(Instant),
  },
  { additionalProperties: false },
)
export type DepositCheckout = Static<typeof DepositCheckout>

/** A card payment the customer's bank disputes (a chargeback), as Stripe reports it. */
export const CardDispute = Type.Object(
  {
    /** Stripe's dispute id (`dp_…`). */
    id: Type.String({ minLength: 1, maxLength: 255 }),
    amountCents: NonNegativeCents,
    /** Stripe's reason code: `fraudulent`, `product_not_received`, `duplicate`, … */
    reason: Type.String({ maxLength: 64 }),
    /** Open until Stripe closes it; a lost dispute takes the money back. */
    status: Type.Enum(['open', 'won', 'lost']),
    openedAt: Instant,
    /** When evidence is due at Stripe, while open. */
    respondBy: Nullable(Instant),
    closedAt: Nullable(Instant),
  },
  { additionalProperties: false },
)
export type CardDispute = Static<typeof CardDispute>

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
    // Added in schema version 1; optional so older documents keep validating (see migration).
    /** Facts the status derives from (domain/bookings): never typed by hand. */
    quotedAt: Type.Optional(Nullable(Instant)),
    confirmedAt: Type.Optional(Nullable(Instant)),
    cancelledAt: Type.Optional(Nullable(Instant)),
    /** The agent suggestion this booking was made from, if any. */
    sourceSuggestionId: Type.Optional(Nullable(Id)),
    /** The Stripe Checkout session collecting the deposit. */
    depositCheckout: Type.Optional(Nullable(DepositCheckout)),
    /** Who did what and when: messages, quotes, payments, reminders, decisions. */
    timeline: Type.Optional(Type.Array(TimelineEntry, { maxItems: 1000 })),
    // Added in schema version 2.
    /**
     * Staff asked for a new deposit link (the last one expired): the relay makes one at Stripe,
     * texts it, and clears this. Devices never write `depositCheckout` itself.
     */
    depositLinkRequestedAt: Type.Optional(Nullable(Instant)),
    // Added in schema version 3: card money that went back (the relay's, from Stripe's events).
    /** Refunded to the customer's card; already taken off `paidCents`. */
    refundedCents: Type.Optional(NonNegativeCents),
    /** Chargebacks on this booking's card payments; a lost one is taken off `paidCents`. */
    disputes: Type.Optional(Type.Array(CardDispute, { maxItems: 20 })),
  },
  { additionalProperties: false },
)
export type Booking = Static<typeof BookingDocument>

export const bookingsSchema = toCollectionSchema(BookingDocument, {
  version: 3,
  indexes: ['eventDate'],
})

/** RxDB upgrades stored bookings with these, one step per version. */
export const bookingsMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({
    quotedAt: null,
    confirmedAt: null,
    cancelledAt: null,
    sourceSuggestionId: null,
    depositCheckout: null,
    timeline: [],
    ...old,
  }),
  /** Version 2 added the deposit-link request. */
  2: (old: Record<string, unknown>): Record<string, unknown> => ({ depositLinkRequestedAt: null, ...old }),
  /** Version 3 added card refunds and disputes. */
  3: (old: Record<string, unknown>): Record<string, unknown> => ({ refundedCents: 0, disputes: [], ...old }),
}
