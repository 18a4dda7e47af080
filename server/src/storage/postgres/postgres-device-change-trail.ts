/**
 * Accepted device edits on PostgreSQL (the `DeviceChangeTrail` contract in `../contracts.ts`):
 * one table for every relay, numbered by an identity column, bounded like SQLite's log.
 */
import type { DeviceChange, DeviceChangeFilter, DeviceChangeTrail } from '../contracts'
import { changeLogBounds, toDeviceChange, type ChangeRow, type DeviceChangeLogOptions } from '../device-change-log'
import { durably, type PostgresDatabase } from './postgres-database'

export class PostgresDeviceChangeTrail implements DeviceChangeTrail {
  private readonly bounds: ReturnType<typeof changeLogBounds>

  constructor(
    private readonly db: PostgresDatabase,
    options: DeviceChangeLogOptions = {},
  ) {
    this.bounds = changeLogBounds(options)
  }

  async record(change: Omit<DeviceChange, 'seq'>): Promise<void> {
    const { rows } = await durably<{ seq: string }>(
      this.db,
      'INSERT INTO device_changes (at, device_id, device_name, role, collection, document_id, fields) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq',
      [change.at, change.deviceId, change.deviceName, change.role, change.collection, change.documentId, JSON.stringify(change.fields)],
    )
    if (Number(rows[0]!.seq) % this.bounds.pruneEvery === 0) await this.prune(new Date(change.at))
  }

  async lastChangedBy(collection: string, documentId: string): Promise<{ deviceId: string; deviceName: string; revokedAt: string | null } | null> {
    const { rows } = await this.db.sql.query<{ device_id: string; device_name: string; revoked_at: string | null }>(
      `SELECT c.device_id, c.device_name, d.revoked_at FROM device_changes c LEFT JOIN devices d ON d.id = c.device_id
       WHERE c.collection = $1 AND c.document_id = $2 ORDER BY c.seq DESC LIMIT 1`,
      [collection, documentId],
    )
    return rows[0] ? { deviceId: rows[0].device_id, deviceName: rows[0].device_name, revokedAt: rows[0].revoked_at } : null
  }

  async prune(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.bounds.retentionMs).toISOString()
    const { rowCount } = await durably(
      this.db,
      'DELETE FROM device_changes WHERE seq <= (SELECT MAX(seq) FROM device_changes) - $1 OR at < $2',
      [this.bounds.maxRows, cutoff],
    )
    return rowCount ?? 0
  }

  async list(filter: DeviceChangeFilter): Promise<DeviceChange[]> {
    const { rows } = await this.db.sql.query<ChangeRow>(
      `SELECT seq, at, device_id, device_name, role, collection, document_id, fields FROM device_changes
       WHERE ($1::text IS NULL OR collection = $1) AND ($2::text IS NULL OR device_id = $2)
         AND ($3::text IS NULL OR at >= $3) AND ($4::text IS NULL OR at < $4) AND ($5::bigint IS NULL OR seq < $5)
       ORDER BY seq DESC LIMIT $6`,
      [filter.collection ?? null, filter.deviceId ?? null, filter.from ?? null, filter.to ?? null, filter.before ?? null, Math.min(Math.max(1, filter.limit), 500)],
    )
    return rows.map(toDeviceChange)
  }
}
