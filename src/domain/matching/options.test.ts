import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { matchingOptionsFromSettings } from './options'

describe('matching options', () => {
  const settings = demoBusinessProfile('2026-01-01T00:00:00.000Z')

  it('takes the time zone and tip range from the business settings', () => {
    const options = matchingOptionsFromSettings({ ...settings, tipPercentRange: { min: 10, max: 30 }, timeZone: 'America/New_York' })
    expect(options.tipPercent).toEqual({ min: 10, max: 30 })
    expect(options.timeZone).toBe('America/New_York')
    expect(options.balanceWindowDays).toEqual({ before: 1, after: 4 })
  })

  it('accepts overrides but never an auto-accept level below 0.90', () => {
    expect(matchingOptionsFromSettings(settings, { autoAcceptConfidence: 0.5 }).autoAcceptConfidence).toBe(0.9)
    expect(matchingOptionsFromSettings(settings, { autoAcceptConfidence: 0.95 }).autoAcceptConfidence).toBe(0.95)
    expect(matchingOptionsFromSettings(settings, { depositWindowDays: { before: 0, after: 3 } }).depositWindowDays).toEqual({ before: 0, after: 3 })
  })
})
