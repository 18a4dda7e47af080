/**
 * Which bank lines could be a customer paying a booking. Everything else — money out, payouts
 * from card processors, cash-outs from payment apps, transfers between the business's own
 * accounts, refunds, interest — is `ignored` by the matcher.
 */
import { dollarsToCents } from '../money'
import type { PlaidTransactionInput } from './input'
import { descriptionsOf, type PayerName } from './payer-names'

export type TransactionKind =
  | { kind: 'incoming'; amountCents: number }
  | { kind: 'not_a_payment'; reason: string }

/** Plaid categories that are never a customer's payment. */
const nonPaymentCategories = new Set([
  'TRANSFER_IN_SAVINGS',
  'TRANSFER_IN_INVESTMENT_AND_RETIREMENT_FUNDS',
  'TRANSFER_IN_CASH_ADVANCES_AND_LOANS',
  'INCOME_DIVIDENDS',
  'INCOME_INTEREST_EARNED',
  'INCOME_RETIREMENT_PENSION',
  'INCOME_TAX_REFUND',
  'INCOME_UNEMPLOYMENT',
  'INCOME_WAGES',
])

const payoutPattern =
  /\bcash\s*-?\s*out\b|\bcashout\b|\bpayouts?\b|\bstripe\b|\bsquare\s+inc\b|\bpaypal\s+transfer\b|\bshopify\b|\b(?:instant|standard)\s+transfer\b/i
const ownAccountPattern =
  /\btransfer\s+(?:from|to)\s+(?:chk|checking|sav|savings|share|money\s+market|brokerage|acct|account|x{2,}|\.{2,}|\*+)|\b(?:internal|book)\s+transfer\b/i
const refundPattern = /\brefund\b|\breversal\b|\breturned?\s+(?:item|payment)\b|\binterest\b|\bcash\s*back\b|\brebate\b/i
const paymentApps = /\b(?:venmo|cash\s*app|square\s*cash|paypal|zelle)\b/i

export function classifyTransaction(transaction: PlaidTransactionInput, payerNames: PayerName[]): TransactionKind {
  const amountCents = dollarsToCents(transaction.amount)
  // Plaid's sign convention: positive is money leaving the account.
  if (amountCents > 0) return { kind: 'not_a_payment', reason: 'Money out of the account, not a payment received' }
  if (amountCents === 0) return { kind: 'not_a_payment', reason: 'Zero amount' }

  const text = descriptionsOf(transaction).join(' | ')
  const category = transaction.personal_finance_category?.detailed ?? ''
  if (nonPaymentCategories.has(category)) {
    return { kind: 'not_a_payment', reason: `Plaid categorises it as ${category}, not a customer payment` }
  }
  if (payoutPattern.test(text)) {
    return { kind: 'not_a_payment', reason: `Payout or cash-out from a payment service ("${text}"), not a single customer payment` }
  }
  if (ownAccountPattern.test(text)) {
    return { kind: 'not_a_payment', reason: `Transfer between the business's own accounts ("${text}")` }
  }
  if (refundPattern.test(text)) {
    return { kind: 'not_a_payment', reason: `Refund, reversal or interest ("${text}"), not a customer payment` }
  }
  // A payment app moving money in with nobody named is the business moving its own balance.
  const fromPaymentApp =
    paymentApps.test(text) ||
    (transaction.counterparties ?? []).some((party) => party.type === 'payment_app' && paymentApps.test(party.name))
  if (fromPaymentApp && payerNames.length === 0 && category.startsWith('TRANSFER_IN')) {
    return { kind: 'not_a_payment', reason: 'Transfer in from a payment app with no payer named (a cash-out)' }
  }
  return { kind: 'incoming', amountCents: -amountCents }
}
