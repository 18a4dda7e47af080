import { Type, type Static } from 'typebox'
import { CalendarDate, Cents, Nullable, syncedFields, toCollectionSchema } from './common'

/**
 * A bank transaction as the business sees it, normalised from Plaid. `amountCents` keeps
 * Plaid's sign convention: positive is money leaving the account, negative is a deposit.
 * The document id is Plaid's `transaction_id`.
 */
export const TransactionDocument = Type.Object(
  {
    ...syncedFields,
    accountId: Type.String({ maxLength: 128 }),
    amountCents: Cents,
    currency: Type.String({ maxLength: 3 }),
    date: CalendarDate,
    authorizedDate: Nullable(CalendarDate),
    description: Type.String({ maxLength: 500 }),
    merchantName: Nullable(Type.String({ maxLength: 200 })),
    counterpartyName: Nullable(Type.String({ maxLength: 200 })),
    paymentChannel: Type.String({ maxLength: 32 }),
    pending: Type.Boolean(),
    /** Set on a posted transaction that replaces an earlier pending one. */
    pendingTransactionId: Nullable(Type.String({ maxLength: 128 })),
    /** Plaid reported it removed; kept so decisions that referred to it stay explainable. */
    removed: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type Transaction = Static<typeof TransactionDocument>

export const transactionsSchema = toCollectionSchema(TransactionDocument, {
  version: 0,
  indexes: ['date'],
})
