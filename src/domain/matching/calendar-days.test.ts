import { describe, expect, it } from 'vitest'
import { calendarDateInZone, daysBetween } from './calendar-days'

describe('calendar days', () => {
  it('counts whole days across month ends and DST changes', () => {
    expect(daysBetween('2026-11-20', '2026-11-22')).toBe(2)
    expect(daysBetween('2026-11-22', '2026-11-20')).toBe(-2)
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1)
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2) // US DST ends on Nov 1
  })

  it('finds the local date of an instant in the business time zone', () => {
    // 03:00 UTC is still the previous evening in California.
    expect(calendarDateInZone('2026-11-20T03:00:00Z', 'America/Los_Angeles')).toBe('2026-11-19')
    expect(calendarDateInZone('2026-11-20T20:00:00Z', 'America/Los_Angeles')).toBe('2026-11-20')
    expect(calendarDateInZone('2026-11-20T03:00:00-08:00', 'UTC')).toBe('2026-11-20')
  })

  it('rejects text that is not a date', () => {
    expect(() => daysBetween('2026-13-45', '2026-11-20')).toThrow(RangeError)
    expect(() => calendarDateInZone('yesterday', 'UTC')).toThrow(RangeError)
  })
})
