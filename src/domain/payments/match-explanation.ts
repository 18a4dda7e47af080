/**
 * One bank deposit read against one chosen booking, in words a person reads: who paid, whether
 * the amount fits and whether the date does — and, before a person books it there, what it would
 * do to the booking (a second deposit, more than is owed). Pure: the console shows it under
 * "Why?" and in Re-match; the relay stores it on a match a person moved to another booking.
 */
import { amountFits } from '../matching/amount-fit'
import { dateFit } from '../matching/date-fit'
import type { MatchBooking, PlaidTransactionInput } from '../matching/input'
import { compareNames } from '../matching/name-similarity'
import type { MatchingOptions } from '../matching/options'
import { extractPayerNames } from '../matching/payer-names'
import { paymentRailNames, paymentRailOf } from '../matching/payment-rail'
import { scoreCandidate, type NameEvidence } from '../matching/scoring'
import { formatCents } from '../money'
import type { Booking } from '../schemas/bookings'
import type { PaymentMatch, PaymentType } from '../schemas/payment-matches'
import type { Transaction } from '../schemas/transactions'

/** The booking fields a reading needs (its money as it was before this deposit counted). */
export type PairBooking = Pick<Booking, 'id' | 'customerName' | 'createdAt' | 'eventDate' | 'totalCents' | 'depositCents' | 'paidCents' | 'status'> & {
  alsoPaysAs?: readonly string[]
}

export interface PairReading {
  /** What the deposit most likely pays on this booking (null: its amount fits nothing). */
  paymentType: PaymentType | null
  confidence: number
  /** Whole sentences, no ids or scores. */
  sentences: string[]
}

const typeWords: Record<PaymentType, string> = {
  deposit: 'the deposit',
  full: 'the full price',
  balance: 'the balance',
  balance_with_tip: 'the balance with a tip',
}

/** The Plaid-shaped view of a synced transaction, enough to read its payer, rail and dates. */
export function plaidViewOf(transaction: Transaction): PlaidTransactionInput {
  return {
    transaction_id: transaction.id,
    amount: transaction.amountCents / 100,
    date: transaction.date,
    authorized_date: transaction.authorizedDate,
    name: transaction.description,
    original_description: transaction.description,
    merchant_name: transaction.merchantName,
    counterparties: transaction.counterpartyName ? [{ name: transaction.counterpartyName, type: 'merchant' }] : [],
  }
}

/** A name banks print in capitals ("ROBERT OKAFOR") as people write it ("Robert Okafor"). */
export function personName(name: string): string {
  if (/\p{Ll}/u.test(name)) return name
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}

/** Who sent the money, as a person writes the name ("Robert Okafor"), or null when the bank names nobody. */
export function payerNameOf(transaction: Transaction): string | null {
  const name = transaction.counterpartyName ?? extractPayerNames(plaidViewOf(transaction))[0]?.name ?? null
  return name === null ? null : personName(name)
}

/** "Venmo", "Zelle", "bank deposit". */
export function railNameOf(transaction: Transaction): string {
  return paymentRailNames[paymentRailOf(plaidViewOf(transaction))]
}

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text)
const sentence = (text: string) => (/[.?!]$/.test(text) ? capitalise(text) : `${capitalise(text)}.`)

/** Reads the deposit against `booking` the way the matcher would, worded for a person. */
export function readPair(transaction: Transaction, booking: PairBooking, options: MatchingOptions): PairReading {
  const received = -transaction.amountCents
  const plaid = plaidViewOf(transaction)
  const payers = extractPayerNames(plaid)
  const matchBooking: MatchBooking = {
    id: booking.id,
    customerName: booking.customerName || 'unnamed customer',
    createdAt: booking.createdAt,
    eventDate: booking.eventDate,
    totalCents: booking.totalCents,
    depositCents: booking.depositCents,
    paidCents: booking.paidCents,
    status: booking.status,
    alsoPaysAs: [...(booking.alsoPaysAs ?? [])],
  }
  let name: NameEvidence = { score: 0, explanation: '', payerName: null }
  for (const payer of payers) {
    const own = compareNames(matchBooking.customerName, payer.name)
    let evidence: NameEvidence = { score: own.score, explanation: own.explanation, payerName: payer.name }
    for (const alias of matchBooking.alsoPaysAs ?? []) {
      const known = compareNames(alias, payer.name)
      if (known.score >= 0.85 && known.score > evidence.score) evidence = { score: known.score, explanation: `also pays as "${alias}"`, payerName: payer.name }
    }
    if (name.payerName === null || evidence.score > name.score) name = evidence
  }
  const paidOn = [transaction.authorizedDate, transaction.date].filter((date): date is string => !!date)
  const fits = amountFits(received, matchBooking, options)
  const readings = (fits.length > 0 ? fits : [null]).map((amount) =>
    scoreCandidate(matchBooking, amount, name, dateFit(amount?.paymentType ?? null, paidOn, matchBooking, options)),
  )
  const best = readings.sort((a, b) => b.confidence - a.confidence)[0]!

  const customer = booking.customerName || 'the customer'
  if (name.payerName !== null) name = { ...name, payerName: personName(name.payerName) }
  const sentences: string[] = []
  if (name.payerName === null) sentences.push('The bank line does not name who paid.')
  else if (name.score >= 0.95) sentences.push(`Paid by ${name.payerName}, the booking's customer.`)
  else if (name.explanation.startsWith('also pays as')) sentences.push(`Paid by ${name.payerName}, who has paid for ${customer} before.`)
  else if (name.score >= 0.5) sentences.push(`Paid by ${name.payerName}, a close match for ${customer}.`)
  else if (name.score > 0) sentences.push(`Paid by ${name.payerName}, who may be family of ${customer}.`)
  else sentences.push(`Paid by ${name.payerName}, who is not ${customer}.`)
  if (best.amount) sentences.push(sentence(best.amount.explanation))
  else sentences.push(`${formatCents(received)} fits neither the deposit, the full price nor the balance of this booking.`)
  sentences.push(sentence(best.date.explanation))
  if (booking.status === 'cancelled') sentences.push('The booking is cancelled.')
  if (best.paymentType) sentences.push(`Most likely ${typeWords[best.paymentType]}.`)
  return { paymentType: best.paymentType, confidence: best.confidence, sentences }
}

/** Deposits already counted on the booking (a card payment through Stripe, or a bank deposit). */
export function depositAlreadyPaid(booking: Pick<Booking, 'depositCents' | 'paidCents'>): boolean {
  return booking.depositCents > 0 && booking.paidCents >= booking.depositCents
}

/**
 * What booking `amountCents` as `paymentType` would do that a person should confirm: a second
 * deposit, or more than the booking still owes. Empty when nothing is surprising.
 */
export function rematchWarnings(booking: Pick<Booking, 'customerName' | 'totalCents' | 'depositCents' | 'paidCents'>, amountCents: number, paymentType: PaymentType): string[] {
  const warnings: string[] = []
  if (paymentType === 'deposit' && depositAlreadyPaid(booking)) {
    warnings.push(
      `${booking.customerName || 'This booking'} has already paid the ${formatCents(booking.depositCents)} deposit (${formatCents(booking.paidCents)} received so far): this would count a second deposit.`,
    )
  }
  const owed = Math.max(0, booking.totalCents - booking.paidCents)
  if (amountCents > owed && paymentType !== 'balance_with_tip') {
    warnings.push(
      `${formatCents(amountCents)} is more than the ${formatCents(owed)} still owed: the booking would be overpaid by ${formatCents(amountCents - owed)}.`,
    )
  }
  return warnings
}

/** The match fields "Why?" reads. */
type ExplainedMatch = Pick<PaymentMatch, 'status' | 'bookingId' | 'reasons' | 'decidedBy' | 'manualPayment'>

/**
 * "Why?" for a row of the queue, in sentences: the deposit read against the booking it is on (as
 * that booking stood before this money counted), or why it is on none. Never ids or scores.
 */
export function explainMatch(match: ExplainedMatch, transaction: Transaction | null, booking: PairBooking | null, options: MatchingOptions): string[] {
  const by = match.decidedBy && match.decidedBy !== 'matcher' ? ` by ${match.decidedBy}` : ''
  if (match.manualPayment) {
    return [`A ${match.manualPayment.method} payment recorded by hand${by}.`, ...(match.manualPayment.note ? [match.manualPayment.note] : [])]
  }
  if (!transaction) return ['The bank transaction has not reached this console yet.']
  const lead: string[] = []
  if (transaction.removed) lead.push('The bank removed this transaction: it no longer counts on any booking.')
  if (match.status === 'ignored') return [...lead, ...(match.reasons.length > 0 ? match.reasons.slice(0, 2).map(sentence) : ['Not a customer payment.'])]
  if (match.status === 'rejected') {
    return [...lead, `The proposed booking was rejected${by}: the money is unmatched until you match it to a booking with Re-match.`]
  }
  if (!match.bookingId || !booking) {
    return [...lead, 'No booking fits its payer, amount and date well enough to propose one. Use Re-match to choose one.']
  }
  const counted = match.status === 'accepted' || match.status === 'auto_accepted'
  const before = counted ? { ...booking, paidCents: Math.max(0, booking.paidCents + transaction.amountCents) } : booking
  return [...lead, ...readPair(transaction, before, options).sentences]
}
