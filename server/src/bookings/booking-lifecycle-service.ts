/**
 * The booking loop on the relay. It watches `bookings` in the document store (consoles' pushes,
 * the Stripe handler, the payment matcher) and, per booking:
 *
 * - keeps `status` equal to what the facts say and records bank payments (and their reversals) on the timeline;
 * - once confirmed with a deposit owed and no link on offer, creates a Stripe Checkout Session
 *   and queues the deposit-link text;
 * - plans its texts in `scheduled_messages` (cancelled with the booking).
 *
 * Re-sending a deposit link: staff set `depositLinkRequestedAt` on a booking whose link expired
 * (the Stripe handler marks it `expired`); the relay makes a new one, texted like the first, and
 * clears the request. Devices never write `depositCheckout` (src/domain/sync/write-policy).
 *
 * `runDue()` sends what has come due (tests call it after moving their clock); `start()` also
 * runs it on a timer. Bookings are processed one at a time, in order. Through the storage
 * contracts, so several relays can run it on one database: each step is idempotent (plans keyed by
 * booking and kind, timeline entries by stable id) and each text is claimed by one of them.
 */
import { planMessageJobs } from '../../../src/domain/bookings'
import { PaymentMatching } from '../matching/payment-matching'
import { cancellationTerms } from '../../../src/domain/bookings/cancellation'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import type { Booking, Settings } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { BookingRecords, TimelineDraft } from './booking-records'
import { DepositCheckouts } from './deposit-checkouts'
import type { ScheduledTexts } from '../storage/contracts'
import { jobLabels, type MessageScheduler } from './message-scheduler'
import { SerialQueue } from '../work/serial-queue'

export interface BookingLifecycleOptions {
  records: BookingRecords
  jobs: ScheduledTexts
  scheduler: MessageScheduler
  /** Null when Stripe is not configured: confirmed bookings get no deposit link. */
  checkouts: DepositCheckouts | null
  logger: Logger
  /** How often the production timer looks for due texts; 0 disables it (tests call `runDue`). */
  pollIntervalMs?: number
}


/** Why the jobs of a cancelled booking were stopped; undoing the cancel revives exactly those. */
const cancelledWithBooking = 'the booking was cancelled'

const stampOf = (instant: string) => Date.parse(instant).toString(36)

/** "Fri, Dec 11, 10:00 AM" where the business is. */
function formatInstantIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleString('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
}

export class BookingLifecycleService {
  private readonly work: SerialQueue
  private readonly scheduled = new Set<string>()
  private stopListening: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: BookingLifecycleOptions) {
    this.work = new SerialQueue((error) => options.logger.error({ err: error }, 'booking lifecycle processing failed'))
  }

  /** Listens for booking changes, then goes through every booking once (resolves when queued). */
  async start(): Promise<void> {
    if (this.stopListening) return
    const { records } = this.options
    this.stopListening = records.storage.documents.onChange((collection, documents) => {
      if (collection !== 'bookings') return
      for (const document of documents) this.schedule(document.id)
    })
    for (const id of await records.storage.queries.bookings.idsByLastChange()) this.schedule(id)
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
      const today = records.today({ timeZone: await records.timeZone() })
      for (const id of await records.storage.queries.bookings.idsHeldBefore(today)) {
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
    await records.storage.units((unit) => new PaymentMatching(unit, records.now).recordBankMoneyOnTimeline(bookingId))
    const booking = await records.update(bookingId)
    if (!booking) {
      await jobs.cancelPending(bookingId, 'the booking was deleted')
      return
    }
    if (this.options.checkouts && DepositCheckouts.hasStaleLink(booking)) {
      await this.options.checkouts.withdrawStaleLink(booking).catch((error: unknown) => {
        this.options.logger.warn({ err: error, bookingId }, 'could not withdraw a deposit link that is no longer needed')
      })
    }
    if (DepositCheckouts.hasLapsedRequest(booking)) {
      // A request is one-shot: it must not make a link on its own the next time one expires.
      await records.update(booking.id, () => ({ changes: { depositLinkRequestedAt: null } }))
    }
    const settings = await records.settings()
    const timeZone = settings?.timeZone ?? (await records.timeZone())
    if (booking.cancelledAt) {
      await this.cancelled(booking, settings, timeZone)
      return
    }
    if (!booking.confirmedAt) return
    if ((await jobs.revive(booking.id, cancelledWithBooking)) > 0) {
      await records.update(booking.id, () => ({
        entries: [{ id: `jobs-restored-${stampOf(records.now().toISOString())}`, kind: 'reminder', text: 'Automatic texts restored: the cancellation was undone.' }],
      }))
    }
    // The deposit-link text is queued when a link exists (below), not planned ahead.
    const { moved } = await jobs.plan(booking.id, booking.eventDate, planMessageJobs(booking, timeZone).filter((job) => job.kind !== 'depositLink'))
    if (moved.length > 0) {
      const list = moved.map((job) => `${jobLabels[job.kind].toLowerCase()} ${formatInstantIn(job.dueAt, timeZone)}`).join(', ')
      await records.update(booking.id, () => ({
        entries: [{ id: `texts-moved-${booking.eventDate}-${stampOf(records.now().toISOString())}`, kind: 'reminder', text: `Texts moved with the new date (${booking.eventDate}): ${list}.` }],
      }))
    }
    if (this.options.checkouts && DepositCheckouts.needsLink(booking)) {
      try {
        await this.options.checkouts.openLink(booking, { sendLink: true })
      } catch (error) {
        this.options.logger.warn({ err: error, bookingId }, 'could not create a deposit link; will retry')
        await records.recordFailure(`checkout-${booking.id}`, `Could not create the deposit link for the booking on ${booking.eventDate}: ${String((error as Error)?.message ?? error).slice(0, 200)}`, booking.id, {
          step: 'deposit_checkout',
        })
      }
    }
  }

  /**
   * A cancelled booking: its pending texts stop, and the deposit policy is applied once per
   * cancellation: the timeline says what is kept and what is owed back, and a refund owed
   * becomes a needs-attention item for the owner (refunds are made by a person).
   */
  private async cancelled(booking: Booking, settings: Settings | null, timeZone: string): Promise<void> {
    const { records, jobs } = this.options
    const stamp = stampOf(booking.cancelledAt!)
    const entries: TimelineDraft[] = []
    if ((await jobs.cancelPending(booking.id, cancelledWithBooking)) > 0) {
      entries.push({ id: `jobs-cancelled-${stamp}`, kind: 'reminder', text: 'Automatic texts cancelled with the booking.' })
    }
    const termsId = `cancel-terms-${stamp}`
    if (!(booking.timeline ?? []).some((entry) => entry.id === termsId)) {
      // Without settings (the business not set up yet) there is no policy: the owner decides.
      const terms = cancellationTerms(booking, calendarDateInZone(booking.cancelledAt!, timeZone), settings ?? {})
      entries.push({ id: termsId, kind: 'payment', text: `Deposit policy: ${terms.text}` })
      if (terms.refundCents > 0 || (!terms.policySet && booking.paidCents > 0)) {
        // Before the terms entry that marks this cancellation handled: a stop in between asks again.
        await records.recordFailure(`refund-${booking.id}-${stamp}`, `${booking.customerName || 'A customer'}'s party on ${booking.eventDate} was cancelled: ${terms.text}`, booking.id, {
          step: 'refund',
          refundCents: terms.refundCents,
        })
      }
    }
    if (entries.length > 0) await records.update(booking.id, () => ({ entries }))
  }
}
