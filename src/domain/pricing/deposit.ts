import { assertCents } from '../money'
import type { Settings } from '../schemas/settings'

/** The deposit that holds a date; never more than the booking itself costs. */
export function depositForBooking(totalCents: number, settings: Pick<Settings, 'depositCents'>): number {
  assertCents(totalCents)
  assertCents(settings.depositCents)
  return Math.max(0, Math.min(settings.depositCents, totalCents))
}
