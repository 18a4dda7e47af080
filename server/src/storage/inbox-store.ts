/**
 * The durable webhook inbox on SQLite (the `WebhookInbox` contract in `contracts.ts`): verified
 * deliveries are written here before the relay answers 2xx, and read back by the worker. One row
 * per (provider, provider event id); a redelivery only bumps `deliveries`, so the event is
 * processed once. `record` goes through the group commit: one transaction and one flush to disk
 * for every delivery that arrives meanwhile.
 */
import type { Statement } from 'better-sqlite3'
import type { InboxEvent, InboxEventSummary, InboxStatus, NewInboxEvent, WebhookInbox, WebhookProvider } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'
import { groupCommitOf } from './group-commit'

export { webhookProviders, type InboxEvent, type InboxEventSummary, type InboxStatus, type NewInboxEvent, type WebhookProvider } from './contracts'

/** A row of `webhook_events` on either engine (PostgreSQL hands a BIGINT back as a string). */
export interface InboxRow {
  seq: number | string
  provider: WebhookProvider
  event_id: string
  received_at: string
  headers: string
  body?: Buffer
  status: InboxStatus
  attempts: number
  next_attempt_at: string
  last_error: string | null
  processed_at: string | null
  deliveries: number
}

export const inboxSummaryColumns =
  'seq, provider, event_id, received_at, headers, status, attempts, next_attempt_at, last_error, processed_at, deliveries'

export class InboxStore implements WebhookInbox {
  // Prepared once: `record` is on every webhook's path.
  private readonly insert: Statement
  private readonly countRedelivery: Statement
  private readonly selectDue: Statement
  private readonly lease: Statement

  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(
      `INSERT INTO webhook_events (provider, event_id, received_at, headers, body, status, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (provider, event_id) DO NOTHING`,
    )
    this.countRedelivery = db.prepare(
      'UPDATE webhook_events SET deliveries = deliveries + 1 WHERE provider = ? AND event_id = ? RETURNING seq',
    )
    // Prepared once too: the worker claims on every batch of deliveries.
    this.selectDue = db.prepare(
      `SELECT ${inboxSummaryColumns}, body FROM webhook_events
       WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?`,
    )
    this.lease = db.prepare('UPDATE webhook_events SET next_attempt_at = ? WHERE seq IN (SELECT value FROM json_each(?))')
  }

  /** Stores a delivery unless the same event is stored; resolves once the shared commit is on disk. */
  record(event: NewInboxEvent): Promise<{ seq: number; isDuplicate: boolean }> {
    return groupCommitOf(this.db).run(() => {
      const at = this.now().toISOString()
      const inserted = this.insert.run(event.provider, event.eventId, at, JSON.stringify(event.headers), event.body, at)
      if (inserted.changes === 1) return { seq: Number(inserted.lastInsertRowid), isDuplicate: false }
      const existing = this.countRedelivery.get(event.provider, event.eventId) as { seq: number }
      return { seq: existing.seq, isDuplicate: true }
    })
  }

  /** Pending events due at `now`, oldest first, each leased to the caller until `now + leaseMs`. */
  async claimDue(now: Date, leaseMs: number, limit = 50): Promise<InboxEvent[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
    // Most polls find nothing: those read without waiting for the write lock.
    if (this.selectDue.all(now.toISOString(), 1).length === 0) return []
    return writeTransaction(this.db, () => {
      const rows = this.selectDue.all(now.toISOString(), limit) as InboxRow[]
      if (rows.length > 0) this.lease.run(leaseUntil, JSON.stringify(rows.map((row) => row.seq)))
      return rows.map(toInboxEvent)
    })
  }

  async get(seq: number): Promise<InboxEvent | null> {
    const row = this.db.prepare(`SELECT ${inboxSummaryColumns}, body FROM webhook_events WHERE seq = ?`).get(seq) as InboxRow | undefined
    return row ? toInboxEvent(row) : null
  }

  /** Finds an event by inbox sequence number or by provider event id (which may be ambiguous). */
  async find(idOrSeq: string): Promise<InboxEvent[]> {
    if (/^\d+$/.test(idOrSeq)) {
      const bySeq = await this.get(Number(idOrSeq))
      if (bySeq) return [bySeq]
    }
    const rows = this.db
      .prepare(`SELECT ${inboxSummaryColumns}, body FROM webhook_events WHERE event_id = ? ORDER BY seq`)
      .all(idOrSeq) as InboxRow[]
    return rows.map(toInboxEvent)
  }

  async list(options: { status?: InboxStatus; limit?: number } = {}): Promise<InboxEventSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT ${inboxSummaryColumns} FROM webhook_events
         WHERE (@status IS NULL OR status = @status) ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ status: options.status ?? null, limit: options.limit ?? 100 }) as InboxRow[]
    return rows.map((row) => {
      const { body: _body, ...summary } = toInboxEvent({ ...row, body: Buffer.alloc(0) })
      return summary
    })
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM webhook_events').get() as { n: number }).n
  }

  async markDone(seq: number, attempts: number): Promise<void> {
    this.db
      .prepare(`UPDATE webhook_events SET status = 'done', attempts = ?, last_error = NULL, processed_at = ? WHERE seq = ?`)
      .run(attempts, this.now().toISOString(), seq)
  }

  /** Records a failed attempt: retried at `retryAt`, or dead when `retryAt` is null. */
  async markFailed(seq: number, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    this.db
      .prepare(
        `UPDATE webhook_events SET status = ?, attempts = ?, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at)
         WHERE seq = ?`,
      )
      .run(retryAt ? 'pending' : 'dead', attempts, error.slice(0, 500), retryAt?.toISOString() ?? null, seq)
  }

  /** Puts a dead or done event back in the queue, due now, with a fresh attempt budget. */
  async replay(seq: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE webhook_events SET status = 'pending', attempts = 0, next_attempt_at = ?, processed_at = NULL
         WHERE seq = ? AND status IN ('dead', 'done')`,
      )
      .run(this.now().toISOString(), seq)
    return result.changes === 1
  }
}

export function toInboxEvent(row: InboxRow): InboxEvent {
  return {
    seq: Number(row.seq),
    provider: row.provider,
    eventId: row.event_id,
    receivedAt: row.received_at,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: row.body ?? Buffer.alloc(0),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    processedAt: row.processed_at,
    deliveries: row.deliveries,
  }
}
