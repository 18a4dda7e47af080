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
  /** The name the customer also pays as that the payer fitted, when that is what scored. */
  knownPayer?: string
  /** A relative's surname counted as the household's, because the amount singled the booking out. */
  household?: true
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

interface Limit {
  cap: number
  why: string
}

/** Why a cap applies, as the reasons say it. */
const limitsOf = {
  noAmountFit: { cap: caps.noAmountFit, why: 'the amount fits no payment of this booking' },
  cancelledBooking: { cap: caps.cancelledBooking, why: 'the booking is cancelled' },
  payerNameMismatch: { cap: caps.payerNameMismatch, why: 'the payer is named and is someone else' },
  weakName: { cap: caps.weakPart, why: 'the name alone does not identify the customer' },
  weakAmount: { cap: caps.weakPart, why: 'the amount is not an exact fit' },
  weakDate: { cap: caps.weakPart, why: 'the date is outside the expected window' },
} as const satisfies Record<string, Limit>

const noLimits: readonly Limit[] = []

/** The date part a late payment in order counts for, from the customer's own name and for the exact amount. */
const lateInOrderScore = 0.5

/** The amount part a larger deposit counts for, from the customer's own name inside the deposit window. */
const largerDepositScore = 0.8

/** Not a cap: says why a larger deposit still scored (worded with the limits). */
const largerDepositNote: Limit = { cap: -1, why: `a larger deposit, by the customer on time: the amount counts ${largerDepositScore.toFixed(2)}` }

/** Not a cap: says why a late payment still scored (worded with the limits). */
const lateFromTheCustomerNote: Limit = { cap: -1, why: `paid late but in order, by the customer for the exact amount: the date counts ${lateInOrderScore.toFixed(2)}` }

const subScore = (score: number) => score.toFixed(2)

/**
 * A candidate whose reasons are worded only when read: a transaction is scored against many
 * bookings and shown with one. A class, because an object literal with its own getter costs V8 a
 * slow path each time one is made.
 */
class ScoredCandidate implements Candidate {
  readonly paymentType: PaymentType | null
  private worded: string[] | null = null

  constructor(
    readonly booking: MatchBooking,
    readonly amount: AmountFit | null,
    readonly name: NameEvidence,
    readonly date: DateFit,
    readonly confidence: number,
    private readonly applied: readonly Limit[],
  ) {
    this.paymentType = amount?.paymentType ?? null
  }

  get reasons(): string[] {
    const { booking, amount, name, date } = this
    this.worded ??= [
      `Name ${subScore(name.score)}: ${name.payerName === null ? 'no payer named' : `payer "${name.payerName}"`} vs "${booking.customerName}" — ${name.explanation}`,
      amount ? `Amount ${subScore(amount.score)}: ${amount.explanation}` : `Amount 0.00: fits no deposit, full price, balance or tip for booking ${booking.id}`,
      `Date ${subScore(date.score)}: ${date.explanation}`,
      ...this.applied.map((limit) => (limit.cap < 0 ? `Counted: ${limit.why}` : `Capped at ${limit.cap.toFixed(2)}: ${limit.why}`)),
    ]
    return this.worded
  }
}

/** Rounds down so a printed confidence never overstates the computed one. */
function roundDown(value: number): number {
  return Math.min(1, Math.max(0, Math.floor(value * 1000 + 1e-9) / 1000))
}

export function scoreCandidate(
  booking: MatchBooking,
  amount: AmountFit | null,
  name: NameEvidence,
  date: DateFit,
): Candidate {
  // A larger deposit from the customer's own name, on time: the booking is sure, only the sum unusual.
  const largerDepositFromTheCustomer = name.score >= 0.95 && amount?.partPayment === true && date.score >= 1
  const amountScore = largerDepositFromTheCustomer ? largerDepositScore : (amount?.score ?? 0)
  // The customer's own name and the exact amount, paid late but in order: late, not doubtful.
  const lateFromTheCustomer = name.score >= 0.95 && amountScore >= 1 && date.lateInOrder === true && date.score < lateInOrderScore
  const dateScore = lateFromTheCustomer ? lateInOrderScore : date.score
  let confidence = weights.name * name.score + weights.amount * amountScore + weights.date * dateScore

  const limits: Limit[] = []
  if (!amount) limits.push(limitsOf.noAmountFit)
  if (booking.status === 'cancelled') limits.push(limitsOf.cancelledBooking)
  if (name.payerName !== null && name.score === 0) limits.push(limitsOf.payerNameMismatch)
  if (name.score < 0.8) limits.push(limitsOf.weakName)
  if (amount && amountScore < 0.8) limits.push(limitsOf.weakAmount)
  // A payment a few days late is still sure when the name and the amount are exact.
  const lateButExact = name.score >= 0.95 && amountScore >= 1 && dateScore >= lateInOrderScore
  if (dateScore < 1 && !lateButExact) limits.push(limitsOf.weakDate)
  let applied: readonly Limit[] = noLimits
  for (const limit of limits) {
    if (confidence > limit.cap) {
      confidence = limit.cap
      applied = [...applied, limit]
    }
  }

  if (lateFromTheCustomer) applied = [...applied, lateFromTheCustomerNote]
  if (largerDepositFromTheCustomer) applied = [...applied, largerDepositNote]
  return new ScoredCandidate(booking, amount, name, date, roundDown(confidence), applied)
}
