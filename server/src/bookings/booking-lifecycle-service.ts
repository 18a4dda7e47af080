/**
 * The booking loop on the relay. It watches `bookings` in the document store (consoles' pushes,
 * the Stripe handler, the payment matcher) and, per booking:
 *
 * - keeps `status` equal to what the facts say and records bank payments on the timeline;
 * - once confirmed with a deposit owed and no link on offer, creates a Stripe Checkout Session
 *   and queues the deposit-link text;
 * - plans its texts in `scheduled_messages` (cancelled with the booking).
 *
 * Re-sending a deposit link: staff set `depositLinkRequestedAt` on a booking whose link expired
 * (the Stripe handler marks it `expired`); the relay makes a new one, texted like the first, and
 * clears the request. Devices never write `depositCheckout` (src/domain/sync/write-policy).
 *
 * `runDue()` sends what has come due (tests call it after moving their clock); `start()` also
 * runs it on a timer. Bookings are processed one at a time, in order.
 */
import { formatCents } from '../../../src/domain/money'
import { planMessageJobs } from '../../../src/domain/bookings'
import { paymentRailNames, paymentRailOf } from '../../../src/domain/matching/payment-rail'
import type { PlaidTransactionInput } from '../../../src/domain/matching/input'
import type { Booking } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { BookingRecords, TimelineDraft } from './booking-records'
import { DepositCheckouts } from './deposit-checkouts'
import type { MessageJobStore } from './job-store'
import type { MessageScheduler } from './message-scheduler'
import { SerialQueue } from '../work/serial-queue'

export interface BookingLifecycleOptions {
  records: BookingRecords
  jobs: MessageJobStore
  scheduler: MessageScheduler
  /** Null when Stripe is not configured: confirmed bookings get no deposit link. */
  checkouts: DepositCheckouts | null
  logger: Logger
  /** How often the production timer looks for due texts; 0 disables it (tests call `runDue`). */
  pollIntervalMs?: number
}


export class BookingLifecycleService {
  private readonly work: SerialQueue
  private readonly scheduled = new Set<string>()
  private stopListening: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: BookingLifecycleOptions) {
    this.work = new SerialQueue((error) => options.logger.error({ err: error }, 'booking lifecycle processing failed'))
  }

  start(): void {
    if (this.stopListening) return
    const { records, scheduler } = this.options
    scheduler.recoverInterrupted()
    this.stopListening = records.documents.onChange((collection, documents) => {
      if (collection !== 'bookings') return
      for (const document of documents) this.schedule(document.id)
    })
    for (const id of records.bookingIds('1 = 1')) this.schedule(id)
    const interval = this.options.pollIntervalMs ?? 30_000
    if (interval > 0) {
      this.timer = setInterval(() => void this.runDue().catch((error: unknown) => this.options.logger.error({ err: error }, 'scheduled booking texts failed')), interval)
      this.timer.unref()
      // Whatever came due while the relay was stopped goes out now, not a poll later.
      void this.runDue().catch((error: unknown) => this.options.logger.error({ err: error }, 'scheduled booking texts failed'))
    }
  }

  async stop(): Promise<void> {
    this.stopListening?.()
    this.stopListening = null
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.idle()
  }

  /** Resolves once nothing is queued (tests wait on it). */
  idle(): Promise<void> {
    return this.work.idle()
  }

  /**
   * Brings statuses up to date with the clock (events that have passed complete), retries deposit
   * links that could not be made, then sends every text due now. Queued behind booking changes.
   */
  runDue(): Promise<number> {
    return this.work.run(async () => {
      const { records } = this.options
      const today = records.today()
      for (const id of records.bookingIds(`json_extract(body, '$.status') IN ('confirmed', 'deposit_paid') AND json_extract(body, '$.eventDate') < ?`, today)) {
        await this.process(id)
      }
      return this.options.scheduler.runDue()
    })
  }

  private schedule(bookingId: string): void {
    if (this.scheduled.has(bookingId)) return
    this.scheduled.add(bookingId)
    this.work.push(async () => {
      this.scheduled.delete(bookingId)
      try {
        await this.process(bookingId)
      } catch (error) {
        this.options.logger.error({ err: error, bookingId }, 'booking lifecycle processing failed')
      }
    })
  }

  private async process(bookingId: string): Promise<void> {
    const { records, jobs } = this.options
    const booking = records.update(bookingId, (current) => ({ entries: this.bankPaymentEntries(current) }))
    if (!booking) {
      jobs.cancelPending(bookingId, 'the booking was deleted')
      return
    }
    if (this.options.checkouts && DepositCheckouts.hasStaleLink(booking)) {
      await this.options.checkouts.withdrawStaleLink(booking).catch((error: unknown) => {
        this.options.logger.warn({ err: error, bookingId }, 'could not withdraw a deposit link that is no longer needed')
      })
    }
    if (DepositCheckouts.hasLapsedRequest(booking)) {
      // A request is one-shot: it must not make a link on its own the next time one expires.
      records.update(booking.id, () => ({ changes: { depositLinkRequestedAt: null } }))
    }
    if (booking.cancelledAt) {
      if (jobs.cancelPending(booking.id, 'the booking was cancelled') > 0) {
        records.update(booking.id, () => ({ entries: [{ id: 'jobs-cancelled-booking', kind: 'reminder', text: 'Automatic texts cancelled with the booking.' }] }))
      }
      return
    }
    if (!booking.confirmedAt) return
    // The deposit-link text is queued when a link exists (below), not planned ahead.
    jobs.plan(booking.id, booking.eventDate, planMessageJobs(booking, records.timeZone()).filter((job) => job.kind !== 'depositLink'))
    if (this.options.checkouts && DepositCheckouts.needsLink(booking)) {
      try {
        await this.options.checkouts.openLink(booking, { sendLink: true })
      } catch (error) {
        this.options.logger.warn({ err: error, bookingId }, 'could not create a deposit link; will retry')
        records.recordFailure(`checkout-${booking.id}`, `Could not create the deposit link for the booking on ${booking.eventDate}: ${String((error as Error)?.message ?? error).slice(0, 200)}`, booking.id, {
          step: 'deposit_checkout',
        })
      }
    }
  }

  /** Bank payments the matcher applied to this booking that its timeline does not show yet. */
  private bankPaymentEntries(booking: Booking): TimelineDraft[] {
    const { db } = this.options.records
    const rows = db
      .prepare(
        `SELECT a.transaction_id, a.amount_cents, a.payment_type, a.decided_by, r.body FROM payment_applications a
         LEFT JOIN plaid_raw_transactions r ON r.transaction_id = a.transaction_id WHERE a.booking_id = ? ORDER BY a.applied_at`,
      )
      .all(booking.id) as { transaction_id: string; amount_cents: number; payment_type: string; decided_by: string | null; body: string | null }[]
    return rows.map((row) => {
      const manual = row.body ? null : (this.options.records.documents.get('paymentMatches', `pm_${row.transaction_id}`)?.manualPayment as { method: string } | null | undefined)
      const rail = row.body ? paymentRailNames[paymentRailOf(JSON.parse(row.body) as PlaidTransactionInput)] : manual ? manual.method : 'bank transfer'
      const who = row.decided_by && row.decided_by !== 'matcher' ? `accepted by ${row.decided_by}` : 'matched automatically'
      return {
        id: `pay-bank-${row.transaction_id}`.slice(0, 128),
        kind: 'payment' as const,
        text: `${formatCents(row.amount_cents)} received by ${rail} (${row.payment_type.replace(/_/g, ' ')}, ${who}).`,
        ref: `paymentMatches/pm_${row.transaction_id}`.slice(0, 200),
      }
    })
  }
}
