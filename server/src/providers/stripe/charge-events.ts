/**
 * `charge.refunded` and `charge.dispute.*`: card money going back, applied to the booking it paid
 * (domain/payments/card-reversals) with timeline entries; a dispute also puts an owner-only
 * needs-attention item up and texts the owner's alert phone, as escalations do.
 *
 * A charge names a PaymentIntent, not a booking. The booking is found, in order, from the
 * charge's metadata (the relay puts `booking_id` on the PaymentIntent, which Stripe copies to the
 * charge), from the deposit sessions the relay applied, and else by asking Stripe: the charge
 * (for a dispute), then the Checkout Session of its PaymentIntent.
 */
import type Stripe from 'stripe'
import { formatCents } from '../../../../src/domain/money'
import { applyCardDispute, applyCardRefund, disputeOutcome, disputeReasonText, type DisputeChange } from '../../../../src/domain/payments/card-reversals'
import { rotationOrder } from '../../../../src/domain/routing/escalation-routing'
import type { Booking, NeedsAttention } from '../../../../src/domain/schemas'
import type { BookingRecords } from '../../bookings/booking-records'
import type { SmsSender } from '../ringcentral/sms-sender'
import { isRecord } from '../webhook-delivery'
import type { StripePaymentRecords } from '../../storage/contracts'

export const chargeEventTypes: ReadonlySet<string> = new Set(['charge.refunded', 'charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'])

export interface ChargeEventDependencies {
  records: BookingRecords
  payments: StripePaymentRecords
  /** For finding the booking of a charge the relay has not seen; null: local facts only. */
  stripe: Stripe | null
  /** Texts the owner's alert phone; null when RingCentral is not configured. */
  sender: SmsSender | null
  now: () => Date
}

export class UnexpectedChargePayloadError extends Error {
  override name = 'UnexpectedChargePayloadError'
}

export async function handleChargeEvent(type: string, object: Record<string, unknown>, deps: ChargeEventDependencies): Promise<void> {
  if (type === 'charge.refunded') return handleRefund(object, deps)
  return handleDispute(object, deps)
}

async function handleRefund(charge: Record<string, unknown>, deps: ChargeEventDependencies): Promise<void> {
  const chargeId = stringField(charge, 'id')
  const amount = integerField(charge, 'amount')
  const refunded = integerField(charge, 'amount_refunded')
  if (!chargeId || amount === null || refunded === null) throw new UnexpectedChargePayloadError('charge.refunded without id, amount or amount_refunded')
  const bookingId = await bookingOf({ metadata: charge.metadata, paymentIntent: stringField(charge, 'payment_intent'), chargeId: null }, deps)
  if (!bookingId) return // not a Switchboard payment
  const write = await deps.records.changer(bookingId)
  // The refund total is recorded with the booking's change in one transaction: counted once.
  const found = await deps.payments.applyRefund({ chargeId, bookingId, refundedTotalCents: refunded }, (booking, alreadyCountedCents) =>
    write(booking, applyCardRefund(booking, { chargeId, chargeAmountCents: amount, refundedTotalCents: refunded, alreadyCountedCents })),
  )
  if (!found) throw new ChargeBookingMissingError(bookingId)
  // The status was derived from facts read before the booking's lock: derive it again now.
  await deps.records.update(bookingId)
}

async function handleDispute(dispute: Record<string, unknown>, deps: ChargeEventDependencies): Promise<void> {
  const disputeId = stringField(dispute, 'id')
  const amount = integerField(dispute, 'amount')
  const created = integerField(dispute, 'created')
  const status = stringField(dispute, 'status')
  if (!disputeId || amount === null || created === null || !status) throw new UnexpectedChargePayloadError('dispute without id, amount, created or status')
  const evidence = isRecord(dispute.evidence_details) ? dispute.evidence_details : {}
  const dueBy = integerField(evidence, 'due_by')
  const report = {
    id: disputeId,
    amountCents: amount,
    reason: stringField(dispute, 'reason') ?? 'general',
    stripeStatus: status,
    openedAt: new Date(created * 1000).toISOString(),
    respondBy: dueBy ? new Date(dueBy * 1000).toISOString() : null,
    at: deps.now().toISOString(),
  }
  const bookingId = await bookingOf({ metadata: dispute.metadata, paymentIntent: stringField(dispute, 'payment_intent'), chargeId: stringField(dispute, 'charge') }, deps)
  let known: { change: DisputeChange | null; booking: Booking } | null = null
  if (bookingId) {
    const seen: { change: DisputeChange | null } = { change: null }
    // The dispute's facts live on the booking itself: one read-modify-write applies them once.
    const updated = await deps.records.update(bookingId, (current) => (seen.change = applyCardDispute(current, report)))
    if (!updated) throw new ChargeBookingMissingError(bookingId)
    known = { change: seen.change, booking: updated }
  }
  const outcome = disputeOutcome(status)
  const closed = outcome === 'open' ? null : outcome
  const about = known ? `for ${known.booking.customerName}'s booking on ${known.booking.eventDate}` : 'not linked to any booking'
  const item = (alert: string | null) => ({
    disputeId,
    bookingId,
    title: closed
      ? closed === 'won'
        ? `Card dispute won: ${formatCents(amount)} ${about} stays paid`
        : `Card dispute lost: ${formatCents(amount)} ${about} went back to the customer's bank`
      : `Card payment disputed: ${formatCents(amount)} ${about} (${disputeReasonText(report.reason)})${report.respondBy ? `; respond in Stripe by ${report.respondBy.slice(0, 10)}` : ''}`,
    detail: { disputeId, amountCents: amount, reason: report.reason, stripeStatus: status, respondBy: report.respondBy, ...(alert ? { alert } : {}) },
    reopen: closed !== 'won',
  })
  let opened: boolean
  if (known?.change) {
    opened = known.change.opened
  } else if (known) {
    // Already on the booking. Its item is put up again only if it is missing (its write failed
    // after the booking's): without texting the owner a second time.
    if (await deps.records.storage.queries.needsAttention.live(disputeAttentionId(disputeId))) return
    opened = false
  } else {
    // A dispute on a payment made outside Switchboard still alerts the owner, once: the relay
    // that creates its item (under the item's lock) is the one that texts.
    opened = await putDisputeItem(deps, item(null), { onlyIfAbsent: true })
  }
  let alertOutcome: string | null = null
  if (opened) {
    // A business not set up yet still hears about a chargeback.
    const businessName = (await deps.records.settings())?.businessName ?? 'Switchboard'
    const eventDay = known ? ` (booking on ${known.booking.eventDate})` : ''
    alertOutcome = await alertOwner(
      deps,
      `${businessName}: a card payment of ${formatCents(amount)}${eventDay} is disputed by the customer's bank.${report.respondBy ? ` Respond in Stripe by ${report.respondBy.slice(0, 10)}.` : ''} Details in Switchboard.`,
    )
  }
  await putDisputeItem(deps, item(alertOutcome))
}

/** The dispute's one needs-attention item, owner-only; a lost dispute reopens it. */
async function putDisputeItem(
  deps: ChargeEventDependencies,
  item: { disputeId: string; bookingId: string | null; title: string; detail: Record<string, unknown>; reopen: boolean },
  { onlyIfAbsent = false } = {},
): Promise<boolean> {
  const id = disputeAttentionId(item.disputeId)
  const written = await deps.records.storage.documents.update(
    'needsAttention',
    id,
    (previous): Omit<NeedsAttention, 'updatedAt'> | null => onlyIfAbsent && previous ? null : ({
      id,
      kind: 'payment_alert',
      title: item.title.slice(0, 300),
      collectionName: item.bookingId ? 'bookings' : null,
      documentId: item.bookingId?.slice(0, 64) ?? null,
      conflictingFields: [],
      serverState: null,
      rejectedEdit: { ...(isRecord(previous?.rejectedEdit) ? previous.rejectedEdit : {}), ...item.detail },
      deviceId: null,
      deviceName: null,
      createdAt: previous?.createdAt ?? deps.now().toISOString(),
      status: item.reopen || !previous ? 'open' : previous.status,
      resolvedBy: item.reopen || !previous ? null : previous.resolvedBy,
      resolvedAt: item.reopen || !previous ? null : previous.resolvedAt,
    }),
    { ownerOnly: true },
  )
  return written !== null
}

export function disputeAttentionId(disputeId: string): string {
  return `att-dispute-${disputeId}`.slice(0, 64)
}

/** Texts the primary extension's alert phone (else the first that has one); returns what happened. */
async function alertOwner(deps: ChargeEventDependencies, text: string): Promise<string> {
  const target = rotationOrder(await deps.records.storage.queries.extensions.all()).find((extension) => extension.alertPhone)
  if (!target?.alertPhone) return 'No alert text: nobody has an alert phone set in Extensions.'
  if (!deps.sender) return 'No alert text: RingCentral is not configured on the relay.'
  try {
    await deps.sender.send({ to: target.alertPhone, text, purpose: 'staff_alert' })
    return `Alert texted to ${target.employeeName}.`
  } catch (error) {
    return `Alert text to ${target.employeeName} failed: ${(error as Error).message.slice(0, 200)}`
  }
}

/** The booking a charge or dispute belongs to, or null when it is not a Switchboard payment. */
async function bookingOf(source: { metadata: unknown; paymentIntent: string | null; chargeId: string | null }, deps: ChargeEventDependencies): Promise<string | null> {
  const fromMetadata = bookingIdInMetadata(source.metadata)
  if (fromMetadata) return fromMetadata
  let paymentIntent = source.paymentIntent
  if (paymentIntent) {
    const known = await deps.payments.bookingForPaymentIntent(paymentIntent)
    if (known) return known
  }
  if (!deps.stripe) return null
  if (source.chargeId) {
    const charge = await deps.stripe.charges.retrieve(source.chargeId)
    const onCharge = bookingIdInMetadata(charge.metadata)
    if (onCharge) return onCharge
    paymentIntent ??= typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null)
    if (paymentIntent) {
      const known = await deps.payments.bookingForPaymentIntent(paymentIntent)
      if (known) return known
    }
  }
  if (!paymentIntent) return null
  const sessions = await deps.stripe.checkout.sessions.list({ payment_intent: paymentIntent, limit: 1 })
  const session = sessions.data[0]
  if (!session) return null
  return session.client_reference_id || bookingIdInMetadata(session.metadata)
}

export function bookingIdInMetadata(metadata: unknown): string | null {
  if (!isRecord(metadata)) return null
  for (const key of ['booking_id', 'bookingId']) {
    const value = metadata[key]
    if (typeof value === 'string' && value) return value
  }
  return null
}

/** The booking a card payment belonged to is gone; retried, then kept as a dead letter. */
export class ChargeBookingMissingError extends Error {
  constructor(bookingId: string) {
    super(`No booking ${bookingId} for this Stripe charge`)
    this.name = 'ChargeBookingMissingError'
  }
}

function stringField(object: Record<string, unknown>, field: string): string | null {
  const value = object[field]
  if (typeof value === 'string' && value) return value
  // An expanded object (`payment_intent`, `charge`) carries its id.
  if (isRecord(value) && typeof value.id === 'string') return value.id
  return null
}

function integerField(object: Record<string, unknown>, field: string): number | null {
  const value = object[field]
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null
}
