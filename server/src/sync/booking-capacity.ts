/**
 * The relay's own capacity check on pushed bookings: a console checks before it saves, but its
 * copy of the slots may be out of date (a front desk keeps the business rules it last fetched),
 * and two consoles can each take the last place offline. The relay, which holds the settings
 * and every booking, has the last word. Before the business is set up there are no slots to fill.
 */
import { checkCapacity, isCancelledBooking, type CapacityBooking } from '../../../src/domain/bookings/capacity'
import { documentOf } from '../../../src/domain/schemas/document-guard'
import type { DocumentFields } from '../../../src/domain/sync/push-resolution'
import { businessSettings } from '../storage/business-settings'
import type { DocumentStore } from '../storage/document-store'

/** Why `booking` may not be stored, or null when it fits (or takes no new place). */
export function bookingCapacityRefusal(store: DocumentStore, booking: DocumentFields, before: DocumentFields | null): string | null {
  // `booking` is as it would be stored, but for the `updatedAt` the store assigns; one that is no
  // valid booking is refused by the store's schema check.
  const candidate = booking._deleted === true ? null : documentOf('bookings', { ...booking, updatedAt: new Date(0).toISOString() })
  if (!candidate || !takesPlace(candidate)) return null
  // Only a booking that claims a place it did not hold is checked: an edit to notes or money on
  // a booking already in an over-full slot (capacity lowered later) is not refused.
  const was = before && before._deleted !== true ? documentOf('bookings', before) : null
  const held = was && takesPlace(was) && was.eventDate === candidate.eventDate && was.eventTime === candidate.eventTime
  if (held) return null
  const settings = businessSettings(store)
  if (!settings) return null
  const sameDay = store.bookings.onDate(candidate.eventDate)
  const check = checkCapacity(candidate, sameDay, settings)
  return check.ok ? null : check.reason
}

function takesPlace(booking: CapacityBooking): boolean {
  return !isCancelledBooking(booking)
}
