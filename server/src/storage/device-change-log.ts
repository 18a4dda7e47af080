/**
 * The audit trail of accepted device edits (`device_changes`): which device, in which role, when,
 * which document and which fields — ids and field names only, never the values (no personal data).
 * The sync push records every change it applies; the owner reads it as the console's Activity list.
 *
 * Bounded: every few hundred records the oldest rows beyond a year and a month, or beyond a row
 * cap, are dropped, so the table stays a few megabytes however long the relay runs.
 */
import type { DeviceRole } from '../../../src/domain/sync/write-policy'
import type { DeviceChange, DeviceChangeFilter, DeviceChangeTrail } from './contracts'
import type { RelayDatabase } from './database'

export type { DeviceChange, DeviceChangeFilter } from './contracts'

export interface DeviceChangeLogOptions {
  /** Rows older than this are dropped (default 400 days). */
  retentionDays?: number
  /** At most this many rows are kept (default 200,000). */
  maxRows?: number
  /** Prune after this many records (default 500). */
  pruneEvery?: number
}

/** A row as either engine returns it (PostgreSQL: a bigint as text, the fields already parsed). */
export interface ChangeRow {
  seq: number | string
  at: string
  device_id: string
  device_name: string
  role: DeviceRole
  collection: string
  document_id: string
  fields: string | string[]
}

/** The retention, row cap and pruning rhythm with their defaults filled in (both engines). */
export function changeLogBounds(options: DeviceChangeLogOptions = {}): { retentionMs: number; maxRows: number; pruneEvery: number } {
  return { retentionMs: (options.retentionDays ?? 400) * 86_400_000, maxRows: options.maxRows ?? 200_000, pruneEvery: options.pruneEvery ?? 500 }
}

export class DeviceChangeLog {
  private readonly retentionMs: number
  private readonly maxRows: number
  private readonly pruneEvery: number

  constructor(
    private readonly db: RelayDatabase,
    options: DeviceChangeLogOptions = {},
  ) {
    const bounds = changeLogBounds(options)
    this.retentionMs = bounds.retentionMs
    this.maxRows = bounds.maxRows
    this.pruneEvery = bounds.pruneEvery
  }

  record(change: Omit<DeviceChange, 'seq'>): void {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO device_changes (at, device_id, device_name, role, collection, document_id, fields) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(change.at, change.deviceId, change.deviceName, change.role, change.collection, change.documentId, JSON.stringify(change.fields))
    if (Number(lastInsertRowid) % this.pruneEvery === 0) this.prune(new Date(change.at))
  }

  /** The device that last changed this document, and when it was revoked (null while it is not). */
  lastChangedBy(collection: string, documentId: string): { deviceId: string; deviceName: string; revokedAt: string | null } | null {
    const row = this.db
      .prepare(
        `SELECT c.device_id, c.device_name, d.revoked_at FROM device_changes c LEFT JOIN devices d ON d.id = c.device_id
         WHERE c.collection = ? AND c.document_id = ? ORDER BY c.seq DESC LIMIT 1`,
      )
      .get(collection, documentId) as { device_id: string; device_name: string; revoked_at: string | null } | undefined
    return row ? { deviceId: row.device_id, deviceName: row.device_name, revokedAt: row.revoked_at } : null
  }

  /** Drops rows past the retention or beyond the row cap; returns how many. */
  prune(now: Date): number {
    const cutoff = new Date(now.getTime() - this.retentionMs).toISOString()
    const { newest } = this.db.prepare('SELECT MAX(seq) AS newest FROM device_changes').get() as { newest: number | null }
    if (newest === null) return 0
    return this.db.prepare('DELETE FROM device_changes WHERE seq <= ? OR at < ?').run(newest - this.maxRows, cutoff).changes
  }

  /** Newest first, filtered; `limit` at most 500. */
  list(filter: DeviceChangeFilter): DeviceChange[] {
    const where: string[] = []
    const params: (string | number)[] = []
    if (filter.collection) {
      where.push('collection = ?')
      params.push(filter.collection)
    }
    if (filter.deviceId) {
      where.push('device_id = ?')
      params.push(filter.deviceId)
    }
    if (filter.from) {
      where.push('at >= ?')
      params.push(filter.from)
    }
    if (filter.to) {
      where.push('at < ?')
      params.push(filter.to)
    }
    if (filter.before !== undefined) {
      where.push('seq < ?')
      params.push(filter.before)
    }
    const rows = this.db
      .prepare(
        `SELECT seq, at, device_id, device_name, role, collection, document_id, fields FROM device_changes
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params, Math.min(Math.max(1, filter.limit), 500)) as ChangeRow[]
    return rows.map(toDeviceChange)
  }
}

export const toDeviceChange = (row: ChangeRow): DeviceChange => ({
  seq: Number(row.seq),
  at: row.at,
  deviceId: row.device_id,
  deviceName: row.device_name,
  role: row.role,
  collection: row.collection,
  documentId: row.document_id,
  fields: typeof row.fields === 'string' ? (JSON.parse(row.fields) as string[]) : row.fields,
})

/** The `DeviceChangeTrail` contract over the synchronous SQLite log, until its callers await it. */
export function deviceChangeTrailOnSqlite(log: DeviceChangeLog): DeviceChangeTrail {
  return {
    record: async (change) => log.record(change),
    lastChangedBy: async (collection, documentId) => log.lastChangedBy(collection, documentId),
    prune: async (now) => log.prune(now),
    list: async (filter) => log.list(filter),
  }
}
