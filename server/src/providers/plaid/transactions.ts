/**
 * Plaid transactions → `transactions` documents. Amounts become integer cents with Plaid's sign
 * kept (positive = money leaving the account); rounding, never truncation.
 */
import type { Transaction as PlaidTransaction } from 'plaid'
import { dollarsToCents } from '../../../../src/domain/money'
import type { Transaction } from '../../../../src/domain/schemas'
import { withoutNulCharacters } from '../../../../src/domain/plain-text'

export function toTransactionDocument(plaid: PlaidTransaction): Omit<Transaction, 'updatedAt'> {
  const counterparty = plaid.counterparties?.find((c) => c.name)?.name ?? plaid.payment_meta?.payer ?? null
  return {
    id: plaid.transaction_id,
    accountId: plaid.account_id,
    amountCents: dollarsToCents(plaid.amount),
    currency: (plaid.iso_currency_code ?? plaid.unofficial_currency_code ?? 'USD').slice(0, 3),
    date: plaid.date,
    authorizedDate: plaid.authorized_date ?? null,
    description: withoutNulCharacters(plaid.original_description ?? plaid.name ?? '').slice(0, 500),
    merchantName: plaid.merchant_name ? withoutNulCharacters(plaid.merchant_name).slice(0, 200) : null,
    counterpartyName: counterparty ? withoutNulCharacters(counterparty).slice(0, 200) : null,
    paymentChannel: String(plaid.payment_channel ?? 'other').slice(0, 32),
    pending: plaid.pending,
    pendingTransactionId: plaid.pending_transaction_id ?? null,
    removed: false,
  }
}
