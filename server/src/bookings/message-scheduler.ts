/**
 * Runs the booking texts that have come due (`scheduled_messages`): decides whether each still
 * applies, holds it until quiet hours end, sends it through the SMS sender (which enforces the
 * opt-out) and records the outcome on the booking's timeline.
 *
 * Exactly once, with several relays too: a job is claimed (`pending` → `sending`) in one guarded
 * statement before the text leaves, and marked `sent` after the booking and the thread record it
 * (entries by stable id, so a repeat adds nothing). A job left `sending` longer than any send takes
 * means a relay died during a send; the text may or may not have gone out, so it is not retried
 * but handed to a person (needs attention). Failed sends retry with backoff, then do the same.
 *
 * Works through the storage contracts (either engine). Each outcome is written record first, job
 * state last, so a stop in between leaves the job to be decided again, never a job marked done
 * whose record is missing.
 */
import { createHash } from 'node:crypto'
import {
  decideDueJob,
  defaultQuietHours,
  renderTemplate,
  shiftOutOfQuietHours,
  templateFor,
  type MessageJobKind,
} from '../../../src/domain/bookings'
import type { Booking } from '../../../src/domain/schemas'
import { remindToFinishSetupThrough } from '../business/setup-reminder'
import type { Logger } from '../logging/logger'
import { SmsNotSentError, type SmsSender } from '../providers/ringcentral/sms-sender'
import type { BookingRecords } from './booking-records'
import type { DepositCheckouts } from './deposit-checkouts'
import type { MessageJob, ScheduledTexts } from '../storage/contracts'
import type { TextOrigins } from '../sync/text-origins'

export const jobLabels: Record<MessageJobKind, string> = {
  confirmation: 'Booking confirmation',
  depositLink: 'Deposit link',
  depositReminder: 'Deposit reminder',
  eventReminder: 'Event reminder',
  balanceReminder: 'Balance reminder',
  reviewRequest: 'Review request',
}

/** A skipped text is noted on the timeline only if it was due within this window. */
const recentSkipWindowMs = 24 * 60 * 60 * 1000

/** While the business is not set up, a due text is looked at again this much later. */
const notSetUpRetryMs = 60 * 60 * 1000

/** Waits before attempts 2, 3 and 4; after the 4th failure the job needs a person. */
export const retryDelaysMs = [60_000, 5 * 60_000, 30 * 60_000] as const

export interface MessageSchedulerOptions {
  records: BookingRecords
  jobs: ScheduledTexts
  /** Null when RingCentral is not configured: jobs wait, pending, until it is. */
  sender: SmsSender | null
  checkouts: DepositCheckouts | null
  logger: Logger
  /** The console behind each booking's texts: its quota, and a hold when it was revoked. */
  origins?: TextOrigins
}

/** How long a held text waits before it is looked at again. */
const holdRecheckMs = 60 * 60 * 1000

/** Longer than any send takes: a job `sending` for longer was left by a relay that stopped. */
export const interruptedAfterMs = 5 * 60 * 1000

export class MessageScheduler {
  constructor(private readonly options: MessageSchedulerOptions) {}

  /** Runs every pending job due now; returns how many texts were sent. */
  async runDue(): Promise<number> {
    const { jobs, records, sender } = this.options
    try {
      await this.recoverInterrupted()
    } catch (error) {
      this.options.logger.error({ err: error }, 'interrupted booking texts could not be reported; will retry')
    }
    if (!sender) return 0
    let sent = 0
    for (const job of await jobs.due(records.now())) {
      try {
        if (await this.run(job)) sent++
      } catch (error) {
        this.options.logger.error({ err: error, bookingId: job.bookingId, kind: job.kind }, 'a scheduled booking text could not be processed')
      }
    }
    return sent
  }

  /**
   * Jobs a stopped relay left `sending`: never re-sent automatically (the text may have left), but
   * each becomes a needs-attention item so a person can check with the customer. Only jobs claimed
   * before `interruptedAfterMs` ago: another relay may be sending one claimed since.
   */
  async recoverInterrupted(): Promise<void> {
    const { jobs, records } = this.options
    for (const job of await jobs.interrupted(new Date(records.now().getTime() - interruptedAfterMs))) {
      // A person is told before the job is closed: a stop in between finds it again, and relays
      // finding it together write the same entry and item (stable ids).
      const label = jobLabels[job.kind]
      await records.update(job.bookingId, () => ({
        entries: [{ id: `job-${job.kind}-interrupted-${job.attempts}`, kind: 'reminder', text: `${label}: the relay stopped while sending it; it may not have arrived and was not retried.` }],
      }))
      await records.recordFailure(
        `job-${job.bookingId}-${job.kind}`,
        `${label} for a booking may not have been sent (the relay stopped mid-send); check with the customer`,
        job.bookingId,
        { job: job.kind, attempts: job.attempts },
      )
      await jobs.resolve(job, 'cancelled', 'interrupted while sending; not retried to avoid a duplicate', 'sending')
    }
  }

  private async run(job: MessageJob): Promise<boolean> {
    const { jobs, records } = this.options
    const booking = await records.booking(job.bookingId)
    if (!booking) {
      await jobs.resolve(job, 'cancelled', 'the booking was deleted')
      return false
    }
    const settings = await records.settings()
    const now = records.now()
    const label = jobLabels[job.kind]
    if (!settings) {
      // No business name or templates to send under: the text waits until the owner sets up.
      await remindToFinishSetupThrough(records.storage.documents, now, `A booking's ${label.toLowerCase()} is waiting to be texted.`)
      await jobs.postpone(job, new Date(now.getTime() + notSetUpRetryMs).toISOString())
      return false
    }
    const decision = decideDueJob(job.kind, booking, now, settings.timeZone, { settlingPaymentReceived: await records.settlingPaymentReceived(booking.id) })
    if (decision.action === 'wait') {
      await jobs.postpone(job, decision.until)
      return false
    }
    if (decision.action === 'skip') {
      await this.skip(job, booking, `${label} not sent: ${decision.reason}.`, decision.reason)
      return false
    }
    if (!booking.customerPhone) {
      await this.skip(job, booking, `${label} not sent: the booking has no phone number.`, 'no phone number')
      return false
    }
    const sendAt = shiftOutOfQuietHours(now, settings.quietHours ?? defaultQuietHours, settings.timeZone)
    if (sendAt.getTime() > now.getTime()) {
      await jobs.postpone(job, sendAt.toISOString())
      return false
    }
    const gate = (await this.options.origins?.gate(booking.id, now)) ?? ({ kind: 'send', deviceId: null } as const)
    if (gate.kind !== 'send') {
      await this.hold(job, booking, gate.kind === 'wait' ? gate.until : new Date(now.getTime() + holdRecheckMs), gate.reason)
      return false
    }

    let link: string | null = null
    if (job.kind === 'depositLink' || job.kind === 'depositReminder') {
      if (!this.options.checkouts) return this.fail(job, booking, 'Stripe is not configured on the relay, so there is no deposit link to send.', false)
      try {
        link = (await this.options.checkouts.openLink(booking, { sendLink: false })).url
      } catch (error) {
        return this.fail(job, booking, `Could not create the deposit link with Stripe: ${describe(error)}`, true)
      }
    }
    const current = (await records.booking(booking.id)) ?? booking
    const rendered = renderTemplate(templateFor(settings, job.kind), current, settings, { link })
    if (rendered.unknownPlaceholders.length > 0 || rendered.missingValues.length > 0) {
      const problems = [
        ...rendered.unknownPlaceholders.map((name) => `{${name}} is not a placeholder the relay knows`),
        ...rendered.missingValues.map((name) => `{${name}} has no value (set it in Settings)`),
      ]
      return this.fail(job, current, `The ${label.toLowerCase()} template cannot be filled: ${problems.join('; ')}.`, false)
    }

    // Only the job as listed: one another relay has since retried, postponed or moved is not ours.
    if (!(await jobs.claim(job))) return false
    const claimed = asClaimed(job)
    let messageId: string
    try {
      messageId = (await this.options.sender!.send({ to: current.customerPhone!, text: rendered.text, purpose: 'customer_message' })).messageId
    } catch (error) {
      if (error instanceof SmsNotSentError && error.reason === 'opted_out') {
        await this.optedOut(claimed, current)
        return false
      }
      const retryable = !(error instanceof SmsNotSentError) || error.reason !== 'invalid'
      return this.attemptFailed(claimed, current, describe(error), retryable)
    }
    // The text has left: its records first, the job's state last (see the header).
    await this.options.origins?.recordSent(gate.deviceId, current.id, records.now())
    await records.appendToThread(current.customerPhone!, {
      id: threadMessageId(messageId),
      direction: 'outbound',
      author: 'agent',
      text: rendered.text.slice(0, 2000),
      at: records.now().toISOString(),
      status: 'sent',
    })
    await records.update(current.id, () => ({
      entries: [
        {
          id: `sms-${job.kind}-${messageId}`.slice(0, 128),
          kind: job.kind === 'depositLink' ? 'deposit_link' : 'reminder',
          text: `${label} texted: “${rendered.text}”`,
          ref: null,
        },
      ],
    }))
    await jobs.markSent(claimed, messageId)
    this.options.logger.info({ bookingId: current.id, kind: job.kind }, 'booking text sent')
    return true
  }

  /**
   * Keeps a text back (its console was revoked, or is over its quota) and tells the owner once
   * per booking; the text goes out when the reason is gone.
   */
  private async hold(job: MessageJob, booking: Booking, until: Date, reason: string): Promise<void> {
    const { jobs, records } = this.options
    await records.recordFailure(
      `held-${booking.id}`,
      `Automatic texts for ${booking.customerName || 'a booking'} on ${booking.eventDate} are held: ${reason}.`,
      booking.id,
      { job: job.kind },
      { onlyIfNotOpen: true },
    )
    await jobs.postpone(job, until.toISOString())
    this.options.logger.warn({ bookingId: booking.id, kind: job.kind }, 'booking text held back')
  }

  /**
   * Drops a text that no longer applies. The timeline says so only when it was due lately: a
   * booking planned long after its dates (an older booking the relay meets for the first time)
   * would otherwise collect a row of "not sent" entries nobody needs.
   */
  private async skip(job: MessageJob, booking: Booking, text: string, reason: string): Promise<void> {
    const { jobs, records } = this.options
    const recentlyDue = records.now().getTime() - Date.parse(job.dueAt) <= recentSkipWindowMs
    // The entry first (by a stable id): a stop before the job is closed decides it again.
    if (recentlyDue) await records.update(booking.id, () => ({ entries: [{ id: `job-${job.kind}-skipped-${job.dueAt}`.slice(0, 128), kind: 'reminder', text }] }))
    await jobs.resolve(job, 'skipped', reason)
  }

  /** The number opted out: this text and every later one for the number's bookings are off. */
  private async optedOut(job: MessageJob, booking: Booking): Promise<void> {
    const { jobs, records } = this.options
    const reason = 'the customer opted out of texts'
    // The job first: left `sending`, it would be reported as perhaps sent, inviting staff to
    // contact someone who asked not to be (the opt-out itself is on the relay's list).
    await jobs.resolve(job, 'cancelled', reason, 'sending')
    await records.update(booking.id, () => ({
      entries: [{ id: `job-${job.kind}-optout`, kind: 'reminder', text: `${jobLabels[job.kind]} not sent: the customer opted out of texts (replied STOP).` }],
    }))
    for (const bookingId of await records.storage.queries.bookings.idsForPhone(booking.customerPhone)) {
      if ((await jobs.cancelPending(bookingId, reason)) > 0) {
        await records.update(bookingId, () => ({
          entries: [{ id: `jobs-cancelled-optout-${job.kind}`, kind: 'reminder', text: 'Later automatic texts cancelled: the customer opted out of texts.' }],
        }))
      }
    }
    this.options.logger.info({ bookingId: booking.id, kind: job.kind }, 'booking text not sent: opted out')
  }

  /** A claimed send failed: retry later, or give up and tell a person. */
  private async attemptFailed(job: MessageJob, booking: Booking, reason: string, retryable: boolean): Promise<false> {
    const { jobs, records } = this.options
    const delay = retryDelaysMs[job.attempts - 1]
    if (retryable && delay !== undefined) {
      await jobs.markAttemptFailed(job, reason, new Date(records.now().getTime() + delay).toISOString())
      this.options.logger.warn({ bookingId: booking.id, kind: job.kind, attempts: job.attempts }, 'booking text failed; will retry')
      return false
    }
    await this.giveUp(job, booking, reason, job.attempts)
    await jobs.markAttemptFailed(job, reason, null)
    return false
  }

  /** A job that cannot be sent as it stands (before any claim): failed at once, with the reason. */
  private async fail(job: MessageJob, booking: Booking, reason: string, retryable: boolean): Promise<false> {
    const { jobs } = this.options
    if (retryable && (await jobs.claim(job))) return this.attemptFailed(asClaimed(job), booking, reason, true)
    // A person is told before the job is closed: a stop in between decides it again (same entry and item).
    await this.giveUp(job, booking, reason, job.attempts)
    await jobs.resolve(job, 'failed', reason)
    return false
  }

  private async giveUp(job: MessageJob, booking: Booking, reason: string, attempts: number): Promise<void> {
    const { records } = this.options
    const label = jobLabels[job.kind]
    await records.update(booking.id, () => ({
      entries: [{ id: `job-${job.kind}-failed-${attempts}-${job.dueAt}`.slice(0, 128), kind: 'reminder', text: `${label} failed: ${reason}` }],
    }))
    await records.recordFailure(`job-${booking.id}-${job.kind}`, `${label} for ${booking.customerName || 'a booking'} on ${booking.eventDate} failed: ${reason}`, booking.id, {
      job: job.kind,
      attempts,
    })
    this.options.logger.warn({ bookingId: booking.id, kind: job.kind, attempts }, 'booking text failed for good; needs attention')
  }
}

/** The job as a claim leaves it: being sent, one attempt more. */
function asClaimed(job: MessageJob): MessageJob {
  return { ...job, status: 'sending', attempts: job.attempts + 1 }
}

/** The thread message for a sent text: RingCentral's id when it fits the document id rules. */
function threadMessageId(messageId: string): string {
  const id = `rc-out-${messageId}`
  return /^[A-Za-z0-9_:.-]{1,64}$/.test(id) ? id : `rc-out-${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`
}

function describe(error: unknown): string {
  if (error instanceof SmsNotSentError) return error.message
  if (error instanceof Error) return error.message.slice(0, 300)
  return 'unexpected error'
}
