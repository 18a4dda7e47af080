import { describe, expect, it } from 'vitest'
import { messageTemplateNames } from '../schemas/settings'
import { defaultMessageTemplates, formatClock, formatEventDate, renderTemplate, templateFor, validateTemplate } from './message-templates'

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
    for (const name of messageTemplateNames) expect(validateTemplate(defaultMessageTemplates[name]).unknownPlaceholders).toEqual([])
    expect(templateFor({}, 'confirmation')).toBe(defaultMessageTemplates.confirmation)
    expect(templateFor({ messageTemplates: { ...defaultMessageTemplates, confirmation: 'Booked, {name}!' } }, 'confirmation')).toBe('Booked, {name}!')
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
