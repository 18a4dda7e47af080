import { describe, expect, it } from 'vitest'
import { editableTemplateNames } from '../schemas/settings'
import {
  defaultMessageTemplates,
  formatClock,
  formatEventDate,
  renderQuoteTemplate,
  renderTemplate,
  templateFor,
  validateTemplate,
} from './message-templates'

const booking = {
  customerName: 'Maria Lopez',
  eventDate: '2026-12-12',
  eventTime: '17:00',
  adults: 28,
  kids: 2,
  totalCents: 160_000,
  depositCents: 10_000,
  paidCents: 10_000,
}
const settings = { businessName: 'Hibachi at Home', reviewUrl: 'https://reviews.example/hibachi' }

describe('renderTemplate', () => {
  it('fills every known placeholder for the booking', () => {
    const rendered = renderTemplate(
      '{name} {date} {time} {guests} {total} {deposit} {balance} {link} {business} {reviewUrl}',
      booking,
      settings,
      { link: 'https://pay.example/cs_1' },
    )
    expect(rendered).toEqual({
      text: 'Maria Saturday, December 12 5:00 PM 30 $1,600.00 $100.00 $1,500.00 https://pay.example/cs_1 Hibachi at Home https://reviews.example/hibachi',
      unknownPlaceholders: [],
      missingValues: [],
    })
  })

  it('reports unknown placeholders and values the booking does not have, leaving them visible', () => {
    const rendered = renderTemplate('Hi {nmae}, pay {link}; review {reviewUrl}', { ...booking, eventTime: null }, { businessName: 'B' })
    expect(rendered.unknownPlaceholders).toEqual(['nmae'])
    expect(rendered.missingValues).toEqual(['link', 'reviewUrl'])
    expect(rendered.text).toBe('Hi {nmae}, pay {link}; review {reviewUrl}')
  })

  it('greets a booking without a name and says so when no time is set', () => {
    expect(renderTemplate('Hi {name} at {time}', { ...booking, customerName: '  ', eventTime: null }, settings).text).toBe(
      'Hi there at the agreed time',
    )
  })
})

describe('validateTemplate and the defaults', () => {
  it('lists each unknown placeholder once', () => {
    expect(validateTemplate('{name} {foo} {foo} {bar}')).toEqual({ unknownPlaceholders: ['foo', 'bar'] })
    // Empty braces and braces around spaces are plain text, not placeholders.
    expect(validateTemplate('no placeholders, {} or { spaced } braces')).toEqual({ unknownPlaceholders: [] })
  })

  it('every default template is valid and the owner’s wording wins over it', () => {
    for (const name of editableTemplateNames) expect(validateTemplate(defaultMessageTemplates[name], name).unknownPlaceholders).toEqual([])
    expect(templateFor({}, 'confirmation')).toBe(defaultMessageTemplates.confirmation)
    expect(templateFor({ messageTemplates: { ...defaultMessageTemplates, confirmation: 'Booked, {name}!' } }, 'confirmation')).toBe('Booked, {name}!')
  })
})

describe('the quote text', () => {
  const rules = { businessName: 'Hibachi at Home', depositCents: 10_000 }
  const draft = { adults: 30, kids: 0, eventDate: '2026-12-12', eventTime: '17:30', subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000 }

  it('reads as a message to the customer, not as the staff breakdown', () => {
    const rendered = renderQuoteTemplate(defaultMessageTemplates.quote, { draft, customerName: 'Maria Lopez' }, rules)
    expect(rendered.text).toBe(
      'Hi Maria, here is your hibachi quote from Hibachi at Home: 30 adults on Saturday, December 12, food $1,650, no travel fee. Total $1,650. A $100 deposit holds the date. Reply here to book!',
    )
    expect(rendered.text).not.toMatch(/Food:|Travel:|mi,|estimated|\n/)
    expect(rendered.missingValues).toEqual([])
  })

  it('says what is not known yet in words: no date, no name, travel not priced', () => {
    const rendered = renderQuoteTemplate(
      defaultMessageTemplates.quote,
      { draft: { ...draft, kids: 2, eventDate: null, travelFeeCents: null, totalCents: null }, customerName: null },
      rules,
    )
    expect(rendered.text).toBe(
      'Hi there, here is your hibachi quote from Hibachi at Home: 30 adults and 2 children on your chosen date, food $1,650, travel to be confirmed once we have the address. Total $1,650 plus travel. A $100 deposit holds the date. Reply here to book!',
    )
  })

  it('prices travel and the total, and never asks a deposit above the total', () => {
    expect(renderQuoteTemplate('{travel}; {total}; {deposit}', { draft: { ...draft, travelFeeCents: 2000, totalCents: 167_000 }, customerName: null }, rules).text).toBe(
      '$20 travel; $1,670; $100',
    )
    expect(renderQuoteTemplate('{deposit}', { draft: { ...draft, subtotalCents: 5000, travelFeeCents: 0, totalCents: 5000 }, customerName: null }, rules).text).toBe('$50')
  })

  it('has its own placeholders: a quote has no balance or link, a booking text no food price', () => {
    expect(validateTemplate('{name}: {food} + {travel} = {total}', 'quote').unknownPlaceholders).toEqual([])
    expect(validateTemplate('{balance} {link}', 'quote').unknownPlaceholders).toEqual(['balance', 'link'])
    expect(validateTemplate('{food}', 'confirmation').unknownPlaceholders).toEqual(['food'])
    // A food price is what a quote is: without one it cannot be written.
    expect(renderQuoteTemplate('{food}', { draft: { ...draft, subtotalCents: null }, customerName: null }, rules).missingValues).toEqual(['food'])
  })

  it('uses the owner’s quote template once saved, the default before', () => {
    expect(templateFor({ messageTemplates: { ...defaultMessageTemplates, quote: 'Quote: {total}' } }, 'quote')).toBe('Quote: {total}')
    const { quote: _none, ...savedBeforeQuotes } = defaultMessageTemplates
    expect(templateFor({ messageTemplates: savedBeforeQuotes }, 'quote')).toBe(defaultMessageTemplates.quote)
  })
})

describe('formatting', () => {
  it('formats calendar dates and clock times for texts', () => {
    expect(formatEventDate('2026-03-08')).toBe('Sunday, March 8')
    expect(formatClock('00:05')).toBe('12:05 AM')
    expect(formatClock('12:00')).toBe('12:00 PM')
    expect(formatClock('23:45')).toBe('11:45 PM')
  })
})
