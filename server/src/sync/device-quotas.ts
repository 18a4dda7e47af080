/**
 * Per-device quotas on what a push sets in motion: texts to customers and Stripe deposit links.
 * A person at the front desk sends a few texts an hour; a stolen token trying to use the
 * business's number for spam hits the limit, is refused, and the owner is told.
 */
import type { SendingActions } from '../../../src/domain/sync/write-policy'
import type { RelayDatabase } from '../storage/database'

export interface DeviceQuotaLimits {
  textsPerHour: number
  checkoutsPerHour: number
}

export const defaultDeviceQuotas: DeviceQuotaLimits = { textsPerHour: 60, checkoutsPerHour: 20 }

const windowMs = 60 * 60 * 1000

export class DeviceQuotas {
  constructor(
    private readonly db: RelayDatabase,
    readonly limits: DeviceQuotaLimits = defaultDeviceQuotas,
  ) {}

  /** Why these actions would take the device over a quota in the last hour, or null when they fit. */
  refusal(deviceId: string, actions: SendingActions, now: Date): string | null {
    const since = new Date(now.getTime() - windowMs).toISOString()
    const used = (kind: 'text' | 'checkout') =>
      (this.db.prepare('SELECT COUNT(*) AS n FROM device_actions WHERE device_id = ? AND kind = ? AND at > ?').get(deviceId, kind, since) as { n: number }).n
    if (actions.texts > 0 && used('text') + actions.texts > this.limits.textsPerHour) {
      return `it would go over this device's quota of ${this.limits.textsPerHour} texts an hour`
    }
    if (actions.checkouts > 0 && used('checkout') + actions.checkouts > this.limits.checkoutsPerHour) {
      return `it would go over this device's quota of ${this.limits.checkoutsPerHour} deposit links an hour`
    }
    return null
  }

  /** Counts the actions of an accepted push (inside its transaction). */
  record(deviceId: string, actions: SendingActions, at: Date, collection: string, documentId: string): void {
    const insert = this.db.prepare('INSERT INTO device_actions (device_id, kind, at, collection, document_id) VALUES (?, ?, ?, ?, ?)')
    for (let i = 0; i < actions.texts; i++) insert.run(deviceId, 'text', at.toISOString(), collection, documentId)
    for (let i = 0; i < actions.checkouts; i++) insert.run(deviceId, 'checkout', at.toISOString(), collection, documentId)
    // Rows older than the window no longer count; keep the table small.
    this.db.prepare('DELETE FROM device_actions WHERE at < ?').run(new Date(at.getTime() - 2 * windowMs).toISOString())
  }
}
