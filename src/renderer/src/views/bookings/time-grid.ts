/**
 * The week calendar's time grid: which hours it shows, where each slot sits as a band, and where
 * each booking sits inside its band. Pure, so the geometry is unit-tested; CalendarPanel turns
 * minutes into pixels.
 */
import { slotsByStart, type TimeSlot } from '../../../../domain/bookings/capacity'
import { clockMinutes } from '../../../../domain/routing/business-clock'

/** A party lasts about two hours; the grid draws it that long unless the next slot starts sooner. */
export const partyMinutes = 120
/** The last slot's band runs this long when no later slot ends it. */
const lastSlotMinutes = 180

export interface GridRange {
  /** Minutes after midnight where the grid starts and ends, on whole hours. */
  startMin: number
  endMin: number
}

/** From an hour before the first slot (or booking) to the end of the last one, in whole hours. */
export function gridRange(slots: readonly TimeSlot[], bookingTimes: readonly (string | null)[]): GridRange {
  const starts = [...slots.map((slot) => clockMinutes(slot.start)), ...bookingTimes.filter((time): time is string => time !== null).map(clockMinutes)]
  if (starts.length === 0) return { startMin: 9 * 60, endMin: 21 * 60 }
  const first = Math.min(...starts)
  const last = Math.max(...starts)
  return {
    startMin: Math.max(0, Math.floor(first / 60) * 60 - 60),
    endMin: Math.min(24 * 60, Math.ceil((last + Math.max(lastSlotMinutes, partyMinutes)) / 60) * 60),
  }
}

export interface SlotBand {
  slot: TimeSlot
  /** Minutes from the grid's start. */
  top: number
  height: number
}

/** Each slot from its start to the next slot's start (the last one to the grid's end). */
export function slotBands(slots: readonly TimeSlot[], range: GridRange): SlotBand[] {
  const ordered = slotsByStart({ timeSlots: [...slots] })
  return ordered.map((slot, index) => {
    const start = Math.max(range.startMin, clockMinutes(slot.start))
    const next = ordered[index + 1]
    const end = Math.min(range.endMin, next ? clockMinutes(next.start) : start + lastSlotMinutes)
    return { slot, top: start - range.startMin, height: Math.max(30, end - start) }
  })
}

export interface PlacedBooking<T> {
  booking: T
  /** Minutes from the band's top. */
  top: number
  height: number
  /** Side by side when several overlap: which column of how many. */
  column: number
  columns: number
}

/**
 * Bookings inside one band, at their start time (an unset time at the band's start), each a
 * party long but never past the band, overlapping ones side by side.
 */
export function placeInBand<T extends { id: string; eventTime: string | null }>(band: SlotBand, range: GridRange, bookings: readonly T[], headMinutes = 20): PlacedBooking<T>[] {
  const bandStart = band.top + range.startMin
  const sorted = [...bookings].sort((a, b) => (a.eventTime ?? '').localeCompare(b.eventTime ?? '') || a.id.localeCompare(b.id))
  const placed = sorted.map((booking) => {
    const offset = booking.eventTime === null ? 0 : clockMinutes(booking.eventTime) - bandStart
    const top = Math.min(Math.max(headMinutes, offset), Math.max(headMinutes, band.height - 30))
    return { booking, top, height: Math.max(30, Math.min(partyMinutes, band.height - top)), column: 0, columns: 1 }
  })
  // Greedy columns: a booking takes the first column whose last booking has ended.
  const columnEnds: number[] = []
  for (const item of placed) {
    const free = columnEnds.findIndex((end) => end <= item.top)
    item.column = free === -1 ? columnEnds.length : free
    columnEnds[item.column] = item.top + item.height
  }
  for (const item of placed) item.columns = Math.max(1, columnEnds.length)
  return placed
}
