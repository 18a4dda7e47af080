/**
 * The `scheduled_messages` table (migration 0006): the relay's durable plan of texts per booking.
 * Each state change is one SQL statement guarded by the state it expects, so two runners (or a
 * runner and a restart) can never both claim the same job.
 */
import type { MessageJobKind, PlannedMessageJob } from '../../../src/domain/bookings'
import type { JobStatus, MessageJob, ScheduledTexts } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

export type { JobStatus, MessageJob } from './contracts'

export interface JobRow {
  booking_id: string
  kind: MessageJobKind
  due_at: string
  status: JobStatus
  attempts: number
  last_error: string | null
  sent_message_id: string | null
}

export const toJob = (row: JobRow): MessageJob => ({
  bookingId: row.booking_id,
  kind: row.kind,
  dueAt: row.due_at,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  sentMessageId: row.sent_message_id,
})

/** Texts whose time follows the event date: they move when the date does, while still pending. */
export const dateBoundKinds = new Set<MessageJobKind>(['eventReminder', 'balanceReminder', 'reviewRequest'])

export class MessageJobStore {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date,
  ) {}

  /**
   * Adds the planned jobs a booking does not have yet; a date-bound job follows a changed event
   * date (only then, so a postponement stands): a pending one moves, and one already sent or
   * skipped for the old date is planned again when its new time is still ahead (the customer
   * should hear about the new date). Jobs cancelled stay as they are. Returns how many were
   * added, and which moved to the new date.
   */
  plan(bookingId: string, eventDate: string, jobs: readonly PlannedMessageJob[]): { added: number; moved: PlannedMessageJob[] } {
    const at = this.now().toISOString()
    const insert = this.db.prepare(
      `INSERT INTO scheduled_messages (booking_id, kind, due_at, event_date, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (booking_id, kind) DO NOTHING`,
    )
    const move = this.db.prepare(
      `UPDATE scheduled_messages SET due_at = @dueAt, event_date = @eventDate, updated_at = @at,
         status = 'pending', attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END,
         last_error = CASE WHEN status = 'pending' THEN last_error ELSE NULL END,
         sent_message_id = CASE WHEN status = 'pending' THEN sent_message_id ELSE NULL END
       WHERE booking_id = @bookingId AND kind = @kind AND event_date <> @eventDate
         AND (status = 'pending' OR (status IN ('sent', 'skipped') AND @dueAt > @at))`,
    )
    let added = 0
    const moved: PlannedMessageJob[] = []
    for (const job of jobs) {
      added += insert.run(bookingId, job.kind, job.dueAt, eventDate, at, at).changes
      if (dateBoundKinds.has(job.kind) && move.run({ dueAt: job.dueAt, eventDate, at, bookingId, kind: job.kind }).changes > 0) moved.push(job)
    }
    return { added, moved }
  }

  /**
   * A cancellation taken back: the jobs it cancelled wait to be sent again (each is still judged
   * when due: a stale confirmation is skipped). Jobs cancelled for another reason (an opt-out) stay.
   */
  revive(bookingId: string, cancelledBecause: string): number {
    return this.db
      .prepare(`UPDATE scheduled_messages SET status = 'pending', last_error = NULL, updated_at = ? WHERE booking_id = ? AND status = 'cancelled' AND last_error = ?`)
      .run(this.now().toISOString(), bookingId, cancelledBecause).changes
  }

  /** Sends the deposit link again (a new Checkout session): the job is due now whatever it did before. */
  rearm(bookingId: string, eventDate: string, kind: MessageJobKind): void {
    const at = this.now().toISOString()
    this.db
      .prepare(
        `INSERT INTO scheduled_messages (booking_id, kind, due_at, event_date, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)
         ON CONFLICT (booking_id, kind) DO UPDATE SET due_at = excluded.due_at, status = 'pending', attempts = 0,
           last_error = NULL, sent_message_id = NULL, updated_at = excluded.updated_at
         WHERE scheduled_messages.status <> 'sending'`,
      )
      .run(bookingId, kind, at, eventDate, at, at)
  }

  get(bookingId: string, kind: MessageJobKind): MessageJob | null {
    const row = this.db.prepare('SELECT * FROM scheduled_messages WHERE booking_id = ? AND kind = ?').get(bookingId, kind) as JobRow | undefined
    return row ? toJob(row) : null
  }

  forBooking(bookingId: string): MessageJob[] {
    return (this.db.prepare('SELECT * FROM scheduled_messages WHERE booking_id = ? ORDER BY due_at, kind').all(bookingId) as JobRow[]).map(toJob)
  }

  /** Pending jobs due by `at`, oldest first. */
  due(at: Date, limit = 100): MessageJob[] {
    return (
      this.db
        .prepare(`SELECT * FROM scheduled_messages WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, booking_id, kind LIMIT ?`)
        .all(at.toISOString(), limit) as JobRow[]
    ).map(toJob)
  }

  /** Claims a pending job, as listed, for sending; false when someone else changed it first. */
  claim(job: Pick<MessageJob, 'bookingId' | 'kind' | 'dueAt' | 'attempts'>): boolean {
    return (
      this.db
        .prepare(
          `UPDATE scheduled_messages SET status = 'sending', attempts = attempts + 1, updated_at = ?
           WHERE booking_id = ? AND kind = ? AND status = 'pending' AND due_at = ? AND attempts = ?`,
        )
        .run(this.now().toISOString(), job.bookingId, job.kind, job.dueAt, job.attempts).changes === 1
    )
  }

  markSent(job: MessageJob, messageId: string): void {
    this.transition(job, 'sending', { status: 'sent', sent_message_id: messageId, last_error: null })
  }

  /** A failed attempt: back to pending at `retryAt`, or `failed` for good when `retryAt` is null. */
  markAttemptFailed(job: MessageJob, error: string, retryAt: string | null): void {
    this.transition(job, 'sending', retryAt ? { status: 'pending', due_at: retryAt, last_error: error } : { status: 'failed', last_error: error })
  }

  /** Resolves a job without sending: skipped or cancelled (with the reason), or failed. */
  resolve(job: Pick<MessageJob, 'bookingId' | 'kind'>, status: 'skipped' | 'cancelled' | 'failed', reason: string, from: JobStatus = 'pending'): boolean {
    return this.transition(job, from, { status, last_error: reason })
  }

  postpone(job: MessageJob, dueAt: string): void {
    this.transition(job, 'pending', { due_at: dueAt })
  }

  /** Cancels every pending job of a booking (cancelled, or the number opted out). */
  cancelPending(bookingId: string, reason: string): number {
    return this.db
      .prepare(`UPDATE scheduled_messages SET status = 'cancelled', last_error = ?, updated_at = ? WHERE booking_id = ? AND status = 'pending'`)
      .run(reason, this.now().toISOString(), bookingId).changes
  }

  /**
   * Jobs a crash left between claim and outcome: whether their text left is unknown. Only those
   * claimed before `claimedBefore` when given (with several relays, a fresh claim is still being sent).
   */
  interrupted(claimedBefore?: Date): MessageJob[] {
    const rows = claimedBefore
      ? this.db.prepare(`SELECT * FROM scheduled_messages WHERE status = 'sending' AND updated_at < ?`).all(claimedBefore.toISOString())
      : this.db.prepare(`SELECT * FROM scheduled_messages WHERE status = 'sending'`).all()
    return (rows as JobRow[]).map(toJob)
  }

  /** Claims pending jobs due by `now`, oldest first, in one transaction: each is the caller's alone. */
  claimDue(now: Date, limit = 100): MessageJob[] {
    // Most passes find nothing: those read without waiting for the write lock.
    if (this.due(now, 1).length === 0) return []
    return writeTransaction(this.db, () => this.due(now, limit).filter((job) => this.claim(job))).map((job) => ({ ...job, status: 'sending' as const, attempts: job.attempts + 1 }))
  }

  private transition(job: Pick<MessageJob, 'bookingId' | 'kind'>, from: JobStatus, changes: Record<string, string | null>): boolean {
    const columns = Object.keys(changes)
    const assignments = columns.map((column) => `${column} = @${column}`).join(', ')
    return (
      this.db
        .prepare(`UPDATE scheduled_messages SET ${assignments}, updated_at = @updatedAt WHERE booking_id = @bookingId AND kind = @kind AND status = @from`)
        .run({ ...changes, updatedAt: this.now().toISOString(), bookingId: job.bookingId, kind: job.kind, from }).changes === 1
    )
  }
}

/**
 * The `ScheduledTexts` contract over the synchronous SQLite store: the same methods, their results
 * handed back as promises. How the booking lifecycle reaches SQLite's scheduled texts.
 */
export function scheduledTextsOnSqlite(store: MessageJobStore): ScheduledTexts {
  return {
    plan: async (bookingId, eventDate, jobs) => store.plan(bookingId, eventDate, jobs),
    revive: async (bookingId, cancelledBecause) => store.revive(bookingId, cancelledBecause),
    rearm: async (bookingId, eventDate, kind) => store.rearm(bookingId, eventDate, kind),
    get: async (bookingId, kind) => store.get(bookingId, kind),
    forBooking: async (bookingId) => store.forBooking(bookingId),
    claimDue: async (now, limit) => store.claimDue(now, limit),
    due: async (now, limit) => store.due(now, limit),
    claim: async (job) => store.claim(job),
    markSent: async (job, messageId) => store.markSent(job, messageId),
    markAttemptFailed: async (job, error, retryAt) => store.markAttemptFailed(job, error, retryAt),
    resolve: async (job, status, reason, from) => store.resolve(job, status, reason, from),
    postpone: async (job, dueAt) => store.postpone(job, dueAt),
    cancelPending: async (bookingId, reason) => store.cancelPending(bookingId, reason),
    interrupted: async (claimedBefore) => store.interrupted(claimedBefore),
  }
}
