import { describe, expect, it } from 'vitest'
import { gridRange, placeInBand, slotBands } from './time-grid'

const slots = [
  { name: 'Dinner', start: '17:00', capacity: 3 },
  { name: 'Lunch', start: '12:00', capacity: 2 },
]

describe('the week time grid', () => {
  it('shows from an hour before the first slot to the end of the last, in whole hours', () => {
    expect(gridRange(slots, [])).toEqual({ startMin: 11 * 60, endMin: 20 * 60 })
    // A booking outside the slots widens it.
    expect(gridRange(slots, ['09:30', null, '19:45'])).toEqual({ startMin: 8 * 60, endMin: 23 * 60 })
    expect(gridRange([], [])).toEqual({ startMin: 9 * 60, endMin: 21 * 60 })
    expect(gridRange([{ name: 'Late', start: '23:00', capacity: 1 }], [])).toEqual({ startMin: 22 * 60, endMin: 24 * 60 })
  })

  it('draws each slot as a band from its start to the next slot', () => {
    const range = gridRange(slots, [])
    expect(slotBands(slots, range).map((band) => [band.slot.name, band.top, band.height])).toEqual([
      ['Lunch', 60, 300],
      ['Dinner', 360, 180],
    ])
  })

  it('places bookings at their time inside the band, side by side when they overlap', () => {
    const range = gridRange(slots, [])
    const [lunch] = slotBands(slots, range)
    const placed = placeInBand(lunch!, range, [
      { id: 'b', eventTime: '13:00' },
      { id: 'a', eventTime: '12:30' },
      { id: 'late', eventTime: '15:30' },
      { id: 'unset', eventTime: null },
    ])
    expect(placed.map((p) => [p.booking.id, p.top, p.height, p.column])).toEqual([
      // An unset time sits at the top, under the band's heading.
      ['unset', 20, 120, 0],
      ['a', 30, 120, 1],
      ['b', 60, 120, 2],
      // Starts after the others end in column 0, and is cut at the band's end.
      ['late', 210, 90, 0],
    ])
    expect(new Set(placed.map((p) => p.columns))).toEqual(new Set([3]))
  })
})
