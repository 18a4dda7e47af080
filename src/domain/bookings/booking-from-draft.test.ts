import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { BookingDocument } from '../schemas/bookings'
import type { BookingDraft } from '../schemas/booking-draft'
import { bookingFromDraft, formFromDraft, type BookingForm, type BookingFromDraftContext } from './booking-from-draft'

// Demo prices: adults $55, kids $30, party minimum $550, deposit $100, 30 free miles then $2/mile.
const settings = { ...demoBusinessProfile('2026-11-01T00:00:00.000Z'), timeSlots: [{ name: 'Dinner', start: '17:00', capacity: 1 }] }

const draft: BookingDraft = {
  customerName: 'Maria Lopez',
  customerPhone: '+14085550199',
  eventDate: '2026-12-12',
  eventTime: '17:30',
  adults: 12,
  kids: 2,
  address: null,
  zip: '95112',
  subtotalCents: null,
  travelFeeCents: 2000,
  totalCents: null,
}

function context(overrides: Partial<BookingFromDraftContext> = {}): BookingFromDraftContext {
  return {
    id: 'bk_new',
    now: '2026-11-22T18:00:00.000Z',
    today: '2026-11-22',
    by: 'Front desk iPad',
    actor: 'staff',
    confirm: false,
    suggestionId: 'sg_1',
    origin: 'Text thread with Maria',
    settings,
    bookings: [],
    ...overrides,
  }
}

function form(overrides: Partial<BookingForm> = {}): BookingForm {
  return { ...formFromDraft(draft), ...overrides }
}

describe('formFromDraft', () => {
  it('prefills what the agent gathered and leaves the rest empty', () => {
    expect(formFromDraft(draft)).toEqual({
      customerName: 'Maria Lopez',
      customerPhone: '(408) 555-0199',
      customerEmail: '',
      eventDate: '2026-12-12',
      eventTime: '17:30',
      adults: '12',
      kids: '2',
      address: '',
      zip: '95112',
      subtotal: '',
      travelFee: '20.00',
      notes: '',
    })
  })
})

describe('bookingFromDraft', () => {
  it('builds a complete, valid booking priced from the settings, quoted but not confirmed', () => {
    const result = bookingFromDraft(form({ address: '12 Elm St, San Jose' }), context())
    if (!result.ok) throw new Error(JSON.stringify(result))
    const { booking } = result
    expect(Value.Check(BookingDocument, booking)).toBe(true)
    expect(booking).toMatchObject({
      id: 'bk_new',
      customerName: 'Maria Lopez',
      customerPhone: '+14085550199',
      address: '12 Elm St, San Jose',
      subtotalCents: 12 * 5500 + 2 * 3000,
      travelFeeCents: 2000,
      totalCents: 72000 + 2000,
      depositCents: 10000,
      paidCents: 0,
      quotedAt: '2026-11-22T18:00:00.000Z',
      confirmedAt: null,
      cancelledAt: null,
      status: 'quoted',
      sourceSuggestionId: 'sg_1',
      depositCheckout: null,
    })
    expect(booking.timeline).toEqual([
      {
        id: 'dev-created',
        at: '2026-11-22T18:00:00.000Z',
        kind: 'booking',
        actor: 'staff',
        by: 'Front desk iPad',
        text: "Booking created from the agent's draft (Text thread with Maria). Quoted $740.00, deposit $100.00.",
        ref: 'suggestions/sg_1',
      },
    ])
  })

  it('confirms in the same step when staff choose "Create and confirm"', () => {
    const result = bookingFromDraft(form(), context({ confirm: true, actor: 'owner', by: 'Owner laptop' }))
    if (!result.ok) throw new Error(JSON.stringify(result))
    expect(result.booking.confirmedAt).toBe('2026-11-22T18:00:00.000Z')
    expect(result.booking.status).toBe('confirmed')
    expect(result.booking.timeline![0]!.text).toMatch(/^Booked and confirmed from the agent's draft/)
  })

  it('applies the party minimum and keeps prices staff typed', () => {
    const small = bookingFromDraft(form({ adults: '4', kids: '' }), context())
    expect(small.ok && small.booking.subtotalCents).toBe(55000)
    const typed = bookingFromDraft(form({ subtotal: '$1,000.50', travelFee: '0' }), context())
    expect(typed.ok && [typed.booking.subtotalCents, typed.booking.travelFeeCents, typed.booking.totalCents]).toEqual([100050, 0, 100050])
  })

  it('prices travel from a known distance, and refuses one beyond the service area', () => {
    const near = bookingFromDraft(form({ travelFee: '' }), context({ distance: { miles: 40.4, isEstimate: true } }))
    expect(near.ok && near.booking.travelFeeCents).toBe(10 * 200)
    const far = bookingFromDraft(form({ travelFee: '' }), context({ distance: { miles: 140, isEstimate: true } }))
    expect(far).toMatchObject({ ok: false, errors: { travelFee: expect.stringContaining('beyond the 100-mile service area') } })
  })

  it('refuses missing essentials, naming each field', () => {
    const result = bookingFromDraft(
      form({ customerName: ' ', eventDate: '', adults: '', travelFee: '', customerPhone: '555', eventTime: '5pm' }),
      context({ distance: null }),
    )
    expect(result.ok).toBe(false)
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['adults', 'customerName', 'customerPhone', 'eventDate', 'eventTime', 'travelFee'])
    expect(!result.ok && result.errors.travelFee).toBe("Enter the travel fee (0 within 30 miles): the event's distance is not known.")
  })

  it('needs a phone number to confirm, but not to record an inquiry', () => {
    expect(bookingFromDraft(form({ customerPhone: '' }), context()).ok).toBe(true)
    const confirming = bookingFromDraft(form({ customerPhone: '' }), context({ confirm: true }))
    expect(!confirming.ok && confirming.errors.customerPhone).toMatch(/phone number is needed to confirm/)
  })

  it('refuses a party with no guests and a date already passed', () => {
    const result = bookingFromDraft(form({ adults: '0', kids: '0', eventDate: '2026-11-21' }), context())
    expect(!result.ok && result.errors).toEqual({ adults: 'A party needs at least one guest.', eventDate: 'The party date 2026-11-21 has already passed.' })
  })

  it('refuses a full slot with the reason, and takes a cancelled booking’s place', () => {
    const taken = { id: 'bk_other', eventDate: '2026-12-12', eventTime: '18:00', status: 'confirmed' as const, cancelledAt: null }
    expect(bookingFromDraft(form(), context({ bookings: [taken] }))).toEqual({
      ok: false,
      errors: {},
      capacityReason: 'Saturday, December 12, Dinner slot (5:00 PM) is full: 1 of 1 party booked.',
    })
    const cancelled = { ...taken, cancelledAt: '2026-11-21T00:00:00.000Z' }
    expect(bookingFromDraft(form(), context({ bookings: [cancelled] })).ok).toBe(true)
  })
})
