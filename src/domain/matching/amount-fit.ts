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
  explanation: string
}

/** Tip percentages people pick; a tip landing on one is a slightly stronger sign. */
const commonTipPercents = [10, 15, 18, 20, 22, 25, 30, 35, 40, 50]

/**
 * What payment apps keep of a payment sent to a business account: a received amount equal to
 * what was sent less one of these fees (to the cent) is as good as exact.
 */
const appFees: readonly { label: string; percent: number; fixedCents: number }[] = [
  { label: "Cash App's 2.75 % fee", percent: 2.75, fixedCents: 0 },
  { label: "Venmo's 1.9 % + $0.10 fee", percent: 1.9, fixedCents: 10 },
  { label: "PayPal's 2.99 % + $0.49 fee", percent: 2.99, fixedCents: 49 },
  { label: "PayPal's 3.49 % + $0.49 fee", percent: 3.49, fixedCents: 49 },
]

/** 1 for the exact amount; 0.9 for it less a known app fee; less for a near miss a person should look at; 0 otherwise. */
function closeness(receivedCents: number, expectedCents: number): { score: number; note: string } {
  const difference = receivedCents - expectedCents
  if (difference === 0) return { score: 1, note: 'exactly' }
  if (difference < 0) {
    for (const fee of appFees) {
      const afterFee = expectedCents - Math.round((expectedCents * fee.percent) / 100) - fee.fixedCents
      if (Math.abs(receivedCents - afterFee) <= 1) return { score: 0.9, note: `exactly (less ${fee.label})` }
    }
  }
  if (Math.abs(difference) <= 100) return { score: 0.7, note: `within $1 of` }
  // Business accounts on Venmo and Cash App receive the payment less a fee of about 2–3 %.
  if (difference < 0 && -difference <= expectedCents * 0.035) {
    return { score: 0.6, note: 'a few percent (a payment-app fee?) below' }
  }
  return { score: 0, note: '' }
}

function tipFit(receivedCents: number, balanceCents: number, options: MatchingOptions): { score: number; percent: number } {
  const percent = ((receivedCents - balanceCents) * 100) / balanceCents
  if (percent < options.tipPercent.min || percent > options.tipPercent.max) return { score: 0, percent }
  const common = commonTipPercents.some((tip) => Math.abs(tip - percent) <= 0.5)
  return { score: common ? 0.9 : 0.85, percent }
}

/** Every reading of `receivedCents` that fits the booking at all, best first. */
export function amountFits(receivedCents: number, booking: MatchBooking, options: MatchingOptions): AmountFit[] {
  const fits: AmountFit[] = []
  const { totalCents, depositCents, paidCents } = booking
  const remainingCents = totalCents - paidCents
  if (remainingCents <= 0) return fits

  const consider = (
    paymentType: PaymentType,
    expectedCents: number,
    label: string,
    assumesUnrecordedDeposit = false,
  ) => {
    if (expectedCents <= 0) return
    const { score, note } = closeness(receivedCents, expectedCents)
    if (score > 0) {
      fits.push({
        paymentType,
        score,
        appliedCents: expectedCents,
        assumesUnrecordedDeposit,
        // Worded only when read: most fits are scored and dropped.
        get explanation() {
          return `${formatCents(receivedCents)} is ${note} the ${label} (${formatCents(expectedCents)})`
        },
      })
    }
  }

  const depositOutstanding = depositCents > 0 && paidCents < depositCents
  if (depositOutstanding) consider('deposit', depositCents - paidCents, 'deposit')
  if (paidCents === 0) consider('full', totalCents, 'full price')

  // The balance is what is left; if the deposit is not recorded yet, also what is left after it.
  const balances: { cents: number; assumesUnrecordedDeposit: boolean }[] = []
  if (paidCents > 0) balances.push({ cents: remainingCents, assumesUnrecordedDeposit: false })
  if (depositOutstanding && totalCents - depositCents > 0) {
    balances.push({ cents: totalCents - depositCents, assumesUnrecordedDeposit: true })
  }
  for (const balance of balances) {
    const label = balance.assumesUnrecordedDeposit ? 'balance after the deposit' : 'balance'
    consider('balance', balance.cents, label, balance.assumesUnrecordedDeposit)
  }

  // A tip can come on top of whatever settles the booking, the full price included.
  const settlements = paidCents === 0 ? [...balances, { cents: totalCents, assumesUnrecordedDeposit: false }] : balances
  for (const settlement of settlements) {
    if (receivedCents <= settlement.cents) continue
    const tip = tipFit(receivedCents, settlement.cents, options)
    if (tip.score === 0) continue
    fits.push({
      paymentType: 'balance_with_tip',
      score: tip.score,
      appliedCents: settlement.cents,
      assumesUnrecordedDeposit: settlement.assumesUnrecordedDeposit,
      get explanation() {
        return `${formatCents(receivedCents)} is the ${formatCents(settlement.cents)} balance plus a ${tip.percent.toFixed(1)} % tip`
      },
    })
  }
  // More than the deposit but less than the price, with nothing else fitting: a larger deposit or
  // a part payment. Weak on its own; it still tells the balance that follows what is left.
  if (fits.length === 0 && depositOutstanding && receivedCents > depositCents - paidCents && receivedCents < remainingCents) {
    fits.push({
      paymentType: 'deposit',
      score: 0.5,
      appliedCents: receivedCents,
      assumesUnrecordedDeposit: false,
      get explanation() {
        return `${formatCents(receivedCents)} is more than the deposit (${formatCents(depositCents - paidCents)}) and less than the ${formatCents(remainingCents)} owed: a larger deposit or a part payment?`
      },
    })
  }
  return fits.sort((a, b) => b.score - a.score)
}
