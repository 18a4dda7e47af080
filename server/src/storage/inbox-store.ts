/**
 * The durable webhook inbox: verified deliveries are written here before the relay answers 2xx,
 * and read back by the worker. One row per (provider, provider event id); a redelivery only
 * bumps `deliveries`, so the event is processed once.
 */
import type { Statement } from 'better-sqlite3'
import type { RelayDatabase } from './database'

export const webhookProviders = ['ringcentral', 'stripe', 'plaid'] as const
export type WebhookProvider = (typeof webhookProviders)[number]

export type InboxStatus = 'pending' | 'done' | 'dead'

export interface InboxEvent {
  seq: number
  provider: WebhookProvider
  eventId: string
  receivedAt: string
  /** Only the headers an audit needs; never a shared secret. */
  headers: Record<string, string>
  body: Buffer
  status: InboxStatus
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  processedAt: string | null
  deliveries: number
}

/** What `list` shows: everything but the raw body. */
export type InboxEventSummary = Omit<InboxEvent, 'body'>

export interface NewInboxEvent {
  provider: WebhookProvider
  eventId: string
  headers: Record<string, string>
  body: Buffer
}

interface Row {
  seq: number
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

const summaryColumns =
  'seq, provider, event_id, received_at, headers, status, attempts, next_attempt_at, last_error, processed_at, deliveries'

export class InboxStore {
  // Prepared once: `record` is on every webhook's path.
  private readonly insert: Statement
  private readonly countRedelivery: Statement

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
  }

  /**
   * Stores a delivery unless the same event is already in the inbox. Returns whether it was new;
   * either way the caller may answer 2xx once the transaction has committed, because the event is
   * then durably stored once. The webhook routes run it inside the group commit.
   */
  record(event: NewInboxEvent): { seq: number; isDuplicate: boolean } {
    const work = () => {
      const at = this.now().toISOString()
      const inserted = this.insert.run(event.provider, event.eventId, at, JSON.stringify(event.headers), event.body, at)
      if (inserted.changes === 1) return { seq: Number(inserted.lastInsertRowid), isDuplicate: false }
      const existing = this.countRedelivery.get(event.provider, event.eventId) as { seq: number }
      return { seq: existing.seq, isDuplicate: true }
    }
    // Inside a caller's transaction (the group commit's savepoint) that is atomic enough already.
    return this.db.inTransaction ? work() : this.db.transaction(work)()
  }

  /** Pending events whose next attempt is due at `now`, oldest first. */
  due(now: Date, limit = 50): InboxEvent[] {
    const rows = this.db
      .prepare(
        `SELECT ${summaryColumns}, body FROM webhook_events
         WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?`,
      )
      .all(now.toISOString(), limit) as Row[]
    return rows.map(toEvent)
  }

  get(seq: number): InboxEvent | null {
    const row = this.db.prepare(`SELECT ${summaryColumns}, body FROM webhook_events WHERE seq = ?`).get(seq) as Row | undefined
    return row ? toEvent(row) : null
  }

  /** Finds an event by inbox sequence number or by provider event id (which may be ambiguous). */
  find(idOrSeq: string): InboxEvent[] {
    if (/^\d+$/.test(idOrSeq)) {
      const bySeq = this.get(Number(idOrSeq))
      if (bySeq) return [bySeq]
    }
    const rows = this.db
      .prepare(`SELECT ${summaryColumns}, body FROM webhook_events WHERE event_id = ? ORDER BY seq`)
      .all(idOrSeq) as Row[]
    return rows.map(toEvent)
  }

  list(options: { status?: InboxStatus; limit?: number } = {}): InboxEventSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${summaryColumns} FROM webhook_events
         WHERE (@status IS NULL OR status = @status) ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ status: options.status ?? null, limit: options.limit ?? 100 }) as Row[]
    return rows.map((row) => {
      const { body: _body, ...summary } = toEvent({ ...row, body: Buffer.alloc(0) })
      return summary
    })
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM webhook_events').get() as { n: number }).n
  }

  markDone(seq: number, attempts: number): void {
    this.db
      .prepare(`UPDATE webhook_events SET status = 'done', attempts = ?, last_error = NULL, processed_at = ? WHERE seq = ?`)
      .run(attempts, this.now().toISOString(), seq)
  }

  /** Records a failed attempt: retried at `retryAt`, or dead when `retryAt` is null. */
  markFailed(seq: number, attempts: number, error: string, retryAt: Date | null): void {
    this.db
      .prepare(
        `UPDATE webhook_events SET status = ?, attempts = ?, last_error = ?, next_attempt_at = COALESCE(?, next_attempt_at)
         WHERE seq = ?`,
      )
      .run(retryAt ? 'pending' : 'dead', attempts, error.slice(0, 500), retryAt?.toISOString() ?? null, seq)
  }

  /** Puts a dead or done event back in the queue, due now, with a fresh attempt budget. */
  replay(seq: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE webhook_events SET status = 'pending', attempts = 0, next_attempt_at = ?, processed_at = NULL
         WHERE seq = ? AND status IN ('dead', 'done')`,
      )
      .run(this.now().toISOString(), seq)
    return result.changes === 1
  }
}

function toEvent(row: Row): InboxEvent {
  return {
    seq: row.seq,
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
