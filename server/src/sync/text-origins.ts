/**
 * The device behind a booking's automatic texts. A text the relay sends for a booking (the
 * confirmation, the deposit link, reminders) was set in motion by whoever last changed that
 * booking from a console; it counts against that device's text quota when it leaves, and a
 * device revoked since holds its bookings' texts for the owner instead of sending them.
 */
import type { RelayDatabase } from '../storage/database'
import type { DeviceQuotas } from './device-quotas'

export type TextGate =
  | { kind: 'send'; deviceId: string | null }
  | { kind: 'hold'; reason: string }
  | { kind: 'wait'; until: Date; reason: string }

export class TextOrigins {
  constructor(
    private readonly db: RelayDatabase,
    private readonly quotas: DeviceQuotas,
  ) {}

  /** May a text for this booking go out now? */
  gate(bookingId: string, now: Date): TextGate {
    const origin = this.db
      .prepare(
        `SELECT c.device_id, c.device_name, d.revoked_at FROM device_changes c LEFT JOIN devices d ON d.id = c.device_id
         WHERE c.collection = 'bookings' AND c.document_id = ? ORDER BY c.seq DESC LIMIT 1`,
      )
      .get(bookingId) as { device_id: string; device_name: string; revoked_at: string | null } | undefined
    if (!origin) return { kind: 'send', deviceId: null } // made by the relay or a provider, not a console
    if (origin.revoked_at !== null) {
      return { kind: 'hold', reason: `it was last changed from ${origin.device_name}, a console revoked since; open the booking to check it (any change from your console releases its texts)` }
    }
    const until = this.quotas.nextTextAt(origin.device_id, now)
    if (until) return { kind: 'wait', until, reason: `${origin.device_name} is over its quota of ${this.quotas.limits.textsPerHour} texts an hour` }
    return { kind: 'send', deviceId: origin.device_id }
  }

  /** A text sent on a device's behalf counts against its quota. */
  recordSent(deviceId: string | null, bookingId: string, at: Date): void {
    if (deviceId) this.quotas.record(deviceId, { texts: 1 }, at, 'bookings', bookingId)
  }
}
