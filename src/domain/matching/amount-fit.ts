/**
 * Which payment a received amount could be for a booking: the deposit, the full price, the
 * balance, or the balance plus a tip. All money is integer cents.
 */
import { formatCents } from '../money'
import type { PaymentType } from '../schemas/payment-matches'
import type { MatchBooking } from './input'
import type { MatchingOptions } from './options'

export interface AmountFit {
  paymentType: PaymentType
  /** 0..1: 1 is the exact amount; a tip within the usual range scores a little lower. */
  score: number
  /** What the payment pays off the booking's price (a tip is on top of this). */
  appliedCents: number
  /** A balance computed on the assumption that the deposit is paid although not yet recorded. */
  assumesUnrecordedDeposit: boolean
  /** More than the deposit and less than what is owed: a larger deposit or a part payment. */
  partPayment?: boolean
  explanation: string
}

/*
 * Fits are worded only when read: a batch scores hundreds of thousands and shows a few. They are
 * classes with the wording on the prototype and no closures, because an object literal with its
 * own getter costs V8 a slow path (microseconds) each time one is made, and every closure is
 * memory a large batch keeps until the end.
 */

/** The received amount read as one of the amounts the booking expects. */
class ExpectedAmountFit implements AmountFit {
  constructor(
    readonly paymentType: PaymentType,
    readonly score: number,
    readonly appliedCents: number,
    readonly assumesUnrecordedDeposit: boolean,
    private readonly receivedCents: number,
    private readonly closeness: Closeness,
    private readonly label: string,
  ) {}

  get explanation(): string {
    return `${formatCents(this.receivedCents)} is ${this.closeness.note} the ${this.label} (${formatCents(this.appliedCents)})`
  }
}

/** The received amount read as what settles the booking plus a tip. */
class TipFit implements AmountFit {
  readonly paymentType = 'balance_with_tip'

  constructor(
    readonly score: number,
    readonly appliedCents: number,
    readonly assumesUnrecordedDeposit: boolean,
    private readonly receivedCents: number,
    private readonly percent: number,
  ) {}

  get explanation(): string {
    return `${formatCents(this.receivedCents)} is the ${formatCents(this.appliedCents)} balance plus a ${this.percent.toFixed(1)} % tip`
  }
}

/** More than the deposit and less than what is owed: a larger deposit or a part payment. */
class PartPaymentFit implements AmountFit {
  readonly paymentType = 'deposit'
  readonly score = 0.5
  readonly assumesUnrecordedDeposit = false
  readonly partPayment = true

  constructor(
    readonly appliedCents: number,
    private readonly depositOwedCents: number,
    private readonly remainingCents: number,
  ) {}

  get explanation(): string {
    return `${formatCents(this.appliedCents)} is more than the deposit (${formatCents(this.depositOwedCents)}) and less than the ${formatCents(this.remainingCents)} owed: a larger deposit or a part payment?`
  }
}

/** Tip percentages people pick; a tip landing on one is a slightly stronger sign. */
const commonTipPercents = [10, 15, 18, 20, 22, 25, 30, 35, 40, 50]

interface Closeness {
  score: number
  note: string
}

/**
 * What payment apps keep of a payment sent to a business account: a received amount equal to
 * what was sent less one of these fees (to the cent) is as good as exact.
 */
const appFees: readonly { percent: number; fixedCents: number; closeness: Closeness }[] = [
  { label: "Cash App's 2.75 % fee", percent: 2.75, fixedCents: 0 },
  { label: "Venmo's 1.9 % + $0.10 fee", percent: 1.9, fixedCents: 10 },
  { label: "PayPal's 2.99 % + $0.49 fee", percent: 2.99, fixedCents: 49 },
  { label: "PayPal's 3.49 % + $0.49 fee", percent: 3.49, fixedCents: 49 },
].map(({ label, percent, fixedCents }) => ({ percent, fixedCents, closeness: { score: 0.9, note: `exactly (less ${label})` } }))

const exactly: Closeness = { score: 1, note: 'exactly' }
const withinADollar: Closeness = { score: 0.7, note: 'within $1 of' }
const aFewPercentBelow: Closeness = { score: 0.6, note: 'a few percent (a payment-app fee?) below' }

/** 1 for the exact amount; 0.9 for it less a known app fee; less for a near miss a person should look at; null otherwise. */
function closenessOf(receivedCents: number, expectedCents: number): Closeness | null {
  const difference = receivedCents - expectedCents
  if (difference === 0) return exactly
  if (difference < 0) {
    for (const fee of appFees) {
      const afterFee = expectedCents - Math.round((expectedCents * fee.percent) / 100) - fee.fixedCents
      if (Math.abs(receivedCents - afterFee) <= 1) return fee.closeness
    }
  }
  if (Math.abs(difference) <= 100) return withinADollar
  // Business accounts on Venmo and Cash App receive the payment less a fee of about 2–3 %.
  if (difference < 0 && -difference <= expectedCents * 0.035) return aFewPercentBelow
  return null
}

/** How sure a tip of `percent` on top of what settles the booking is: 0 outside the configured range. */
function tipScore(percent: number, options: MatchingOptions): number {
  if (percent < options.tipPercent.min || percent > options.tipPercent.max) return 0
  return commonTipPercents.some((tip) => Math.abs(tip - percent) <= 0.5) ? 0.9 : 0.85
}

function considerExpected(
  fits: AmountFit[],
  receivedCents: number,
  paymentType: PaymentType,
  expectedCents: number,
  label: string,
  assumesUnrecordedDeposit: boolean,
): void {
  if (expectedCents <= 0) return
  const closeness = closenessOf(receivedCents, expectedCents)
  if (closeness) fits.push(new ExpectedAmountFit(paymentType, closeness.score, expectedCents, assumesUnrecordedDeposit, receivedCents, closeness, label))
}

/** A tip can come on top of whatever settles the booking, the full price included. */
function considerTip(fits: AmountFit[], receivedCents: number, settlementCents: number, assumesUnrecordedDeposit: boolean, options: MatchingOptions): void {
  if (receivedCents <= settlementCents) return
  const percent = ((receivedCents - settlementCents) * 100) / settlementCents
  const score = tipScore(percent, options)
  if (score > 0) fits.push(new TipFit(score, settlementCents, assumesUnrecordedDeposit, receivedCents, percent))
}

/** Every reading of `receivedCents` that fits the booking at all, best first. */
export function amountFits(receivedCents: number, booking: MatchBooking, options: MatchingOptions): AmountFit[] {
  const fits: AmountFit[] = []
  const { totalCents, depositCents, paidCents } = booking
  const remainingCents = totalCents - paidCents
  if (remainingCents <= 0) return fits

  const depositOutstanding = depositCents > 0 && paidCents < depositCents
  if (depositOutstanding) considerExpected(fits, receivedCents, 'deposit', depositCents - paidCents, 'deposit', false)
  if (paidCents === 0) considerExpected(fits, receivedCents, 'full', totalCents, 'full price', false)

  // The balance is what is left; if the deposit is not recorded yet, also what is left after it.
  const recordedBalance = paidCents > 0
  const balanceAfterDeposit = depositOutstanding && totalCents - depositCents > 0
  if (recordedBalance) considerExpected(fits, receivedCents, 'balance', remainingCents, 'balance', false)
  if (balanceAfterDeposit) considerExpected(fits, receivedCents, 'balance', totalCents - depositCents, 'balance after the deposit', true)
  if (recordedBalance) considerTip(fits, receivedCents, remainingCents, false, options)
  if (balanceAfterDeposit) considerTip(fits, receivedCents, totalCents - depositCents, true, options)
  if (paidCents === 0) considerTip(fits, receivedCents, totalCents, false, options)

  // More than the deposit but less than the price, with nothing else fitting: a larger deposit or
  // a part payment. Weak on its own; it still tells the balance that follows what is left.
  if (fits.length === 0 && depositOutstanding && receivedCents > depositCents - paidCents && receivedCents < remainingCents) {
    fits.push(new PartPaymentFit(receivedCents, depositCents - paidCents, remainingCents))
  }
  return fits.length > 1 ? fits.sort(byScore) : fits
}

const byScore = (a: AmountFit, b: AmountFit) => b.score - a.score
