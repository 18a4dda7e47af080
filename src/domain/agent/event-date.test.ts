import { describe, expect, it } from 'vitest'
import { findEventWhen } from './event-date'

const la = 'America/Los_Angeles'
// Saturday 21 November 2026, 8 pm in Fremont (already Sunday the 22nd in UTC).
const saturdayEvening = new Date('2026-11-22T04:00:00Z')

describe('findEventWhen', () => {
  it.each([
    ['tomorrow', '2026-11-22'],
    ['today', '2026-11-21'],
    ['next Saturday', '2026-11-28'],
    ['Friday', '2026-11-27'],
    ['Dec 12', '2026-12-12'],
    ['December 12th', '2026-12-12'],
    ['12/20', '2026-12-20'],
    ['on the 14th', '2026-12-14'],
    ['the 25th', '2026-11-25'],
    ['the 21st', '2026-11-21'],
    ['March 3', '2027-03-03'],
    ['Jan 5th', '2027-01-05'],
    ['in two weeks', '2026-12-05'],
    ['no date here', null],
  ])('%j resolves to %s in the business time zone', (text, date) => {
    expect(findEventWhen(text, saturdayEvening, la).date).toBe(date)
  })

  it.each([
    ["New Year's Eve", '2026-12-31'],
    ['Christmas Eve', '2026-12-24'],
    ['christmas', '2026-12-25'],
    ["Valentine's Day", '2027-02-14'],
    ['the 4th of July', '2027-07-04'],
    ['Halloween', '2027-10-31'],
  ])('%j is the next such holiday: %s', (text, date) => {
    expect(findEventWhen(text, saturdayEvening, la).date).toBe(date)
  })

  it.each(['last Saturday', 'yesterday', 'last week', '2 days ago'])('%j is in the past, so not an event date', (text) => {
    expect(findEventWhen(text, saturdayEvening, la).date).toBeNull()
  })

  it('moves a month and day already past this year to next year', () => {
    expect(findEventWhen('Nov 2', saturdayEvening, la).date).toBe('2027-11-02')
  })

  it('resolves against the business time zone, not UTC', () => {
    // In UTC it is already the 22nd; in Tokyo the 22nd too. The business is still on the 21st.
    expect(findEventWhen('tomorrow', saturdayEvening, la).date).toBe('2026-11-22')
    expect(findEventWhen('tomorrow', saturdayEvening, 'Asia/Tokyo').date).toBe('2026-11-23')
  })

  it('skips a month too short for the day', () => {
    // On 30 April "the 31st" cannot be this month.
    expect(findEventWhen('the 31st', new Date('2027-04-30T18:00:00Z'), la).date).toBe('2027-05-31')
  })

  it.each([
    ['6pm', '18:00'],
    ['at 6 pm', '18:00'],
    ['at 5:30', '17:30'],
    ['around 7', '19:00'],
    ['at 11am', '11:00'],
    ['at 11', '11:00'],
    ['noon', '12:00'],
    ['12:30pm', '12:30'],
    ['Dec 12 at 6:45pm', '18:45'],
    ['Dec 12', null],
  ])('%j is at %s', (text, time) => {
    expect(findEventWhen(text, saturdayEvening, la).time).toBe(time)
  })
})
