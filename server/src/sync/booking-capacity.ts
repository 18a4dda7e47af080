/**
 * The relay's own capacity check on pushed bookings: a console checks before it saves, but its
 * copy of the slots may be out of date (a front desk keeps the business rules it last fetched),
 * and two consoles can each take the last place offline. The relay, which holds the settings
 * and every booking, has the last word. Before the business is set up there are no slots to fill.
 */
import { checkCapacity, isCancelledBooking, type CapacityBooking } from '../../../src/domain/bookings/capacity'
import { documentOf } from '../../../src/domain/schemas/document-guard'
import type { DocumentFields } from '../../../src/domain/sync/push-resolution'
import { ask, type UnitStorage, type Work } from '../storage/unit-of-work'

/**
 * Why `booking` may not be stored, or null when it fits (or takes no new place). A step of the
 * push's unit of work: the day stays held until the unit ends, so two relays cannot each give
 * away its last place.
 */
export function* bookingCapacityRefusal(unit: UnitStorage, booking: DocumentFields, before: DocumentFields | null): Work<string | null> {
  // `booking` is as it would be stored, but for the `updatedAt` the store assigns; one that is no
  // valid booking is refused by the store's schema check.
  const candidate = booking._deleted === true ? null : documentOf('bookings', { ...booking, updatedAt: new Date(0).toISOString() })
  if (!candidate || !takesPlace(candidate)) return null
  // Only a booking that claims a place it did not hold is checked: an edit to notes or money on
  // a booking already in an over-full slot (capacity lowered later) is not refused.
  const was = before && before._deleted !== true ? documentOf('bookings', before) : null
  const held = was && takesPlace(was) && was.eventDate === candidate.eventDate && was.eventTime === candidate.eventTime
  if (held) return null
  const settings = yield* ask(() => unit.settings.live('business'))
  if (!settings) return null
  yield* ask(() => unit.documents.lock('bookings', `day:${candidate.eventDate}`))
  const sameDay = yield* ask(() => unit.bookings.onDate(candidate.eventDate))
  const check = checkCapacity(candidate, sameDay, settings)
  return check.ok ? null : check.reason
}

function takesPlace(booking: CapacityBooking): boolean {
  return !isCancelledBooking(booking)
}
