import { describe, expect, it } from 'vitest'
import { dateFit } from './date-fit'
import { matchingOptionsFromSettings } from './options'
import { aBooking, demoMatchingOptions } from './testing/test-support'

// Booked on 2026-11-02 (Los Angeles), event on 2026-11-28.
const booking = aBooking()

describe('date fit', () => {
  it('expects a deposit from the day before booking to a week after', () => {
    expect(dateFit('deposit', ['2026-11-04'], booking, demoMatchingOptions).score).toBe(1)
    expect(dateFit('deposit', ['2026-11-01'], booking, demoMatchingOptions).score).toBe(1)
    expect(dateFit('deposit', ['2026-11-12'], booking, demoMatchingOptions).score).toBeLessThan(1)
    expect(dateFit('deposit', ['2026-11-30'], booking, demoMatchingOptions).score).toBe(0)
  })

  it('expects a balance from the day before the event to four days after', () => {
    const fit = (date: string) => dateFit('balance', [date], booking, demoMatchingOptions).score
    expect(fit('2026-11-27')).toBe(1)
    expect(fit('2026-11-30')).toBe(1)
    expect(fit('2026-12-02')).toBe(1)
    expect(fit('2026-12-03')).toBeLessThan(1)
    expect(fit('2026-11-26')).toBeLessThan(1)
    expect(fit('2026-11-05')).toBe(0)
  })

  it('tells a late payment in order (a deposit before the party, a balance within a month) from one out of order', () => {
    const lateness = (type: 'deposit' | 'balance', date: string) => dateFit(type, [date], booking, demoMatchingOptions).lateInOrder ?? false
    expect(lateness('deposit', '2026-11-20')).toBe(true)
    expect(lateness('deposit', '2026-11-05')).toBe(false)
    expect(lateness('deposit', '2026-11-30')).toBe(false)
    expect(lateness('balance', '2026-12-20')).toBe(true)
    expect(lateness('balance', '2026-12-01')).toBe(false)
    expect(lateness('balance', '2027-01-05')).toBe(false)
  })

  it('lets the windows be configured', () => {
    const strict = matchingOptionsFromSettings(
      { timeZone: 'America/Los_Angeles', tipPercentRange: { min: 5, max: 50 } },
      { balanceWindowDays: { before: 0, after: 1 }, dateGraceDays: 0 },
    )
    expect(dateFit('balance', ['2026-11-30'], booking, strict).score).toBe(0)
    expect(dateFit('balance', ['2026-11-29'], booking, strict).score).toBe(1)
  })

  it('reads the booking time in the business time zone', () => {
    // 02:00 UTC on Nov 3 is the evening of Nov 2 in California: a deposit on Nov 1 is in the window.
    const lateEvening = aBooking({ createdAt: '2026-11-03T02:00:00Z' })
    expect(dateFit('deposit', ['2026-11-01'], lateEvening, demoMatchingOptions).score).toBe(1)
  })

  it('takes the best of the dates a transaction carries, and of both windows for a full payment', () => {
    expect(dateFit('balance', ['2026-12-05', '2026-11-29'], booking, demoMatchingOptions).score).toBe(1)
    expect(dateFit('full', ['2026-11-03'], booking, demoMatchingOptions).score).toBe(1)
    expect(dateFit('full', ['2026-11-29'], booking, demoMatchingOptions).score).toBe(1)
  })
})
