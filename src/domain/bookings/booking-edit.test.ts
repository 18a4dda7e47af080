import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { BookingDocument, type Booking } from '../schemas/bookings'
import { editBooking, formFromBooking, type BookingEditContext } from './booking-edit'

// Demo prices: adults $55, kids $30, party minimum $550, deposit $100; Lunch 12:00 (1 party), Dinner 17:00 (1 party).
const settings = {
  ...demoBusinessProfile('2026-11-01T00:00:00.000Z'),
  timeSlots: [
    { name: 'Lunch', start: '12:00', capacity: 1 },
    { name: 'Dinner', start: '17:00', capacity: 1 },
  ],
}

const booking: Booking = {
  id: 'bk_1',
  updatedAt: '2026-11-20T10:00:00.000Z',
  customerId: 'c1',
  customerName: 'Maria Lopez',
  customerPhone: '+14085550199',
  customerEmail: null,
  eventDate: '2026-12-12',
  eventTime: '17:30',
  adults: 12,
  kids: 2,
  address: null,
  zip: '95112',
  subtotalCents: 72000,
  travelFeeCents: 2000,
  totalCents: 74000,
  depositCents: 10000,
  paidCents: 0,
  status: 'confirmed',
  notes: '',
  createdAt: '2026-11-20T10:00:00.000Z',
  quotedAt: '2026-11-20T10:00:00.000Z',
  confirmedAt: '2026-11-20T10:00:00.000Z',
  cancelledAt: null,
  sourceSuggestionId: null,
  depositCheckout: null,
  timeline: [{ id: 'dev-created', at: '2026-11-20T10:00:00.000Z', kind: 'booking', actor: 'staff', by: 'Front desk', text: 'Booking created.', ref: null }],
  depositLinkRequestedAt: null,
}

const other = { id: 'bk_2', eventDate: '2026-12-13', eventTime: '17:00', status: 'confirmed' as const, cancelledAt: null }

function context(overrides: Partial<BookingEditContext> = {}): BookingEditContext {
  return { now: '2026-11-22T18:00:00.000Z', today: '2026-11-22', by: 'Owner laptop', actor: 'owner', role: 'owner', settings, bookings: [booking, other], ...overrides }
}

describe('formFromBooking', () => {
  it('leaves a rule price empty, so changing guests re-prices it, and keeps a custom one', () => {
    expect(formFromBooking(booking, settings)).toMatchObject({ subtotal: '', travelFee: '20.00', adults: '12', kids: '2', customerPhone: '(408) 555-0199' })
    expect(formFromBooking({ ...booking, subtotalCents: 70000 }, settings).subtotal).toBe('700.00')
  })
})

describe('editBooking', () => {
  it('re-prices from the business rules when the guests change, with the deposit following the total', () => {
    const result = editBooking(booking, { ...formFromBooking(booking, settings), adults: '20' }, context())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.booking).toMatchObject({ adults: 20, subtotalCents: 20 * 5500 + 2 * 3000, totalCents: 116000 + 2000, depositCents: 10000 })
    expect(result.changes).toEqual(['Guests: 12 adults, 2 kids → 20 adults, 2 kids.', 'Re-priced $740.00 → $1,180.00 (food $1,160.00, travel $20.00).'])
    const entry = result.booking.timeline!.at(-1)!
    expect(entry).toMatchObject({ kind: 'booking', actor: 'owner', by: 'Owner laptop' })
    expect(entry.id.startsWith('dev-')).toBe(true)
    expect(Value.Check(BookingDocument, result.booking)).toBe(true)
  })

  it('applies the party minimum and lowers the deposit to a small total', () => {
    const result = editBooking(booking, { ...formFromBooking(booking, settings), adults: '2', kids: '0', travelFee: '0' }, context())
    expect(result.ok && result.booking).toMatchObject({ subtotalCents: 55000, totalCents: 55000 })
  })

  it('reschedules into a free slot and says from when to when', () => {
    const result = editBooking(booking, { ...formFromBooking(booking, settings), eventDate: '2026-12-13', eventTime: '12:30' }, context())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rescheduled).toBe(true)
    expect(result.changes[0]).toMatch(/^Rescheduled from .*December 12.* at 5:30 PM to .*December 13.* at 12:30 PM\.$/)
    // The deposit agreed stays as it was when only the date moves.
    const noDeposit = { ...booking, depositCents: 0 }
    const moved = editBooking(noDeposit, { ...formFromBooking(noDeposit, settings), eventDate: '2026-12-14' }, context())
    expect(moved.ok && moved.booking.depositCents).toBe(0)
  })

  it('refuses a full slot with the reason, but lets the booking keep its own place', () => {
    const full = editBooking(booking, { ...formFromBooking(booking, settings), eventDate: '2026-12-13' }, context())
    expect(full).toMatchObject({ ok: false, capacityReason: expect.stringContaining('is full: 1 of 1 party booked') })
    const sameSlot = editBooking(booking, { ...formFromBooking(booking, settings), eventTime: '18:00' }, context())
    expect(sameSlot.ok).toBe(true)
  })

  it('lets a cancelled booking move without holding a place', () => {
    const cancelled = { ...booking, cancelledAt: '2026-11-21T00:00:00.000Z' }
    expect(editBooking(cancelled, { ...formFromBooking(cancelled, settings), eventDate: '2026-12-13' }, context()).ok).toBe(true)
  })

  it("keeps a front desk off the price once money is in play, and keeps the deposit as paid for the owner", () => {
    const paid = { ...booking, paidCents: 10000 }
    const form = { ...formFromBooking(paid, settings), adults: '30' }
    const refused = editBooking(paid, form, context({ role: 'frontdesk', actor: 'staff' }))
    expect(refused).toMatchObject({ ok: false, errors: { subtotal: expect.stringContaining("the owner's to change") } })
    // The front desk may still move the date or fix the notes.
    expect(editBooking(paid, { ...formFromBooking(paid, settings), notes: 'Gate code 1234' }, context({ role: 'frontdesk', actor: 'staff' })).ok).toBe(true)
    const owner = editBooking(paid, form, context())
    expect(owner.ok && owner.booking).toMatchObject({ totalCents: 30 * 5500 + 2 * 3000 + 2000, depositCents: 10000 })
  })

  it('keeps a past date when editing, refuses moving to one, and needs a phone while confirmed', () => {
    const past = { ...booking, eventDate: '2026-11-01' }
    expect(editBooking(past, { ...formFromBooking(past, settings), notes: 'Tipped in cash' }, context()).ok).toBe(true)
    expect(editBooking(booking, { ...formFromBooking(booking, settings), eventDate: '2026-11-01' }, context())).toMatchObject({ ok: false, errors: { eventDate: expect.stringContaining('already passed') } })
    expect(editBooking(booking, { ...formFromBooking(booking, settings), customerPhone: '' }, context())).toMatchObject({ ok: false, errors: { customerPhone: expect.any(String) } })
  })

  it('returns the booking unchanged, with no entry, when nothing changed', () => {
    const result = editBooking(booking, formFromBooking(booking, settings), context())
    expect(result).toMatchObject({ ok: true, changes: [] })
    expect(result.ok && result.booking).toBe(booking)
  })
})
