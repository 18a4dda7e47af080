/**
 * Per-device hourly quotas on PostgreSQL (the `DeviceQuotaStore` contract in `../contracts.ts`).
 * Checking and counting a device's actions is one transaction holding that device's advisory lock,
 * so pushes from one stolen token spread over several relays are admitted one after another and
 * together never pass the quota.
 */
import type pg from 'pg'
import type { SendingActions } from '../../../../src/domain/sync/write-policy'
import type { DeviceQuotaLimits, DeviceQuotaStore } from '../contracts'
import { defaultDeviceQuotas, quotaRefusal, quotaWindowMs, type ActionKind } from '../device-quotas'
import { inTransaction, type PostgresDatabase } from './postgres-database'

export class PostgresDeviceQuotas implements DeviceQuotaStore {
  constructor(
    private readonly db: PostgresDatabase,
    readonly limits: DeviceQuotaLimits = defaultDeviceQuotas,
  ) {}

  admit(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Promise<string | null> {
    return inTransaction(this.db, async (client) => {
      const refusal = await refusalHolding(client, this.limits, deviceId, actions, at)
      if (refusal !== null) return refusal
      await count(client, deviceId, actions, at, collection, documentId)
      return null
    })
  }

  /**
   * Why these actions would take the device over a quota, or null. Inside a unit of work the
   * device stays locked until the unit ends, so its `record` follows with no other admission between.
   */
  refusal(deviceId: string, actions: Partial<SendingActions>, at: Date): Promise<string | null> {
    return inTransaction(this.db, (client) => refusalHolding(client, this.limits, deviceId, actions, at))
  }

  record(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Promise<void> {
    return inTransaction(this.db, async (client) => {
      await lockDevice(client, deviceId)
      await count(client, deviceId, actions, at, collection, documentId)
    })
  }

  async nextTextAt(deviceId: string, now: Date): Promise<Date | null> {
    const since = new Date(now.getTime() - quotaWindowMs).toISOString()
    const { rows } = await this.db.sql.query<{ at: string }>(
      `SELECT at FROM device_actions WHERE device_id = $1 AND kind = 'text' AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3`,
      [deviceId, since, Math.max(0, this.limits.textsPerHour - 1)],
    )
    return rows[0] ? new Date(Date.parse(rows[0].at) + quotaWindowMs) : null
  }
}

async function refusalHolding(client: pg.PoolClient, limits: DeviceQuotaLimits, deviceId: string, actions: Partial<SendingActions>, at: Date): Promise<string | null> {
  await lockDevice(client, deviceId)
  const since = new Date(at.getTime() - quotaWindowMs).toISOString()
  const { rows } = await client.query<{ kind: ActionKind; n: string }>(`SELECT kind, COUNT(*) AS n FROM device_actions WHERE device_id = $1 AND at > $2 GROUP BY kind`, [
    deviceId,
    since,
  ])
  const used = new Map(rows.map((row) => [row.kind, Number(row.n)]))
  return quotaRefusal(limits, actions, (kind) => used.get(kind) ?? 0)
}

/** One admission per device at a time, on every relay; other devices are not held up. */
async function lockDevice(client: pg.PoolClient, deviceId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('device-quota:' || current_schema() || ':' || $1))`, [deviceId])
}

async function count(client: pg.PoolClient, deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Promise<void> {
  const kinds: [ActionKind, number][] = [['text', actions.texts ?? 0], ['checkout', actions.checkouts ?? 0], ['create', actions.creations ?? 0]]
  const each = kinds.flatMap(([kind, n]) => Array.from({ length: n }, () => kind))
  if (each.length > 0) {
    await client.query(
      `INSERT INTO device_actions (device_id, kind, at, collection, document_id)
       SELECT $1, kind, $3, $4, $5 FROM unnest($2::text[]) AS kind`,
      [deviceId, each, at.toISOString(), collection, documentId],
    )
  }
  // Rows older than the window no longer count; keep the table small.
  await client.query('DELETE FROM device_actions WHERE at < $1', [new Date(at.getTime() - 2 * quotaWindowMs).toISOString()])
}
