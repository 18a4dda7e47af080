/**
 * Who sent the money, as far as a bank line tells: Plaid's `payment_meta.payer`, counterparties
 * that are not the payment service itself, and names inside Zelle / Venmo / Cash App / bank
 * descriptions such as "Zelle payment from ROBERT SMITH Conf# 8BC1" or "CASH APP*BOB SMITH".
 */
import type { PlaidTransactionInput } from './input'

export type PaymentRail = 'zelle' | 'venmo' | 'cash_app' | 'bank'

export interface PayerName {
  name: string
  source: 'payment_meta' | 'counterparty' | 'description'
}

/** The texts Plaid gives about a transaction, most detailed first. */
export function descriptionsOf(transaction: PlaidTransactionInput): string[] {
  const texts = [transaction.original_description, transaction.name, transaction.merchant_name].filter(
    (text): text is string => typeof text === 'string' && text.trim() !== '',
  )
  // Plaid often repeats one text in several fields; keep each once.
  return texts.filter((text, index) => texts.findIndex((other) => other.toLowerCase() === text.toLowerCase()) === index)
}

export function paymentRailOf(transaction: PlaidTransactionInput): PaymentRail {
  const text = [...descriptionsOf(transaction), ...(transaction.counterparties ?? []).map((party) => party.name)]
    .join(' ')
    .toLowerCase()
  if (/\bzelle\b/.test(text)) return 'zelle'
  if (/\bvenmo\b/.test(text)) return 'venmo'
  if (/\bcash\s*app\b|\bsquare\s*cash\b/.test(text)) return 'cash_app'
  return 'bank'
}

/** Words that name a service, an account or a bank line's furniture, never a person. */
const notPersonWords = new Set([
  'zelle', 'venmo', 'cash', 'app', 'cashapp', 'square', 'paypal', 'stripe', 'payment', 'payments',
  'transfer', 'xfer', 'deposit', 'credit', 'ach', 'online', 'mobile', 'bank', 'banking', 'checking',
  'chk', 'savings', 'sav', 'account', 'acct', 'instant', 'standard', 'from', 'to', 'conf', 'ref',
  'memo', 'web', 'ppd', 'ccd', 'id', 'na', 'usa',
])

/** Text after the payer's name in common description formats. */
const afterNamePattern =
  /\s+(?:on\s+\d|conf(?:irmation)?\b|ref\b|id\b|trn\b|memo\b|for\b|via\b|web\b|ppd\b|ccd\b)|\s+\d|[;#*|:]/i

function cleanCandidate(raw: string): string | null {
  const cut = raw.split(afterNamePattern)[0] ?? ''
  const name = cut.replace(/[^A-Za-z\s,'&.-]/g, ' ').replace(/\s+/g, ' ').trim().replace(/[,.]+$/, '')
  const words = name.toLowerCase().split(/[\s,.&]+/).filter((word) => word !== '')
  if (words.length === 0 || words.length > 5) return null
  if (words.some((word) => notPersonWords.has(word))) return null
  if (!words.some((word) => word.length >= 2)) return null
  return name
}

function namesInDescription(text: string): string[] {
  const found: string[] = []
  const patterns = [
    // "Zelle payment from NAME ...", "ZELLE FROM NAME ON 11/20", "DEPOSIT FROM NAME", "Venmo from NAME"
    /\b(?:from|frm)\s*:?\s+(.+)$/i,
    // "CASH APP*NAME*CITY", "VENMO *NAME"
    /\b(?:cash\s*app|square\s*cash|venmo)\s*\*\s*([^*]+)/i,
    // "Zelle Transfer Conf# ab12; NAME"
    /;\s*([A-Za-z][A-Za-z\s,'.-]+)$/,
  ]
  for (const pattern of patterns) {
    const match = pattern.exec(text)
    const candidate = match?.[1] ? cleanCandidate(match[1]) : null
    if (candidate) found.push(candidate)
  }
  return found
}

const serviceCounterpartyTypes = new Set(['financial_institution', 'payment_app', 'payment_terminal', 'marketplace'])

/** Every plausible payer name, without duplicates, strongest source first. */
export function extractPayerNames(transaction: PlaidTransactionInput): PayerName[] {
  const names: PayerName[] = []
  const seen = new Set<string>()
  const add = (raw: string | null | undefined, source: PayerName['source']) => {
    if (!raw) return
    const name = cleanCandidate(raw)
    if (!name) return
    const key = name.toLowerCase().replace(/[^a-z]/g, '')
    if (seen.has(key)) return
    seen.add(key)
    names.push({ name, source })
  }

  add(transaction.payment_meta?.payer, 'payment_meta')
  add(transaction.payment_meta?.by_order_of, 'payment_meta')
  for (const party of transaction.counterparties ?? []) {
    if (!serviceCounterpartyTypes.has(party.type ?? '')) add(party.name, 'counterparty')
  }
  for (const text of descriptionsOf(transaction)) {
    for (const name of namesInDescription(text)) add(name, 'description')
  }
  return names
}
