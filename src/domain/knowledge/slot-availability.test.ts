import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import type { Booking } from '../schemas/bookings'
import { freeSlots, slotAvailability } from './slot-availability'

// Lunch 12:00 (capacity 2), Dinner 17:00 (capacity 3).
const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z')
const date = '2026-12-12'

function booking(eventTime: string | null, status: Booking['status'] = 'confirmed', eventDate = date) {
  return { eventDate, eventTime, status }
}

describe('slotAvailability', () => {
  it('is fully free on a date with no bookings', () => {
    expect(slotAvailability(date, [], settings)).toEqual([
      { name: 'Lunch', start: '12:00', capacity: 2, booked: 0, free: 2 },
      { name: 'Dinner', start: '17:00', capacity: 3, booked: 0, free: 3 },
    ])
  })

  it('counts each booking against the slot its time falls in', () => {
    const result = slotAvailability(date, [booking('12:00'), booking('13:30'), booking('18:00')], settings)
    expect(result.map(({ name, booked, free }) => [name, booked, free])).toEqual([
      ['Lunch', 2, 0],
      ['Dinner', 1, 2],
    ])
    expect(freeSlots(result).map((slot) => slot.name)).toEqual(['Dinner'])
  })

  it('ignores cancelled bookings and other dates', () => {
    const result = slotAvailability(date, [booking('12:00', 'cancelled'), booking('12:00', 'confirmed', '2026-12-13')], settings)
    expect(result.map((slot) => slot.booked)).toEqual([0, 0])
  })

  it('counts a booking with no time, or a time before every slot, against the first slot', () => {
    const result = slotAvailability(date, [booking(null), booking('10:00')], settings)
    expect(result.map((slot) => slot.booked)).toEqual([2, 0])
  })

  it('never reports negative room when a slot is overbooked', () => {
    const result = slotAvailability(date, [booking('17:00'), booking('17:00'), booking('19:00'), booking('20:00')], settings)
    expect(result[1]).toMatchObject({ booked: 4, free: 0 })
  })

  it('has nothing to report when the business has no time slots', () => {
    expect(slotAvailability(date, [booking('12:00')], { timeSlots: [] })).toEqual([])
  })
})
