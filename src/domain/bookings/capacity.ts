/**
 * How many parties the business can serve per date and time slot (`settings.timeSlots`), and
 * whether one more fits. Pure: the bookings to count are passed in.
 *
 * A booking belongs to the last slot starting at or before its time; a time earlier than every
 * slot counts against the first, and a booking whose time is not known yet holds the first slot,
 * so an unsettled time can never double-book the day. These are the rules the agent's
 * availability answers use (domain/knowledge/slot-availability). Cancelled bookings free their slot.
 */
import type { Booking } from '../schemas/bookings'
import type { Settings } from '../schemas/settings'
import { formatClock, formatEventDate } from './message-templates'

export type TimeSlot = Settings['timeSlots'][number]

export type CapacityBooking = Pick<Booking, 'id' | 'eventDate' | 'eventTime' | 'status'> & Partial<Pick<Booking, 'cancelledAt'>>

/** One slot on one date: how many parties hold it, out of how many it takes. */
export interface SlotLoad {
  date: string
  slot: TimeSlot
  booked: number
  capacity: number
  full: boolean
  bookingIds: string[]
}

export type CapacityCheck =
  | { ok: true; load: SlotLoad | null }
  | { ok: false; load: SlotLoad; reason: string }

export function isCancelledBooking(booking: Pick<Booking, 'status'> & Partial<Pick<Booking, 'cancelledAt'>>): boolean {
  return Boolean(booking.cancelledAt) || booking.status === 'cancelled'
}

/** Slots in start order (the settings list may be in any order). */
export function slotsByStart(settings: Pick<Settings, 'timeSlots'>): TimeSlot[] {
  return [...settings.timeSlots].sort((a, b) => a.start.localeCompare(b.start))
}

/** The slot a booking at `eventTime` falls in; null only when the business has no slots. */
export function slotForTime(eventTime: string | null, settings: Pick<Settings, 'timeSlots'>): TimeSlot | null {
  const slots = slotsByStart(settings)
  if (slots.length === 0) return null
  if (eventTime === null) return slots[0]!
  let found = slots[0]!
  for (const slot of slots) if (slot.start <= eventTime) found = slot
  return found
}

/** Every slot of `date` with the live bookings in it, in start order. */
export function slotLoadsOn(date: string, bookings: readonly CapacityBooking[], settings: Pick<Settings, 'timeSlots'>): SlotLoad[] {
  return loadsForDates([date], bookings, settings).get(date) ?? []
}

/** Slot loads for many dates at once (a calendar month): one pass over the bookings. */
export function loadsForDates(
  dates: readonly string[],
  bookings: readonly CapacityBooking[],
  settings: Pick<Settings, 'timeSlots'>,
): Map<string, SlotLoad[]> {
  const slots = slotsByStart(settings)
  const loads = new Map<string, SlotLoad[]>(
    dates.map((date) => [date, slots.map((slot) => ({ date, slot, booked: 0, capacity: slot.capacity, full: slot.capacity === 0, bookingIds: [] }))]),
  )
  for (const booking of bookings) {
    const day = loads.get(booking.eventDate)
    if (!day || isCancelledBooking(booking)) continue
    const slot = slotForTime(booking.eventTime, settings)
    const load = day.find((candidate) => candidate.slot === slot)
    if (!load) continue
    load.booked += 1
    load.bookingIds.push(booking.id)
    load.full = load.booked >= load.capacity
  }
  return loads
}

/**
 * Whether `candidate` fits its date and slot beside `bookings`. The candidate itself (same id)
 * is never counted against itself, so re-checking a saved booking works. A business without
 * slots sets no limit.
 */
export function checkCapacity(
  candidate: Pick<Booking, 'eventDate' | 'eventTime'> & { id?: string | null },
  bookings: readonly CapacityBooking[],
  settings: Pick<Settings, 'timeSlots'>,
): CapacityCheck {
  const slot = slotForTime(candidate.eventTime, settings)
  if (slot === null) return { ok: true, load: null }
  const others = candidate.id ? bookings.filter((booking) => booking.id !== candidate.id) : bookings
  const load = slotLoadsOn(candidate.eventDate, others, settings).find((each) => each.slot === slot)!
  if (load.booked < load.capacity) return { ok: true, load }
  return { ok: false, load, reason: fullSlotReason(load) }
}

/** "Saturday, December 12, Dinner slot (5:00 PM) is full: 3 of 3 parties booked." */
export function fullSlotReason(load: SlotLoad): string {
  const where = `${formatEventDate(load.date)}, ${load.slot.name} slot (${formatClock(load.slot.start)})`
  if (load.capacity === 0) return `${where} takes no parties: its capacity is 0.`
  return `${where} is full: ${load.booked} of ${load.capacity} ${load.capacity === 1 ? 'party' : 'parties'} booked.`
}
