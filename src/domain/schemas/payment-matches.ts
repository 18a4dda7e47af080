import { Type, type Static } from 'typebox'
import { Id, Instant, Nullable, syncedFields, toCollectionSchema } from './common'

export const paymentTypes = ['deposit', 'full', 'balance', 'balance_with_tip'] as const
export const PaymentType = Type.Enum(paymentTypes)
export type PaymentType = (typeof paymentTypes)[number]

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
  },
  { additionalProperties: false },
)
export type PaymentMatch = Static<typeof PaymentMatchDocument>

export const paymentMatchesSchema = toCollectionSchema(PaymentMatchDocument, { version: 0 })
