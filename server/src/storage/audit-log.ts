/**
 * The audit log: what the relay refused or decided, kept for inspection. Never personal data in
 * clear: callers store codes, counts and addresses.
 */
import type { Statement } from 'better-sqlite3'
import type { AuditRow, AuditTrail } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

export type { AuditRow } from './contracts'

export class AuditLog {
  private readonly insertRow: Statement
  private readonly updateRow: Statement

  constructor(private readonly db: RelayDatabase) {
    this.insertRow = db.prepare('INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, ?)')
    this.updateRow = db.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?')
  }

  /** Adds a row; returns its sequence number. */
  add(kind: string, at: Date, detail: object): number {
    return Number(this.insertRow.run(at.toISOString(), kind, JSON.stringify(detail)).lastInsertRowid)
  }

  /** Rewrites the details of rows (an aggregate's count), all in one transaction. */
  updateDetails(changes: { seq: number; detail: object }[]): void {
    if (changes.length === 0) return
    writeTransaction(this.db, () => {
      for (const { seq, detail } of changes) this.updateRow.run(JSON.stringify(detail), seq)
    })
  }

  /** Removes rows of `kind` older than `before`; returns how many. */
  prune(kind: string, before: Date): number {
    return this.db.prepare('DELETE FROM audit_log WHERE kind = ? AND at < ?').run(kind, before.toISOString()).changes
  }

  rows(kind?: string): AuditRow[] {
    const rows = this.db
      .prepare('SELECT seq, at, kind, detail FROM audit_log WHERE (@kind IS NULL OR kind = @kind) ORDER BY seq')
      .all({ kind: kind ?? null }) as { seq: number; at: string; kind: string; detail: string }[]
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }))
  }

  /** How many rows of `kind` about this device were written after `since`. */
  countForDeviceSince(kind: string, deviceId: string, since: string): number {
    return (
      this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE kind = ? AND at > ? AND json_extract(detail, '$.deviceId') = ?`).get(kind, since, deviceId) as {
        n: number
      }
    ).n
  }

  /** The latest row of `kind` about this device written after `since`. */
  latestForDeviceSince(kind: string, deviceId: string, since: string): AuditRow | null {
    const row = this.db
      .prepare(`SELECT seq, at, kind, detail FROM audit_log WHERE kind = ? AND at > ? AND json_extract(detail, '$.deviceId') = ? ORDER BY seq DESC LIMIT 1`)
      .get(kind, since, deviceId) as { seq: number; at: string; kind: string; detail: string } | undefined
    return row ? { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> } : null
  }

  /** The latest merge of `duplicateId` into `survivorId`, with what it moved. */
  latestCustomerMerge(duplicateId: string, survivorId: string): AuditRow | null {
    const row = this.db
      .prepare(
        `SELECT seq, at, kind, detail FROM audit_log WHERE kind = 'customer_merged' AND json_extract(detail, '$.duplicateId') = ? AND json_extract(detail, '$.survivorId') = ?
         ORDER BY seq DESC LIMIT 1`,
      )
      .get(duplicateId, survivorId) as { seq: number; at: string; kind: string; detail: string } | undefined
    return row ? { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> } : null
  }

  count(kind?: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE (@kind IS NULL OR kind = @kind)').get({ kind: kind ?? null }) as { n: number }).n
  }
}

/**
 * The `AuditTrail` contract over the synchronous SQLite log: the same methods, their results handed
 * back as promises. Temporary, until the log's callers await the contract themselves.
 */
export function auditTrailOnSqlite(log: AuditLog): AuditTrail {
  return {
    add: async (kind, at, detail) => log.add(kind, at, detail),
    updateDetails: async (changes) => log.updateDetails(changes),
    prune: async (kind, before) => log.prune(kind, before),
    rows: async (kind) => log.rows(kind),
    countForDeviceSince: async (kind, deviceId, since) => log.countForDeviceSince(kind, deviceId, since),
    latestForDeviceSince: async (kind, deviceId, since) => log.latestForDeviceSince(kind, deviceId, since),
    latestCustomerMerge: async (duplicateId, survivorId) => log.latestCustomerMerge(duplicateId, survivorId),
    count: async (kind) => log.count(kind),
  }
}
