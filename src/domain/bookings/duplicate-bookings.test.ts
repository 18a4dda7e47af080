import { describe, expect, it } from 'vitest'
import { bookingFromSuggestion, findDuplicateBookings, isSameCustomer } from './duplicate-bookings'

const settings = { timeSlots: [{ name: 'Lunch', start: '12:00', capacity: 2 }, { name: 'Dinner', start: '17:00', capacity: 3 }] }

function booking(id: string, extra: Record<string, unknown> = {}) {
  return {
    id, status: 'confirmed' as const, cancelledAt: null, sourceSuggestionId: null as string | null,
    customerId: null as string | null, customerName: 'Rosa Diaz', customerPhone: '+14085550142' as string | null,
    eventDate: '2026-12-12', eventTime: '12:30' as string | null, ...extra,
  }
}

describe('one quote card, one booking', () => {
  it('finds the booking a card already became', () => {
    const bookings = [booking('bk_1', { sourceSuggestionId: 'sg_other' }), booking('bk_2', { sourceSuggestionId: 'sg_quote' })]
    expect(bookingFromSuggestion(bookings, 'sg_quote')?.id).toBe('bk_2')
    expect(bookingFromSuggestion(bookings, 'sg_new')).toBeNull()
  })
})

describe('duplicate bookings', () => {
  const candidate = { customerId: null, customerName: 'Rosa Diaz', customerPhone: '+14085550142', eventDate: '2026-12-12', eventTime: '13:15' }

  it('are the same customer on the same date in the same slot, whatever the exact time', () => {
    const bookings = [booking('same-slot'), booking('dinner', { eventTime: '18:00' }), booking('other-day', { eventDate: '2026-12-13' }), booking('no-time', { eventTime: null })]
    // A booking without a time holds the first slot, so it counts too.
    expect(findDuplicateBookings(candidate, bookings, settings).map((b) => b.id)).toEqual(['same-slot', 'no-time'])
  })

  it('leave out cancelled bookings, other customers and the booking itself', () => {
    const bookings = [
      booking('cancelled', { cancelledAt: '2026-11-01T00:00:00.000Z' }),
      booking('status-cancelled', { status: 'cancelled' }),
      booking('someone-else', { customerName: 'Ana Ruiz', customerPhone: '+14085550100' }),
      booking('itself'),
    ]
    expect(findDuplicateBookings({ ...candidate, id: 'itself' }, bookings, settings)).toEqual([])
  })

  it('compare start times when the business has no slots', () => {
    const bookings = [booking('half-past'), booking('one', { eventTime: '13:00' })]
    expect(findDuplicateBookings({ ...candidate, eventTime: '13:00' }, bookings, { timeSlots: [] }).map((b) => b.id)).toEqual(['one'])
  })

  it('recognise a customer by record, by number, or by name where a number is missing', () => {
    const base = { eventDate: '2026-12-12', eventTime: null }
    expect(isSameCustomer({ ...base, customerId: 'c1', customerName: 'Bob', customerPhone: null }, { ...base, customerId: 'c1', customerName: 'Robert', customerPhone: '+15105550142' })).toBe(true)
    expect(isSameCustomer({ ...base, customerId: null, customerName: 'Bob', customerPhone: '+15105550142' }, { ...base, customerId: null, customerName: 'Robert Okafor', customerPhone: '+15105550142' })).toBe(true)
    expect(isSameCustomer({ ...base, customerId: null, customerName: ' rosa  DIAZ', customerPhone: null }, { ...base, customerId: null, customerName: 'Rosa Diaz', customerPhone: '+14085550142' })).toBe(true)
    // Two people who share a name but not a number are two customers.
    expect(isSameCustomer({ ...base, customerId: null, customerName: 'Rosa Diaz', customerPhone: '+14085550100' }, { ...base, customerId: null, customerName: 'Rosa Diaz', customerPhone: '+14085550142' })).toBe(false)
    expect(isSameCustomer({ ...base, customerId: null, customerName: '', customerPhone: null }, { ...base, customerId: null, customerName: '', customerPhone: null })).toBe(false)
  })
})
