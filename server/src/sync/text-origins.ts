/**
 * The device behind a booking's automatic texts. A text the relay sends for a booking (the
 * confirmation, the deposit link, reminders) was set in motion by whoever last changed that
 * booking from a console; it counts against that device's text quota when it leaves, and a
 * device revoked since holds its bookings' texts for the owner instead of sending them.
 * Through the storage contracts, so quotas count on every relay alike.
 */
import type { DeviceChangeTrail, DeviceQuotaStore } from '../storage/contracts'

export type TextGate =
  | { kind: 'send'; deviceId: string | null }
  | { kind: 'hold'; reason: string }
  | { kind: 'wait'; until: Date; reason: string }

export class TextOrigins {
  constructor(
    private readonly changes: DeviceChangeTrail,
    private readonly quotas: DeviceQuotaStore,
  ) {}

  /** May a text for this booking go out now? */
  async gate(bookingId: string, now: Date): Promise<TextGate> {
    const origin = await this.changes.lastChangedBy('bookings', bookingId)
    if (!origin) return { kind: 'send', deviceId: null } // made by the relay or a provider, not a console
    if (origin.revokedAt !== null) {
      return { kind: 'hold', reason: `it was last changed from ${origin.deviceName}, a console revoked since; open the booking to check it (any change from your console releases its texts)` }
    }
    const until = await this.quotas.nextTextAt(origin.deviceId, now)
    if (until) return { kind: 'wait', until, reason: `${origin.deviceName} is over its quota of ${this.quotas.limits.textsPerHour} texts an hour` }
    return { kind: 'send', deviceId: origin.deviceId }
  }

  /** A text sent on a device's behalf counts against its quota. */
  async recordSent(deviceId: string | null, bookingId: string, at: Date): Promise<void> {
    if (deviceId) await this.quotas.record(deviceId, { texts: 1 }, at, 'bookings', bookingId)
  }
}
