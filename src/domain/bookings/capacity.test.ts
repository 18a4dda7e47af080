import { describe, expect, it } from 'vitest'
import { checkCapacity, fullSlotReason, loadsForDates, slotForTime, slotLoadsOn, type CapacityBooking } from './capacity'

const settings = {
  // Deliberately out of order: the rules sort by start.
  timeSlots: [
    { name: 'Dinner', start: '17:00', capacity: 2 },
    { name: 'Lunch', start: '12:00', capacity: 1 },
  ],
}

let nextId = 0
function booking(eventDate: string, eventTime: string | null, extra: Partial<CapacityBooking> = {}): CapacityBooking {
  nextId += 1
  return { id: `b${nextId}`, eventDate, eventTime, status: 'confirmed', cancelledAt: null, ...extra }
}

describe('slotForTime', () => {
  it('puts a booking in the last slot starting at or before its time', () => {
    expect(slotForTime('12:00', settings)?.name).toBe('Lunch')
    expect(slotForTime('16:59', settings)?.name).toBe('Lunch')
    expect(slotForTime('17:00', settings)?.name).toBe('Dinner')
    expect(slotForTime('23:30', settings)?.name).toBe('Dinner')
  })

  it('counts a time before every slot, and an unknown time, against the first slot', () => {
    expect(slotForTime('09:00', settings)?.name).toBe('Lunch')
    expect(slotForTime(null, settings)?.name).toBe('Lunch')
  })

  it('has no slot when the business sets none', () => {
    expect(slotForTime('18:00', { timeSlots: [] })).toBeNull()
  })
})

describe('slot loads', () => {
  it('counts live bookings per date and slot and marks full slots', () => {
    const bookings = [booking('2026-12-12', '17:30'), booking('2026-12-12', '18:00'), booking('2026-12-12', '12:30'), booking('2026-12-13', '18:00')]
    const loads = slotLoadsOn('2026-12-12', bookings, settings)
    expect(loads.map((load) => [load.slot.name, load.booked, load.capacity, load.full])).toEqual([
      ['Lunch', 1, 1, true],
      ['Dinner', 2, 2, true],
    ])
    expect(loads[1]!.bookingIds).toEqual([bookings[0]!.id, bookings[1]!.id])
  })

  it('leaves cancelled bookings out, whether the fact or only the status says so', () => {
    const bookings = [
      booking('2026-12-12', '18:00', { cancelledAt: '2026-11-20T10:00:00.000Z', status: 'confirmed' }),
      booking('2026-12-12', '18:00', { status: 'cancelled' }),
      booking('2026-12-12', '18:00'),
    ]
    const dinner = slotLoadsOn('2026-12-12', bookings, settings)[1]!
    expect(dinner.booked).toBe(1)
    expect(dinner.full).toBe(false)
  })

  it('answers many dates in one pass, empty dates included', () => {
    const loads = loadsForDates(['2026-12-12', '2026-12-14'], [booking('2026-12-14', null)], settings)
    expect(loads.get('2026-12-12')!.map((load) => load.booked)).toEqual([0, 0])
    expect(loads.get('2026-12-14')!.map((load) => load.booked)).toEqual([1, 0])
  })
})

describe('checkCapacity', () => {
  it('accepts the last party a slot takes and refuses the one after, with the reason', () => {
    const one = [booking('2026-12-12', '17:00')]
    expect(checkCapacity({ eventDate: '2026-12-12', eventTime: '18:00' }, one, settings)).toMatchObject({ ok: true, load: { booked: 1, capacity: 2 } })
    const two = [...one, booking('2026-12-12', '19:00')]
    const refused = checkCapacity({ eventDate: '2026-12-12', eventTime: '18:00' }, two, settings)
    expect(refused).toEqual({
      ok: false,
      load: expect.objectContaining({ booked: 2, capacity: 2 }),
      reason: 'Saturday, December 12, Dinner slot (5:00 PM) is full: 2 of 2 parties booked.',
    })
  })

  it('lets a cancelled booking free its place', () => {
    const bookings = [booking('2026-12-12', '12:00', { cancelledAt: '2026-11-20T10:00:00.000Z' })]
    expect(checkCapacity({ eventDate: '2026-12-12', eventTime: '13:00' }, bookings, settings).ok).toBe(true)
  })

  it('checks the slot on either side of a boundary separately', () => {
    const lunchFull = [booking('2026-12-12', '12:00')]
    expect(checkCapacity({ eventDate: '2026-12-12', eventTime: '16:59' }, lunchFull, settings).ok).toBe(false)
    expect(checkCapacity({ eventDate: '2026-12-12', eventTime: '17:00' }, lunchFull, settings).ok).toBe(true)
    expect(checkCapacity({ eventDate: '2026-12-13', eventTime: '12:00' }, lunchFull, settings).ok).toBe(true)
  })

  it('holds the first slot for an unknown time', () => {
    const lunchFull = [booking('2026-12-12', '12:00')]
    const refused = checkCapacity({ eventDate: '2026-12-12', eventTime: null }, lunchFull, settings)
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.reason).toContain('Lunch slot (12:00 PM) is full: 1 of 1 party booked')
  })

  it('never counts a saved booking against itself', () => {
    const saved = booking('2026-12-12', '12:00')
    expect(checkCapacity({ id: saved.id, eventDate: '2026-12-12', eventTime: '12:30' }, [saved], settings).ok).toBe(true)
  })

  it('sets no limit without slots, and explains a slot that takes nobody', () => {
    expect(checkCapacity({ eventDate: '2026-12-12', eventTime: '12:00' }, [booking('2026-12-12', '12:00')], { timeSlots: [] })).toEqual({ ok: true, load: null })
    const closed = checkCapacity({ eventDate: '2026-12-12', eventTime: '10:00' }, [], { timeSlots: [{ name: 'Brunch', start: '10:00', capacity: 0 }] })
    expect(closed.ok).toBe(false)
    expect(!closed.ok && closed.reason).toBe('Saturday, December 12, Brunch slot (10:00 AM) takes no parties: its capacity is 0.')
  })

  it('words the reason for one party and for many', () => {
    const load = { date: '2027-07-10', slot: { name: 'Evening', start: '18:00', capacity: 3 }, booked: 3, capacity: 3, full: true, bookingIds: [] }
    expect(fullSlotReason(load)).toBe('Saturday, July 10, Evening slot (6:00 PM) is full: 3 of 3 parties booked.')
  })
})
