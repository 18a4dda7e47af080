import { describe, expect, it } from 'vitest'
import { defaultMessageTemplates } from '../bookings/message-templates'
import type { Suggestion } from '../schemas/suggestions'
import { customerTextFor, isStaffInstruction } from './suggestion-text'

const settings = { businessName: 'Hibachi at Home', depositCents: 10_000, messageTemplates: defaultMessageTemplates }
const draft = {
  customerName: null, customerPhone: '+14085550199', eventDate: null, eventTime: null, adults: 30, kids: 0,
  address: null, zip: '94539', subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000,
}
const card = (kind: Suggestion['kind'], text: string, bookingDraft: Suggestion['bookingDraft'] = null) => ({ kind, text, bookingDraft })

describe('customer text of a suggestion', () => {
  it('never offers a staff instruction as a customer text', () => {
    const takeOver = card('next_step', 'The customer wants a person: call or reply to them now.', draft)
    expect(isStaffInstruction(takeOver)).toBe(true)
    expect(customerTextFor(takeOver, { settings, customerName: 'Maria Lopez' })).toEqual({
      audience: 'staff',
      reason: 'An instruction for staff, not a message for the customer.',
    })
  })

  it('writes a quote through the quote template instead of sending the staff breakdown', () => {
    const quote = card('quote', 'Food: $1,650\nTravel: $0 (0 mi, estimated)\nTotal: $1,650\nDeposit: $100', draft)
    const text = customerTextFor(quote, { settings, customerName: 'Maria Lopez' })
    expect(text).toEqual({
      audience: 'customer',
      text: 'Hi Maria, here is your hibachi quote from Hibachi at Home: 30 adults on your chosen date, food $1,650, no travel fee. Total $1,650. A $100 deposit holds the date. Reply here to book!',
    })
    // The owner's wording is used when they wrote one.
    const owned = { ...settings, messageTemplates: { ...defaultMessageTemplates, quote: '{name}, {party}: {total}.' } }
    expect(customerTextFor(quote, { settings: owned, customerName: null })).toEqual({ audience: 'customer', text: 'there, 30 adults: $1,650.' })
    // Front desk has the business rules but not the templates: the default wording is used.
    const { messageTemplates: _none, ...rules } = settings
    expect(customerTextFor(quote, { settings: rules, customerName: 'Maria Lopez' })).toEqual(text)
    // Before the business is set up no quote is texted: it would name no business.
    expect(customerTextFor(quote, { settings: null, customerName: 'Maria Lopez' })).toEqual({
      audience: 'staff',
      reason: 'The business is not set up yet: set it up in Settings before texting quotes.',
    })
  })

  it('refuses a quote it cannot write rather than sending something half-filled', () => {
    expect(customerTextFor(card('quote', 'Food: unknown'), { settings, customerName: null }).audience).toBe('staff')
    const owned = { ...settings, messageTemplates: { ...defaultMessageTemplates, quote: '{guests} guests: {total}' } }
    const noGuests = card('quote', 'x', { ...draft, adults: null, kids: null })
    expect(customerTextFor(noGuests, { settings: owned, customerName: null })).toEqual({
      audience: 'staff',
      reason: 'The quote text template uses {guests}, which this quote cannot fill; fix the template in Offers & knowledge.',
    })
  })

  it('sends answers and replies as written', () => {
    expect(customerTextFor(card('faq', ' Travel is free within 30 miles. '), { settings, customerName: null })).toEqual({
      audience: 'customer',
      text: 'Travel is free within 30 miles.',
    })
    expect(customerTextFor(card('reply', 'See you Saturday!'), { settings, customerName: null })).toEqual({ audience: 'customer', text: 'See you Saturday!' })
  })
})
