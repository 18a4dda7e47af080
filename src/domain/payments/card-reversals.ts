/**
 * Card money going back: refunds and disputes (chargebacks) as a booking records them. Pure: the
 * relay passes in what Stripe reported and what it already counted, and applies the result.
 *
 * - A refund is reported as the charge's running total refunded; only the part not counted yet
 *   moves money, so a repeated or late event changes nothing. It is taken off `paidCents` (which
 *   is what the business holds) and added to `refundedCents`.
 * - A dispute leaves `paidCents` alone while open (the status, reminders and texts do not jump
 *   around while the bank decides); a lost dispute takes its amount off. A closed dispute is final:
 *   a late "opened" event does not reopen it.
 */
import { formatCents } from '../money'
import type { Booking, CardDispute } from '../schemas/bookings'

export interface PaymentEntryDraft {
  id: string
  kind: 'payment'
  text: string
}

export interface CardReversalChange {
  changes: Pick<Partial<Booking>, 'paidCents' | 'refundedCents' | 'disputes'>
  entries: PaymentEntryDraft[]
}

export interface RefundReport {
  chargeId: string
  /** The whole charge. */
  chargeAmountCents: number
  /** Stripe's `amount_refunded`: everything refunded of this charge so far. */
  refundedTotalCents: number
  /** What earlier events of this charge already took off the booking. */
  alreadyCountedCents: number
}

/** The change a refund makes, or null when it was already counted. */
export function applyCardRefund(booking: Pick<Booking, 'paidCents' | 'refundedCents'>, report: RefundReport): CardReversalChange | null {
  const newly = report.refundedTotalCents - report.alreadyCountedCents
  if (!Number.isSafeInteger(newly) || newly <= 0) return null
  const whole = report.refundedTotalCents >= report.chargeAmountCents
  return {
    changes: {
      paidCents: booking.paidCents - Math.min(newly, booking.paidCents),
      refundedCents: (booking.refundedCents ?? 0) + newly,
    },
    entries: [
      {
        id: `refund-${report.chargeId}-${report.refundedTotalCents}`.slice(0, 128),
        kind: 'payment',
        text: whole
          ? `Refund of ${formatCents(newly)} to the customer's card (Stripe): the whole ${formatCents(report.chargeAmountCents)} card payment is refunded.`
          : `Refund of ${formatCents(newly)} to the customer's card (Stripe): ${formatCents(report.refundedTotalCents)} of the ${formatCents(report.chargeAmountCents)} card payment refunded so far.`,
      },
    ],
  }
}

export interface DisputeReport {
  id: string
  amountCents: number
  /** Stripe's reason code. */
  reason: string
  /** Stripe's dispute status. */
  stripeStatus: string
  /** When Stripe opened it (ISO). */
  openedAt: string
  respondBy: string | null
  /** Now (ISO): when a closing is recorded. */
  at: string
}

/** Stripe's many dispute states, as the booking needs them. */
export function disputeOutcome(stripeStatus: string): CardDispute['status'] {
  if (stripeStatus === 'lost') return 'lost'
  // `warning_closed`: an inquiry that closed without a chargeback; `prevented`: stopped before it became one.
  if (stripeStatus === 'won' || stripeStatus === 'warning_closed' || stripeStatus === 'prevented') return 'won'
  return 'open'
}

const reasonWords: Record<string, string> = {
  fraudulent: 'the cardholder says they did not make this payment',
  duplicate: 'charged twice, the cardholder says',
  product_not_received: 'the cardholder says the service was not provided',
  product_unacceptable: 'the cardholder says the service was not as described',
  credit_not_processed: 'the cardholder says a promised refund never came',
  subscription_canceled: 'the cardholder says they cancelled',
  unrecognized: 'the cardholder does not recognise the payment',
  general: 'no specific reason given',
}

export function disputeReasonText(reason: string): string {
  return reasonWords[reason] ?? reason.replace(/_/g, ' ')
}

export interface DisputeChange extends CardReversalChange {
  /** The dispute is new to this booking: the owner must be alerted. */
  opened: boolean
  /** It closed with this event. */
  closed: 'won' | 'lost' | null
}

/** The change a dispute event makes, or null when the booking already knows it. */
export function applyCardDispute(booking: Pick<Booking, 'paidCents' | 'disputes'>, report: DisputeReport): DisputeChange | null {
  const disputes = booking.disputes ?? []
  const known = disputes.find((dispute) => dispute.id === report.id)
  const status = disputeOutcome(report.stripeStatus)
  if (known && (known.status !== 'open' || status === 'open')) return null
  const amount = formatCents(report.amountCents)
  const entries: PaymentEntryDraft[] = []
  if (!known) {
    entries.push({
      id: `dispute-${report.id}`.slice(0, 128),
      kind: 'payment',
      text: `The customer's bank disputes a card payment of ${amount} (${disputeReasonText(report.reason)}).${report.respondBy ? ` Respond in Stripe by ${report.respondBy.slice(0, 10)}.` : ''}`,
    })
  }
  let paidCents = booking.paidCents
  if (status !== 'open') {
    if (status === 'lost') paidCents -= Math.min(report.amountCents, paidCents)
    entries.push({
      id: `dispute-${report.id}-${status}`.slice(0, 128),
      kind: 'payment',
      text: status === 'won' ? `Dispute closed in your favour: the ${amount} card payment stays paid.` : `Dispute lost: ${amount} went back to the customer's bank.`,
    })
  }
  const next: CardDispute = {
    id: report.id,
    amountCents: report.amountCents,
    reason: report.reason.slice(0, 64),
    status,
    openedAt: known?.openedAt ?? report.openedAt,
    respondBy: status === 'open' ? report.respondBy : null,
    closedAt: status === 'open' ? null : report.at,
  }
  return {
    changes: { paidCents, disputes: [...disputes.filter((dispute) => dispute.id !== report.id), next].slice(-20) },
    entries,
    opened: !known,
    closed: status === 'open' ? null : status,
  }
}
