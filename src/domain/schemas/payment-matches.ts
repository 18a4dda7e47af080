import { Type, type Static } from 'typebox'
import { CalendarDate, Id, Instant, Nullable, syncedFields, toCollectionSchema } from './common'

export const paymentTypes = ['deposit', 'full', 'balance', 'balance_with_tip'] as const
export const PaymentType = Type.Enum(paymentTypes)
export type PaymentType = (typeof paymentTypes)[number]

/**
 * A cash or check payment the owner recorded against a booking. The owner's device creates the
 * match with this set (transaction id `manual_…`); the relay checks it and only then establishes
 * the money as a `transactions` document, so it reconciles like a bank line.
 */
export const ManualPayment = Type.Object(
  {
    method: Type.Union([Type.Literal('cash'), Type.Literal('check')]),
    amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    /** The day the money was received, in the business's time zone. */
    receivedOn: CalendarDate,
    payer: Nullable(Type.String({ maxLength: 200 })),
    checkNumber: Nullable(Type.String({ maxLength: 32 })),
    note: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
)
export type ManualPayment = Static<typeof ManualPayment>

/** What the matcher proposed, and what a person decided about it. */
export const PaymentMatchDocument = Type.Object(
  {
    ...syncedFields,
    transactionId: Type.String({ maxLength: 128 }),
    bookingId: Nullable(Id),
    paymentType: Nullable(PaymentType),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    status: Type.Union([
      Type.Literal('auto_accepted'),
      Type.Literal('needs_review'),
      Type.Literal('unmatched'),
      Type.Literal('ignored'),
      Type.Literal('accepted'),
      Type.Literal('rejected'),
    ]),
    reasons: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
    decidedBy: Nullable(Type.String({ maxLength: 200 })),
    decidedAt: Nullable(Instant),
    // Added in schema version 1; optional so older documents keep validating (see migration).
    manualPayment: Type.Optional(Nullable(ManualPayment)),
  },
  { additionalProperties: false },
)
export type PaymentMatch = Static<typeof PaymentMatchDocument>

export const paymentMatchesSchema = toCollectionSchema(PaymentMatchDocument, { version: 1 })

/** RxDB upgrades stored matches with these: version 1 added cash and check payments. */
export const paymentMatchesMigrationStrategies = {
  1: (old: Record<string, unknown>): Record<string, unknown> => ({ manualPayment: null, ...old }),
}

/** Transaction ids of cash and check payments the owner recorded start with this. */
export const manualTransactionPrefix = 'manual_'
