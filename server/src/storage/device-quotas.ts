/**
 * Per-device quotas on what a push sets in motion: texts to customers, Stripe deposit-link calls
 * and new records.
 * A person at the front desk sends a few texts an hour; a stolen token trying to use the
 * business's number for spam hits the limit, is refused, and the owner is told.
 */
import type { SendingActions } from '../../../src/domain/sync/write-policy'
import type { DeviceQuotaLimits, DeviceQuotaStore } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

export type { DeviceQuotaLimits } from './contracts'

export const defaultDeviceQuotas: DeviceQuotaLimits = { textsPerHour: 60, checkoutsPerHour: 20, creationsPerHour: 500 }

export type ActionKind = 'text' | 'checkout' | 'create'

/** The quotas' window: the last hour. */
export const quotaWindowMs = 60 * 60 * 1000
const windowMs = quotaWindowMs

export class DeviceQuotas {
  constructor(
    private readonly db: RelayDatabase,
    readonly limits: DeviceQuotaLimits = defaultDeviceQuotas,
  ) {}

  /** Why these actions would take the device over a quota in the last hour, or null when they fit. */
  refusal(deviceId: string, actions: Partial<SendingActions>, now: Date): string | null {
    return quotaRefusal(this.limits, actions, (kind) => this.used(deviceId, kind, now))
  }

  /** When the device may send one more text, or null if it may now. */
  nextTextAt(deviceId: string, now: Date): Date | null {
    const since = new Date(now.getTime() - windowMs).toISOString()
    const recent = this.db
      .prepare(`SELECT at FROM device_actions WHERE device_id = ? AND kind = 'text' AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`)
      .get(deviceId, since, Math.max(0, this.limits.textsPerHour - 1)) as { at: string } | undefined
    return recent ? new Date(Date.parse(recent.at) + windowMs) : null
  }

  /** Counts the actions of an accepted push (inside its transaction), or a text sent on a device's behalf. */
  record(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): void {
    const insert = this.db.prepare('INSERT INTO device_actions (device_id, kind, at, collection, document_id) VALUES (?, ?, ?, ?, ?)')
    const kinds: [ActionKind, number][] = [['text', actions.texts ?? 0], ['checkout', actions.checkouts ?? 0], ['create', actions.creations ?? 0]]
    for (const [kind, count] of kinds) for (let i = 0; i < count; i++) insert.run(deviceId, kind, at.toISOString(), collection, documentId)
    // Rows older than the window no longer count; keep the table small.
    this.db.prepare('DELETE FROM device_actions WHERE at < ?').run(new Date(at.getTime() - 2 * windowMs).toISOString())
  }

  private used(deviceId: string, kind: ActionKind, now: Date): number {
    const since = new Date(now.getTime() - windowMs).toISOString()
    return (this.db.prepare('SELECT COUNT(*) AS n FROM device_actions WHERE device_id = ? AND kind = ? AND at > ?').get(deviceId, kind, since) as { n: number }).n
  }
}

/** Why `actions` would take a device over `limits`, given how many of each kind it used in the last hour. */
export function quotaRefusal(limits: DeviceQuotaLimits, actions: Partial<SendingActions>, used: (kind: ActionKind) => number): string | null {
  const { texts = 0, checkouts = 0, creations = 0 } = actions
  if (texts > 0 && used('text') + texts > limits.textsPerHour) return `it would go over this device's quota of ${limits.textsPerHour} texts an hour`
  if (checkouts > 0 && used('checkout') + checkouts > limits.checkoutsPerHour) {
    return `it would go over this device's quota of ${limits.checkoutsPerHour} Stripe deposit-link calls an hour`
  }
  if (creations > 0 && used('create') + creations > limits.creationsPerHour) return `it would go over this device's quota of ${limits.creationsPerHour} new records an hour`
  return null
}

/**
 * The `DeviceQuotaStore` contract over the synchronous SQLite store: check and count in one
 * transaction. Temporary, until the push path awaits the contract itself.
 */
export function deviceQuotasOnSqlite(db: RelayDatabase, quotas: DeviceQuotas): DeviceQuotaStore {
  return {
    limits: quotas.limits,
    admit: async (deviceId, actions, at, collection, documentId) =>
      writeTransaction(db, () => {
        const refusal = quotas.refusal(deviceId, actions, at)
        if (refusal === null) quotas.record(deviceId, actions, at, collection, documentId)
        return refusal
      }),
    nextTextAt: async (deviceId, now) => quotas.nextTextAt(deviceId, now),
    record: async (deviceId, actions, at, collection, documentId) => quotas.record(deviceId, actions, at, collection, documentId),
  }
}
