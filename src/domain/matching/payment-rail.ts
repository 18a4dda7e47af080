/**
 * Which payment rail brought money in, read from what Plaid says about a transaction: the
 * description words banks use, the counterparty Plaid recognised and the check number.
 */
import type { PlaidTransactionInput } from './input'

export const paymentRails = ['zelle', 'venmo', 'cash_app', 'paypal', 'apple_cash', 'check', 'wire', 'ach', 'bank'] as const
export type PaymentRail = (typeof paymentRails)[number]

/** How a rail reads in a sentence ("… received by Zelle"). */
export const paymentRailNames: Record<PaymentRail, string> = {
  zelle: 'Zelle',
  venmo: 'Venmo',
  cash_app: 'Cash App',
  paypal: 'PayPal',
  apple_cash: 'Apple Cash',
  check: 'check',
  wire: 'wire',
  ach: 'ACH transfer',
  bank: 'bank deposit',
}

/** The texts Plaid gives about a transaction, most detailed first, each once. */
export function descriptionsOf(transaction: PlaidTransactionInput): string[] {
  const texts = [transaction.original_description, transaction.name, transaction.merchant_name].filter(
    (text): text is string => typeof text === 'string' && text.trim() !== '',
  )
  return texts.filter((text, index) => texts.findIndex((other) => other.toLowerCase() === text.toLowerCase()) === index)
}

/** Rails in the order they are looked for: a Zelle line sent "via ACH" is Zelle. */
const railPatterns: readonly [PaymentRail, RegExp][] = [
  ['zelle', /\bzelle\b|\bzel\s*[*/]|\bqp\s+rcvd\b|\bquickpay\b/i],
  ['venmo', /\bvenmo\b/i],
  ['cash_app', /\bcash\s*app\b|\bcashapp\b|\bsquare\s*cash\b|\bsq\s*\*\s*cash\b/i],
  ['paypal', /\bpay\s*pal\b/i],
  ['apple_cash', /\bapple\s*cash\b|\bapple\s*pay\s*cash\b/i],
  ['wire', /\bwire\b|\bfedwire\b|\bwt\s+fed\b|\bwt\s+seq\b|\bchips\s+credit\b|\bb\/o:|\borg=|\bbook\s+transfer\s+credit\b/i],
  [
    'check',
    /\bcheck\b|\bchk\s+dep|\bcheque\b|\bmobile\s+dep|\bbkofamerica\s+mobile\b|\bmobile\s+check\b|\bremote\s+(?:online\s+)?dep|\brdc\b|\bedeposit\b|\bdeposited\s+item|\bimage\s+dep/i,
  ],
  ['ach', /\bach\b|\bppd\b|\bccd\b|\bdes:|\borig\s+co\s+name\b|\bco\s+entry\b|\bdirect\s+dep|\belectronic\s+dep|\bext(?:ernal)?\s+(?:trnsfr|transfer|xfer)\b/i],
]

export function paymentRailOf(transaction: PlaidTransactionInput): PaymentRail {
  if (typeof (transaction as { check_number?: unknown }).check_number === 'string') return 'check'
  // The bank's own words first; Plaid's processor guess only when they say nothing.
  const texts = [...descriptionsOf(transaction), ...(transaction.counterparties ?? []).map((party) => party.name)].join(' | ')
  for (const [rail, pattern] of railPatterns) if (pattern.test(texts)) return rail
  const processor = transaction.payment_meta?.payment_processor ?? ''
  for (const [rail, pattern] of railPatterns) if (pattern.test(processor)) return rail
  return 'bank'
}
