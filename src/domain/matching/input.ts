/**
 * What the matcher reads: bookings in the shape of architecture §7 and bank transactions exactly
 * as Plaid's `/transactions/sync` returns them in `added`. Both schemas accept extra properties,
 * so a full booking document or a Plaid object with fields we do not use still validates.
 *
 * The Plaid schema is written here rather than imported from the `plaid` package because the
 * domain imports no SDK; a type test in the CLI checks that Plaid's own `Transaction` fits it.
 */
import { Type, type Static } from 'typebox'
import { bookingStatuses } from '../schemas/bookings'
import { CalendarDate, Id, NonNegativeCents } from '../schemas/common'

/** An instant as ISO-8601 with a zone (`Z` or an offset); `createdAt` comes from other systems. */
const IsoInstant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$',
})

const OptionalNullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]))

export const MatchBooking = Type.Object({
  id: Id,
  customerName: Type.String({ minLength: 1, maxLength: 200 }),
  customerPhone: OptionalNullableString,
  customerEmail: OptionalNullableString,
  createdAt: IsoInstant,
  eventDate: CalendarDate,
  totalCents: NonNegativeCents,
  depositCents: NonNegativeCents,
  paidCents: NonNegativeCents,
  status: Type.Enum(bookingStatuses),
  /** Other names this customer pays under (a spouse, a parent, a company), from the owner's earlier decisions. */
  alsoPaysAs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
})
export type MatchBooking = Static<typeof MatchBooking>
export const MatchBookingList = Type.Array(MatchBooking)

const PlaidCounterparty = Type.Object({
  name: Type.String(),
  type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

const PlaidPaymentMeta = Type.Object({
  payer: OptionalNullableString,
  payee: OptionalNullableString,
  by_order_of: OptionalNullableString,
  payment_processor: OptionalNullableString,
  reason: OptionalNullableString,
})

const PlaidPersonalFinanceCategory = Type.Object({
  primary: Type.String(),
  detailed: Type.String(),
})

/** The Plaid `Transaction` fields the matcher uses; everything else passes through unchecked. */
export const PlaidTransactionInput = Type.Object({
  transaction_id: Type.String({ minLength: 1, maxLength: 128 }),
  account_id: Type.Optional(Type.String()),
  /** Dollars, Plaid's sign: positive is money leaving the account, negative is a deposit. */
  amount: Type.Number(),
  iso_currency_code: OptionalNullableString,
  unofficial_currency_code: OptionalNullableString,
  date: CalendarDate,
  authorized_date: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
  name: OptionalNullableString,
  merchant_name: OptionalNullableString,
  original_description: OptionalNullableString,
  payment_channel: OptionalNullableString,
  pending: Type.Optional(Type.Boolean()),
  pending_transaction_id: OptionalNullableString,
  counterparties: Type.Optional(Type.Union([Type.Array(PlaidCounterparty), Type.Null()])),
  personal_finance_category: Type.Optional(Type.Union([PlaidPersonalFinanceCategory, Type.Null()])),
  payment_meta: Type.Optional(Type.Union([PlaidPaymentMeta, Type.Null()])),
  transaction_type: OptionalNullableString,
})
export type PlaidTransactionInput = Static<typeof PlaidTransactionInput>
export const PlaidTransactionList = Type.Array(PlaidTransactionInput)
