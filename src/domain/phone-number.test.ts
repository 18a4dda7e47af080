import { describe, expect, it } from 'vitest'
import { formatPhoneNumber, phoneMatchesQuery, toE164 } from './phone-number'

describe('phone numbers', () => {
  it('normalises the ways people write US numbers to E.164', () => {
    for (const written of ['(408) 555-0199', '408-555-0199', '408.555.0199', '4085550199', '+1 408 555 0199', '1 (408) 555-0199']) {
      expect(toE164(written)).toBe('+14085550199')
    }
  })

  it('keeps international numbers and refuses what cannot be a phone number', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958')
    expect(toE164('555-01')).toBeNull()
    expect(toE164('call me')).toBeNull()
  })

  it('formats for reading', () => {
    expect(formatPhoneNumber('+14085550199')).toBe('(408) 555-0199')
    expect(formatPhoneNumber('+442079460958')).toBe('+44 20 7946 0958')
  })

  it('finds a number however it is typed, as the console shows it included', () => {
    for (const typed of ['(510) 555-0188', '510-555-0188', '510.555.0188', '+1 510 555 0188', '1 (510) 555-0188', '5105550188', '555-0188', '0188']) {
      expect(phoneMatchesQuery('+15105550188', typed), typed).toBe(true)
    }
    expect(phoneMatchesQuery('+442079460958', '020 7946 0958')).toBe(true)
    expect(phoneMatchesQuery('+15105550188', '(510) 555-0199')).toBe(false)
    expect(phoneMatchesQuery('+15105550188', 'Okafor')).toBe(false)
    expect(phoneMatchesQuery('+15105550188', '51')).toBe(false)
    expect(phoneMatchesQuery(null, '510')).toBe(false)
  })
})
