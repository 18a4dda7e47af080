/**
 * The audit trail on PostgreSQL (the `AuditTrail` contract in `../contracts.ts`): one table for
 * every relay, numbered by an identity column, details as JSONB.
 */
import type { AuditRow, AuditTrail } from '../contracts'
import { durably, inTransaction, type PostgresDatabase } from './postgres-database'

interface AuditRecord {
  seq: string
  at: string
  kind: string
  detail: Record<string, unknown>
}

const toRow = (record: AuditRecord): AuditRow => ({ seq: Number(record.seq), at: record.at, kind: record.kind, detail: record.detail })

export class PostgresAuditTrail implements AuditTrail {
  constructor(private readonly db: PostgresDatabase) {}

  async add(kind: string, at: Date, detail: object): Promise<number> {
    const { rows } = await durably<{ seq: string }>(this.db, 'INSERT INTO audit_log (at, kind, detail) VALUES ($1, $2, $3) RETURNING seq', [
      at.toISOString(),
      kind,
      JSON.stringify(detail),
    ])
    return Number(rows[0]!.seq)
  }

  async updateDetails(changes: { seq: number; detail: object }[]): Promise<void> {
    if (changes.length === 0) return
    await inTransaction(this.db, async (client) => {
      for (const { seq, detail } of changes) await client.query('UPDATE audit_log SET detail = $1 WHERE seq = $2', [JSON.stringify(detail), seq])
    })
  }

  async prune(kind: string, before: Date): Promise<number> {
    const { rowCount } = await durably(this.db, 'DELETE FROM audit_log WHERE kind = $1 AND at < $2', [kind, before.toISOString()])
    return rowCount ?? 0
  }

  async rows(kind?: string): Promise<AuditRow[]> {
    const { rows } = await this.db.sql.query<AuditRecord>('SELECT seq, at, kind, detail FROM audit_log WHERE ($1::text IS NULL OR kind = $1) ORDER BY seq', [kind ?? null])
    return rows.map(toRow)
  }

  async countForDeviceSince(kind: string, deviceId: string, since: string): Promise<number> {
    const { rows } = await this.db.sql.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM audit_log WHERE kind = $1 AND at > $2 AND detail ? 'deviceId' AND detail->>'deviceId' = $3`,
      [kind, since, deviceId],
    )
    return Number(rows[0]!.n)
  }

  async latestForDeviceSince(kind: string, deviceId: string, since: string): Promise<AuditRow | null> {
    const { rows } = await this.db.sql.query<AuditRecord>(
      `SELECT seq, at, kind, detail FROM audit_log WHERE kind = $1 AND at > $2 AND detail ? 'deviceId' AND detail->>'deviceId' = $3 ORDER BY seq DESC LIMIT 1`,
      [kind, since, deviceId],
    )
    return rows[0] ? toRow(rows[0]) : null
  }

  async latestCustomerMerge(duplicateId: string, survivorId: string): Promise<AuditRow | null> {
    const { rows } = await this.db.sql.query<AuditRecord>(
      `SELECT seq, at, kind, detail FROM audit_log WHERE kind = 'customer_merged' AND detail->>'duplicateId' = $1 AND detail->>'survivorId' = $2
       ORDER BY seq DESC LIMIT 1`,
      [duplicateId, survivorId],
    )
    return rows[0] ? toRow(rows[0]) : null
  }

  async count(kind?: string): Promise<number> {
    const { rows } = await this.db.sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM audit_log WHERE ($1::text IS NULL OR kind = $1)', [kind ?? null])
    return Number(rows[0]!.n)
  }
}
