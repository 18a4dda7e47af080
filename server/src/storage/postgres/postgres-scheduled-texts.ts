/**
 * The relay's scheduled texts on PostgreSQL (the `ScheduledTexts` contract in `../contracts.ts`).
 * Several relays share the table: each claims due jobs with `FOR UPDATE SKIP LOCKED` (rows another
 * relay is claiming are passed over, not waited for) and every later change is guarded by the
 * state it expects, so each text is claimed, and sent, by one relay.
 */
import type { MessageJobKind, PlannedMessageJob } from '../../../../src/domain/bookings'
import type { JobStatus, MessageJob, ScheduledTexts } from '../contracts'
import { dateBoundKinds, toJob, type JobRow } from '../job-store'
import { durably, inTransaction, type PostgresDatabase } from './postgres-database'

/** The columns a state change may set. */
type ChangedColumn = 'status' | 'due_at' | 'last_error' | 'sent_message_id'

export class PostgresScheduledTexts implements ScheduledTexts {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async plan(bookingId: string, eventDate: string, jobs: readonly PlannedMessageJob[]): Promise<{ added: number; moved: PlannedMessageJob[] }> {
    const at = this.now().toISOString()
    return inTransaction(this.db, async (client) => {
      let added = 0
      const moved: PlannedMessageJob[] = []
      for (const job of jobs) {
        const inserted = await client.query(
          `INSERT INTO scheduled_messages (booking_id, kind, due_at, event_date, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (booking_id, kind) DO NOTHING`,
          [bookingId, job.kind, job.dueAt, eventDate, at],
        )
        added += inserted.rowCount ?? 0
        if (!dateBoundKinds.has(job.kind)) continue
        const shifted = await client.query(
          `UPDATE scheduled_messages SET due_at = $1, event_date = $2, updated_at = $3,
             attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END,
             last_error = CASE WHEN status = 'pending' THEN last_error ELSE NULL END,
             sent_message_id = CASE WHEN status = 'pending' THEN sent_message_id ELSE NULL END,
             status = 'pending'
           WHERE booking_id = $4 AND kind = $5 AND event_date <> $2
             AND (status = 'pending' OR (status IN ('sent', 'skipped') AND $1 > $3))`,
          [job.dueAt, eventDate, at, bookingId, job.kind],
        )
        if ((shifted.rowCount ?? 0) > 0) moved.push(job)
      }
      return { added, moved }
    })
  }

  async revive(bookingId: string, cancelledBecause: string): Promise<number> {
    const { rowCount } = await durably(
      this.db,
      `UPDATE scheduled_messages SET status = 'pending', last_error = NULL, updated_at = $1 WHERE booking_id = $2 AND status = 'cancelled' AND last_error = $3`,
      [this.now().toISOString(), bookingId, cancelledBecause],
    )
    return rowCount ?? 0
  }

  async rearm(bookingId: string, eventDate: string, kind: MessageJobKind): Promise<void> {
    const at = this.now().toISOString()
    await durably(
      this.db,
      `INSERT INTO scheduled_messages (booking_id, kind, due_at, event_date, status, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $3, $3)
       ON CONFLICT (booking_id, kind) DO UPDATE SET due_at = excluded.due_at, status = 'pending', attempts = 0,
         last_error = NULL, sent_message_id = NULL, updated_at = excluded.updated_at
       WHERE scheduled_messages.status <> 'sending'`,
      [bookingId, kind, at, eventDate],
    )
  }

  async get(bookingId: string, kind: MessageJobKind): Promise<MessageJob | null> {
    const { rows } = await this.db.sql.query<JobRow>('SELECT * FROM scheduled_messages WHERE booking_id = $1 AND kind = $2', [bookingId, kind])
    return rows[0] ? toJob(rows[0]) : null
  }

  async forBooking(bookingId: string): Promise<MessageJob[]> {
    const { rows } = await this.db.sql.query<JobRow>('SELECT * FROM scheduled_messages WHERE booking_id = $1 ORDER BY due_at, kind', [bookingId])
    return rows.map(toJob)
  }

  async claimDue(now: Date, limit = 100): Promise<MessageJob[]> {
    const { rows } = await durably<JobRow>(
      this.db,
      `WITH due AS (
         SELECT booking_id, kind FROM scheduled_messages
         WHERE status = 'pending' AND due_at <= $1
         ORDER BY due_at, booking_id, kind LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE scheduled_messages AS job SET status = 'sending', attempts = job.attempts + 1, updated_at = $3
       FROM due WHERE job.booking_id = due.booking_id AND job.kind = due.kind AND job.status = 'pending'
       RETURNING job.*`,
      [now.toISOString(), limit, this.now().toISOString()],
    )
    return rows.map(toJob).sort((a, b) => (a.dueAt !== b.dueAt ? (a.dueAt < b.dueAt ? -1 : 1) : `${a.bookingId}/${a.kind}` < `${b.bookingId}/${b.kind}` ? -1 : 1))
  }

  async due(now: Date, limit = 100): Promise<MessageJob[]> {
    const { rows } = await this.db.sql.query<JobRow>(
      `SELECT * FROM scheduled_messages WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, booking_id, kind LIMIT $2`,
      [now.toISOString(), limit],
    )
    return rows.map(toJob)
  }

  async claim(job: Pick<MessageJob, 'bookingId' | 'kind' | 'dueAt' | 'attempts'>): Promise<boolean> {
    // One guarded statement: of two relays claiming the same job, one changes the row.
    const { rowCount } = await durably(
      this.db,
      `UPDATE scheduled_messages SET status = 'sending', attempts = attempts + 1, updated_at = $1
       WHERE booking_id = $2 AND kind = $3 AND status = 'pending' AND due_at = $4 AND attempts = $5`,
      [this.now().toISOString(), job.bookingId, job.kind, job.dueAt, job.attempts],
    )
    return rowCount === 1
  }

  async markSent(job: MessageJob, messageId: string): Promise<void> {
    await this.transition(job, 'sending', { status: 'sent', sent_message_id: messageId, last_error: null })
  }

  async markAttemptFailed(job: MessageJob, error: string, retryAt: string | null): Promise<void> {
    await this.transition(job, 'sending', retryAt ? { status: 'pending', due_at: retryAt, last_error: error } : { status: 'failed', last_error: error })
  }

  resolve(job: Pick<MessageJob, 'bookingId' | 'kind'>, status: 'skipped' | 'cancelled' | 'failed', reason: string, from: JobStatus = 'pending'): Promise<boolean> {
    return this.transition(job, from, { status, last_error: reason })
  }

  async postpone(job: MessageJob, dueAt: string): Promise<void> {
    await this.transition(job, 'pending', { due_at: dueAt })
  }

  async cancelPending(bookingId: string, reason: string): Promise<number> {
    const { rowCount } = await durably(
      this.db,
      `UPDATE scheduled_messages SET status = 'cancelled', last_error = $1, updated_at = $2 WHERE booking_id = $3 AND status = 'pending'`,
      [reason, this.now().toISOString(), bookingId],
    )
    return rowCount ?? 0
  }

  async interrupted(claimedBefore: Date): Promise<MessageJob[]> {
    const { rows } = await this.db.sql.query<JobRow>(`SELECT * FROM scheduled_messages WHERE status = 'sending' AND updated_at < $1 ORDER BY updated_at`, [
      claimedBefore.toISOString(),
    ])
    return rows.map(toJob)
  }

  /** One guarded UPDATE: true when the job was in `from` (and so is now the caller's change). */
  private async transition(job: Pick<MessageJob, 'bookingId' | 'kind'>, from: JobStatus, changes: Partial<Record<ChangedColumn, string | null>>): Promise<boolean> {
    // Column names come from this file only; every value is a parameter.
    const columns = Object.keys(changes) as ChangedColumn[]
    const assignments = columns.map((column, at) => `${column} = $${at + 1}`).join(', ')
    const values = [...columns.map((column) => changes[column] ?? null), this.now().toISOString(), job.bookingId, job.kind, from]
    const n = columns.length
    const { rowCount } = await durably(
      this.db,
      `UPDATE scheduled_messages SET ${assignments}, updated_at = $${n + 1} WHERE booking_id = $${n + 2} AND kind = $${n + 3} AND status = $${n + 4}`,
      values,
    )
    return rowCount === 1
  }
}
