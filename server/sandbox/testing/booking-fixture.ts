/**
 * A booking as tests seed it: a confirmed 30-adult party in Fremont (94539) for $1,650 with a
 * $100 deposit and nothing paid yet. Tests override what they are about.
 */
import type { Booking } from '../../../src/domain/schemas'

export function bookingFixture(overrides: Partial<Booking> & Pick<Booking, 'id' | 'eventDate' | 'createdAt'>): Omit<Booking, 'updatedAt'> {
  return {
    customerId: null,
    customerName: 'Maria Lopez',
    customerPhone: null,
    customerEmail: null,
    eventTime: '17:00',
    adults: 30,
    kids: 0,
    address: null,
    zip: '94539',
    subtotalCents: 165_000,
    travelFeeCents: 0,
    totalCents: 165_000,
    depositCents: 10_000,
    paidCents: 0,
    status: 'confirmed',
    notes: '',
    ...overrides,
  }
}
