/**
 * Per-device quotas on what a push sets in motion: texts to customers, Stripe deposit-link calls
 * and new records.
 * A person at the front desk sends a few texts an hour; a stolen token trying to use the
 * business's number for spam hits the limit, is refused, and the owner is told.
 */
import type { SendingActions } from '../../../src/domain/sync/write-policy'
import type { RelayDatabase } from './database'

export interface DeviceQuotaLimits {
  textsPerHour: number
  checkoutsPerHour: number
  creationsPerHour: number
}

export const defaultDeviceQuotas: DeviceQuotaLimits = { textsPerHour: 60, checkoutsPerHour: 20, creationsPerHour: 500 }

type ActionKind = 'text' | 'checkout' | 'create'

const windowMs = 60 * 60 * 1000

export class DeviceQuotas {
  constructor(
    private readonly db: RelayDatabase,
    readonly limits: DeviceQuotaLimits = defaultDeviceQuotas,
  ) {}

  /** Why these actions would take the device over a quota in the last hour, or null when they fit. */
  /** Why these actions would take the device over a quota in the last hour, or null when they fit. */
  refusal(deviceId: string, actions: SendingActions, now: Date): string | null {
    if (actions.texts > 0 && this.used(deviceId, 'text', now) + actions.texts > this.limits.textsPerHour) {
      return `it would go over this device's quota of ${this.limits.textsPerHour} texts an hour`
    }
    if (actions.checkouts > 0 && this.used(deviceId, 'checkout', now) + actions.checkouts > this.limits.checkoutsPerHour) {
      return `it would go over this device's quota of ${this.limits.checkoutsPerHour} Stripe deposit-link calls an hour`
    }
    if (actions.creations > 0 && this.used(deviceId, 'create', now) + actions.creations > this.limits.creationsPerHour) {
      return `it would go over this device's quota of ${this.limits.creationsPerHour} new records an hour`
    }
    return null
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
