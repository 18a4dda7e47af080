import type { Booking } from '../schemas/bookings'
import type { Settings } from '../schemas/settings'

export interface SlotAvailability {
  name: string
  start: string
  capacity: number
  booked: number
  free: number
}

type SlotBooking = Pick<Booking, 'eventDate' | 'eventTime' | 'status'>

/**
 * How full each time slot is on `date`. A booking belongs to the last slot starting at or before
 * its time (an earlier time than every slot counts against the first); a booking with no time
 * yet also holds the first slot, so an unconfirmed time can never double-book the day.
 * Cancelled bookings free their slot.
 */
export function slotAvailability(
  date: string,
  bookings: readonly SlotBooking[],
  settings: Pick<Settings, 'timeSlots'>,
): SlotAvailability[] {
  const slots = [...settings.timeSlots].sort((a, b) => a.start.localeCompare(b.start))
  const booked = slots.map(() => 0)
  if (slots.length === 0) return []
  for (const booking of bookings) {
    if (booking.eventDate !== date || booking.status === 'cancelled') continue
    booked[slotIndexFor(booking.eventTime, slots)]! += 1
  }
  return slots.map((slot, index) => ({
    name: slot.name,
    start: slot.start,
    capacity: slot.capacity,
    booked: booked[index]!,
    free: Math.max(0, slot.capacity - booked[index]!),
  }))
}

function slotIndexFor(time: string | null, slotsByStart: readonly { start: string }[]): number {
  if (time === null) return 0
  let index = 0
  slotsByStart.forEach((slot, candidate) => {
    if (slot.start <= time) index = candidate
  })
  return index
}

/** The slots with room left, in start order. */
export function freeSlots(availability: readonly SlotAvailability[]): SlotAvailability[] {
  return availability.filter((slot) => slot.free > 0)
}
