/**
 * Cash and check payments the owner records against a booking.
 *
 * The owner's console creates a `paymentMatches` document with `manualPayment` set (transaction
 * id `manual_…`, status `accepted`) and syncs it, so it works offline. When the push arrives the
 * relay checks it against the booking — the device's word is a proposal, not money — and only
 * then establishes the fact: a `transactions` document for the money received (relay-owned, like
 * a bank line) and an audit record naming the device. The matching service's `settle` then moves
 * the booking's money as for any accepted match, and the reconciliation report counts it under
 * cash/check. Rejecting the match later voids the payment; editing it corrects it.
 */
import { calendarDateInZone, daysBetween } from '../../../src/domain/matching/calendar-days'
import { formatCents } from '../../../src/domain/money'
import { manualTransactionPrefix, type ManualPayment } from '../../../src/domain/schemas'
import type { Device } from '../storage/device-registry'
import type { SyncedDocument } from '../storage/document-store'
import { ask, type UnitStorage, type Work } from '../storage/unit-of-work'
import { paymentMatchIdFor } from './payment-matching'

type Proposed = Record<string, unknown> & { id: string }

/** The account id of money recorded by hand rather than seen at the bank. */
export const manualAccountId = 'manual'

/** A device may record at most this multiple of a booking's price (tips included) in one payment. */
const largestPaymentOfPrice = 2

export function isManualPayment(document: Record<string, unknown> | null | undefined): boolean {
  return Boolean(document?.manualPayment)
}

/**
 * Why the relay will not take this pushed payment match, or null when it may; a refusal is
 * audited. Only documents that are (or were) cash/check payments are judged here; decisions on
 * bank matches pass through. A step of the push's unit of work.
 */
export function* refusalOfPushedPayment(unit: UnitStorage, proposed: Proposed, master: SyncedDocument | null, device: Device, now: Date): Work<string | null> {
  const reason = yield* manualPaymentRefusal(unit, proposed, master, device, now)
  if (reason) yield* ask(() => unit.audit.add('manual_payment_refused', now, refusalDetail(proposed, device, reason)))
  return reason
}

function* manualPaymentRefusal(unit: UnitStorage, proposed: Proposed, master: SyncedDocument | null, device: Device, now: Date): Work<string | null> {
  const wasManual = isManualPayment(master)
  if (!isManualPayment(proposed)) {
    if (wasManual && proposed._deleted !== true) return 'a cash or check payment cannot lose its payment details; reject it to void it'
    return null
  }
  if (device.role !== 'owner') return 'only the owner records cash and check payments'
  const transactionId = proposed.transactionId
  if (typeof transactionId !== 'string' || !transactionId.startsWith(manualTransactionPrefix)) {
    return `a cash or check payment's transaction id must start with "${manualTransactionPrefix}"`
  }
  if (proposed.id !== paymentMatchIdFor(transactionId)) return `its id must be ${paymentMatchIdFor(transactionId)}`
  if (master && !wasManual) return 'a bank transaction cannot be turned into a cash or check payment'
  if (master && master.transactionId !== transactionId) return 'the transaction of a recorded payment cannot change'
  const existing = yield* ask(() => unit.documents.get('transactions', transactionId))
  if (!master && existing) return 'a payment with this transaction id is already recorded'
  if (proposed.status !== 'accepted' && proposed.status !== 'rejected') return 'a cash or check payment is either accepted or rejected (voided)'
  if (proposed.status === 'rejected') return null

  const payment = proposed.manualPayment as ManualPayment
  const bookingId = proposed.bookingId
  const booking = typeof bookingId === 'string' ? yield* ask(() => unit.bookings.live(bookingId)) : null
  if (!booking) return 'the booking it pays for does not exist'
  if (!proposed.paymentType) return 'say what it pays: deposit, full price, balance or balance with tip'
  const price = booking.totalCents
  // Today in the business's time zone (this computer's before the business is set up).
  const settings = yield* ask(() => unit.settings.live('business'))
  const today = calendarDateInZone(now.toISOString(), settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone)
  if (payment.amountCents > Math.max(price, 1) * largestPaymentOfPrice) {
    return `${formatCents(payment.amountCents)} is more than twice the booking's price (${formatCents(price)})`
  }
  if (daysBetween(today, payment.receivedOn) > 1) return `it is dated ${payment.receivedOn}, after today (${today})`
  if (daysBetween(payment.receivedOn, today) > 366 * 2) return `it is dated ${payment.receivedOn}, more than two years ago`
  return null
}

function describe(payment: ManualPayment): string {
  const from = payment.payer ? ` from ${payment.payer}` : ''
  return payment.method === 'check'
    ? `Check${payment.checkNumber ? ` #${payment.checkNumber}` : ''}${from}`.slice(0, 500)
    : `Cash payment${from}`.slice(0, 500)
}

/**
 * After an accepted push (same unit of work): the money as a relay-owned `transactions` document,
 * and an audit record of which device recorded, changed or voided it. Nothing when the pushed
 * document is not a cash/check payment or did not change what was received.
 */
export function* establishManualPayment(unit: UnitStorage, match: Proposed, master: SyncedDocument | null, device: Device, now: Date): Work<void> {
  if (!isManualPayment(match)) return
  const payment = match.manualPayment as ManualPayment
  const transactionId = match.transactionId as string
  const voided = match.status === 'rejected' || match._deleted === true
  const transaction = {
    id: transactionId,
    accountId: manualAccountId,
    amountCents: -payment.amountCents,
    currency: 'USD',
    date: payment.receivedOn,
    authorizedDate: payment.receivedOn,
    description: describe(payment),
    merchantName: null,
    counterpartyName: payment.payer,
    paymentChannel: 'in store',
    pending: false,
    pendingTransactionId: null,
    // A voided payment is kept, as a bank keeps a removed line, so the history stays explainable.
    removed: voided,
  }
  const current = yield* ask(() => unit.documents.get('transactions', transactionId))
  const changed =
    !current || (['amountCents', 'date', 'description', 'counterpartyName', 'removed'] as const).some((key) => current[key] !== transaction[key])
  if (changed) yield* ask(() => unit.documents.put('transactions', transaction, { ownerOnly: true }))
  if (!changed && master && master.status === match.status) return
  const change = !master ? 'recorded' : voided ? 'voided' : 'changed'
  yield* ask(() =>
    unit.audit.add('manual_payment', now, {
      change,
      matchId: match.id,
      transactionId,
      bookingId: match.bookingId,
      amountCents: payment.amountCents,
      method: payment.method,
      receivedOn: payment.receivedOn,
      deviceId: device.id,
    }),
  )
}

/** A refused cash/check payment in the audit log: no personal data, ids and the reason. */
function refusalDetail(proposed: Proposed, device: Device, reason: string) {
  return { matchId: proposed.id, transactionId: proposed.transactionId ?? null, bookingId: proposed.bookingId ?? null, deviceId: device.id, reason }
}
