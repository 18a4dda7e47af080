/**
 * The device behind a booking's automatic texts. A text the relay sends for a booking (the
 * confirmation, the deposit link, reminders) was set in motion by whoever last changed that
 * booking from a console; it counts against that device's text quota when it leaves, and a
 * device revoked since holds its bookings' texts for the owner instead of sending them.
 */
import type { RelayDatabase } from '../storage/database'
import { DeviceChangeLog } from '../storage/device-change-log'
import type { DeviceQuotas } from '../storage/device-quotas'

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
    const origin = new DeviceChangeLog(this.db).lastChangedBy('bookings', bookingId)
    if (!origin) return { kind: 'send', deviceId: null } // made by the relay or a provider, not a console
    if (origin.revokedAt !== null) {
      return { kind: 'hold', reason: `it was last changed from ${origin.deviceName}, a console revoked since; open the booking to check it (any change from your console releases its texts)` }
    }
    const until = this.quotas.nextTextAt(origin.deviceId, now)
    if (until) return { kind: 'wait', until, reason: `${origin.deviceName} is over its quota of ${this.quotas.limits.textsPerHour} texts an hour` }
    return { kind: 'send', deviceId: origin.deviceId }
  }

  /** A text sent on a device's behalf counts against its quota. */
  recordSent(deviceId: string | null, bookingId: string, at: Date): void {
    if (deviceId) this.quotas.record(deviceId, { texts: 1 }, at, 'bookings', bookingId)
  }
}
