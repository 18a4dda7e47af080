/**
 * One candidate reading of a transaction — "this is booking B's deposit" — with its confidence
 * and the reasons behind it. Confidence weighs name, amount and date; a weak part caps it below
 * the auto-accept level however strong the others are, because a wrong auto-accept costs most.
 */
import type { PaymentType } from '../schemas/payment-matches'
import type { AmountFit } from './amount-fit'
import type { DateFit } from './date-fit'
import type { MatchBooking } from './input'
import type { NameSimilarity } from './name-similarity'

export interface NameEvidence extends NameSimilarity {
  /** The payer name that fitted best, or null when the transaction names nobody. */
  payerName: string | null
}

export interface Candidate {
  booking: MatchBooking
  paymentType: PaymentType | null
  amount: AmountFit | null
  name: NameEvidence
  date: DateFit
  confidence: number
  /** Name, amount and date sub-scores, then anything that held the confidence down. */
  reasons: string[]
}

const weights = { name: 0.45, amount: 0.35, date: 0.2 } as const

/** The amount and date weights, for scoring a reading whose name part is known to be zero. */
export const weightsWithoutName = { amount: weights.amount, date: weights.date } as const

/** Highest confidence a candidate may reach while it has the given weakness. */
const caps = {
  weakPart: 0.85, // any part short of convincing: a person should look
  noAmountFit: 0.6,
  cancelledBooking: 0.6,
  payerNameMismatch: 0.55,
} as const

/** Rounds down so a printed confidence never overstates the computed one. */
function roundDown(value: number): number {
  return Math.min(1, Math.max(0, Math.floor(value * 1000 + 1e-9) / 1000))
}

const subScore = (score: number) => score.toFixed(2)

export function scoreCandidate(
  booking: MatchBooking,
  amount: AmountFit | null,
  name: NameEvidence,
  date: DateFit,
): Candidate {
  const amountScore = amount?.score ?? 0
  let confidence = weights.name * name.score + weights.amount * amountScore + weights.date * date.score

  const limits: { cap: number; why: string }[] = []
  if (!amount) limits.push({ cap: caps.noAmountFit, why: 'the amount fits no payment of this booking' })
  if (booking.status === 'cancelled') limits.push({ cap: caps.cancelledBooking, why: 'the booking is cancelled' })
  if (name.payerName !== null && name.score === 0) {
    limits.push({ cap: caps.payerNameMismatch, why: 'the payer is named and is someone else' })
  }
  if (name.score < 0.8) limits.push({ cap: caps.weakPart, why: 'the name alone does not identify the customer' })
  if (amount && amountScore < 0.8) limits.push({ cap: caps.weakPart, why: 'the amount is not an exact fit' })
  // A payment a few days late is still sure when the name and the amount are exact.
  const lateButExact = name.score >= 0.95 && amountScore >= 1 && date.score >= 0.5
  if (date.score < 1 && !lateButExact) limits.push({ cap: caps.weakPart, why: 'the date is outside the expected window' })
  const applied: { cap: number; why: string }[] = []
  for (const limit of limits) {
    if (confidence > limit.cap) {
      confidence = limit.cap
      applied.push(limit)
    }
  }

  let reasons: string[] | null = null
  return {
    booking,
    paymentType: amount?.paymentType ?? null,
    amount,
    name,
    date,
    confidence: roundDown(confidence),
    // Worded only when read: a transaction is scored against many bookings and shown with one.
    get reasons() {
      reasons ??= [
        `Name ${subScore(name.score)}: ${name.payerName === null ? 'no payer named' : `payer "${name.payerName}"`} vs "${booking.customerName}" — ${name.explanation}`,
        amount
          ? `Amount ${subScore(amountScore)}: ${amount.explanation}`
          : `Amount 0.00: fits no deposit, full price, balance or tip for booking ${booking.id}`,
        `Date ${subScore(date.score)}: ${date.explanation}`,
        ...applied.map((limit) => `Capped at ${limit.cap.toFixed(2)}: ${limit.why}`),
      ]
      return reasons
    },
  }
}
