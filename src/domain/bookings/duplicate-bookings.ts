/**
 * Bookings that would be the same party twice: one quote card becoming two bookings, or staff
 * booking a customer again for a date and slot they already hold. Pure: the bookings to compare
 * with are passed in. The console asks before creating a duplicate; it never silently refuses,
 * because a customer can book two parties (a lunch and a dinner, or two addresses) on purpose.
 */
import type { Booking } from '../schemas/bookings'
import type { Settings } from '../schemas/settings'
import { isCancelledBooking, slotForTime } from './capacity'

export type DuplicateCandidate = Pick<Booking, 'customerId' | 'customerName' | 'customerPhone' | 'eventDate' | 'eventTime'> & { id?: string | null }

type ComparedBooking = DuplicateCandidate & Pick<Booking, 'id' | 'status'> & Partial<Pick<Booking, 'cancelledAt' | 'sourceSuggestionId'>>

/** The booking a suggestion (quote card) already became, if any: a card makes at most one. */
export function bookingFromSuggestion<T extends Pick<Booking, 'id' | 'sourceSuggestionId'>>(bookings: readonly T[], suggestionId: string): T | null {
  return bookings.find((booking) => booking.sourceSuggestionId === suggestionId) ?? null
}

/**
 * Live bookings of the same customer on the same date in the same slot as `candidate` (itself
 * excluded by id). Without time slots, "the same slot" means the same start time.
 */
export function findDuplicateBookings<T extends ComparedBooking>(
  candidate: DuplicateCandidate,
  bookings: readonly T[],
  settings: Pick<Settings, 'timeSlots'>,
): T[] {
  const slot = slotForTime(candidate.eventTime, settings)
  return bookings.filter(
    (booking) =>
      booking.id !== candidate.id &&
      !isCancelledBooking(booking) &&
      booking.eventDate === candidate.eventDate &&
      (slot === null ? booking.eventTime === candidate.eventTime : slotForTime(booking.eventTime, settings) === slot) &&
      isSameCustomer(candidate, booking),
  )
}

/**
 * The same customer by record, by phone number, or (when a phone is missing on either side) by
 * name written the same way. Different numbers with the same name are different people.
 */
export function isSameCustomer(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  if (a.customerId && b.customerId && a.customerId === b.customerId) return true
  if (a.customerPhone && b.customerPhone) return a.customerPhone === b.customerPhone
  const name = (booking: DuplicateCandidate) => booking.customerName.trim().replace(/\s+/g, ' ').toLowerCase()
  return name(a) !== '' && name(a) === name(b)
}
