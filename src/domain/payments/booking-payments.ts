/**
 * How an accepted bank payment changes a booking's money and status, and how taking it back
 * undoes that. Pure: the relay decides *whether* a payment counts; this says *what* it does.
 */
import type { BookingStatus } from '../schemas/bookings'
import type { PaymentType } from '../schemas/payment-matches'

/** The money fields of a booking. */
export interface BookingMoney {
  totalCents: number
  depositCents: number
  paidCents: number
  status: BookingStatus
}

export interface BookingPayment {
  /** Money received, positive cents (a tip included). */
  amountCents: number
  paymentType: PaymentType
}

export interface AppliedBookingPayment extends BookingPayment {
  /** The booking's status just before this payment was applied. */
  statusBefore: BookingStatus
}

/** Statuses a deposit moves forward; later ones stay. */
const statusesBeforeDeposit: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['inquiry', 'quoted', 'confirmed'])
/** Payment types that settle what the booking owes (a payment-app fee may leave it a little short). */
const settlingTypes: ReadonlySet<PaymentType> = new Set<PaymentType>(['full', 'balance', 'balance_with_tip'])

export function isSettlingPayment(paymentType: PaymentType): boolean {
  return settlingTypes.has(paymentType)
}

/** Payment apps keep a fee of about 2–3 %: a settling payment this close to the total settles it. */
const settlingShortfall = 0.035

function isPaidInFull(booking: BookingMoney, paidCents: number, hasSettlingPayment: boolean): boolean {
  return paidCents >= booking.totalCents || (hasSettlingPayment && paidCents >= booking.totalCents * (1 - settlingShortfall))
}

/**
 * The booking's paid amount and status once `payment` counts: paid in full when the total is
 * reached (or nearly, by a settling payment), else deposit paid when the deposit is. A cancelled
 * booking keeps its status; so does one where a small payment settles nothing yet.
 */
export function bookingAfterPayment(booking: BookingMoney, payment: BookingPayment): Pick<BookingMoney, 'paidCents' | 'status'> {
  assertPositiveCents(payment.amountCents)
  const paidCents = booking.paidCents + payment.amountCents
  let status = booking.status
  if (status !== 'cancelled') {
    if (isPaidInFull(booking, paidCents, isSettlingPayment(payment.paymentType))) status = 'paid_in_full'
    else if (statusesBeforeDeposit.has(status) && (payment.paymentType === 'deposit' || paidCents >= booking.depositCents)) status = 'deposit_paid'
  }
  return { paidCents, status }
}

/**
 * The booking's paid amount and status once `reversed` no longer counts. A status the remaining
 * money (and the payments still applied) still supports stays; so does one a person set that
 * payments do not drive (completed, cancelled). Otherwise it falls back to what it was before.
 */
export function bookingAfterReversal(
  booking: BookingMoney,
  reversed: AppliedBookingPayment,
  stillApplied: readonly BookingPayment[],
): Pick<BookingMoney, 'paidCents' | 'status'> {
  assertPositiveCents(reversed.amountCents)
  const paidCents = Math.max(0, booking.paidCents - reversed.amountCents)
  const supported = (status: BookingStatus): boolean => {
    if (status === 'paid_in_full') return isPaidInFull(booking, paidCents, stillApplied.some((p) => isSettlingPayment(p.paymentType)))
    if (status === 'deposit_paid') {
      return paidCents > 0 && (paidCents >= booking.depositCents || stillApplied.some((p) => p.paymentType === 'deposit'))
    }
    return true
  }
  if (supported(booking.status)) return { paidCents, status: booking.status }
  if (supported(reversed.statusBefore)) return { paidCents, status: reversed.statusBefore }
  return { paidCents, status: supported('deposit_paid') ? 'deposit_paid' : 'confirmed' }
}

function assertPositiveCents(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`A booking payment must be positive whole cents, got ${cents}`)
}
