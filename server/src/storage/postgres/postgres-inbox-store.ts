/**
 * The durable webhook inbox on PostgreSQL (the `WebhookInbox` contract in `../contracts.ts`).
 * Several relays share it: a delivery is deduped by the unique (provider, event id), and the
 * workers of every relay claim due events with `FOR UPDATE SKIP LOCKED` plus a lease, so each
 * event is processed by one of them.
 */
import type { InboxEvent, InboxEventSummary, InboxStatus, NewInboxEvent, WebhookInbox } from '../contracts'
import { inboxSummaryColumns, toInboxEvent, type InboxRow } from '../inbox-store'
import { durably, type PostgresDatabase } from './postgres-database'

export class PostgresInboxStore implements WebhookInbox {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One statement, committed (and in the write-ahead log) before it resolves. */
  async record(event: NewInboxEvent): Promise<{ seq: number; isDuplicate: boolean }> {
    const at = this.now().toISOString()
    // Insert, or count the redelivery, in one statement: two relays receiving the same event at
    // once both get an answer, and only one row exists.
    const { rows } = await durably<{ seq: string; inserted: boolean }>(
      this.db,
      `INSERT INTO webhook_events (provider, event_id, received_at, headers, body, status, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $3)
       ON CONFLICT (provider, event_id) DO UPDATE SET deliveries = webhook_events.deliveries + 1
       RETURNING seq, (xmax = 0) AS inserted`,
      [event.provider, event.eventId, at, JSON.stringify(event.headers), event.body],
    )
    const row = rows[0]!
    return { seq: Number(row.seq), isDuplicate: !row.inserted }
  }

  async claimDue(now: Date, leaseMs: number, limit = 10): Promise<InboxEvent[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
    // Rows another relay is claiming right now are skipped, not waited for; once claimed, the
    // lease keeps them out of every other claim until it ends.
    const { rows } = await this.db.sql.query<InboxRow & { due: string }>(
      `WITH claimed AS (
         SELECT seq, next_attempt_at AS due FROM webhook_events
         WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, seq LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_events AS e SET next_attempt_at = $3 FROM claimed WHERE e.seq = claimed.seq
       RETURNING ${inboxSummaryColumns.split(', ').map((column) => `e.${column}`).join(', ')}, e.body, claimed.due`,
      [now.toISOString(), limit, leaseUntil],
    )
    return rows.sort((a, b) => (a.due === b.due ? Number(a.seq) - Number(b.seq) : a.due < b.due ? -1 : 1)).map(toInboxEvent)
  }

  async get(seq: number): Promise<InboxEvent | null> {
    const { rows } = await this.db.sql.query<InboxRow>(`SELECT ${inboxSummaryColumns}, body FROM webhook_events WHERE seq = $1`, [seq])
    return rows[0] ? toInboxEvent(rows[0]) : null
  }

  async find(idOrSeq: string): Promise<InboxEvent[]> {
    if (/^\d{1,15}$/.test(idOrSeq)) {
      const bySeq = await this.get(Number(idOrSeq))
      if (bySeq) return [bySeq]
    }
    const { rows } = await this.db.sql.query<InboxRow>(`SELECT ${inboxSummaryColumns}, body FROM webhook_events WHERE event_id = $1 ORDER BY seq`, [idOrSeq])
    return rows.map(toInboxEvent)
  }

  async list(options: { status?: InboxStatus; limit?: number } = {}): Promise<InboxEventSummary[]> {
    const { rows } = await this.db.sql.query<InboxRow>(
      `SELECT ${inboxSummaryColumns} FROM webhook_events WHERE ($1::text IS NULL OR status = $1) ORDER BY seq DESC LIMIT $2`,
      [options.status ?? null, options.limit ?? 100],
    )
    return rows.map((row) => {
      const { body: _body, ...summary } = toInboxEvent(row)
      return summary
    })
  }

  async count(): Promise<number> {
    const { rows } = await this.db.sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM webhook_events')
    return Number(rows[0]!.n)
  }

  async markDone(seq: number, attempts: number): Promise<void> {
    await this.db.sql.query(`UPDATE webhook_events SET status = 'done', attempts = $1, last_error = NULL, processed_at = $2 WHERE seq = $3`, [
      attempts,
      this.now().toISOString(),
      seq,
    ])
  }

  async markFailed(seq: number, attempts: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db.sql.query(
      `UPDATE webhook_events SET status = $1, attempts = $2, last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at) WHERE seq = $5`,
      [retryAt ? 'pending' : 'dead', attempts, error.slice(0, 500), retryAt?.toISOString() ?? null, seq],
    )
  }

  async replay(seq: number): Promise<boolean> {
    const result = await this.db.sql.query(
      `UPDATE webhook_events SET status = 'pending', attempts = 0, next_attempt_at = $1, processed_at = NULL WHERE seq = $2 AND status IN ('dead', 'done')`,
      [this.now().toISOString(), seq],
    )
    return result.rowCount === 1
  }
}
