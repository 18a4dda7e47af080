import { addDays, addMonths, addWeeks, eachDayOfInterval, endOfMonth, endOfWeek, format, isSameMonth, parseISO, startOfMonth, startOfWeek } from 'date-fns'
import { useMemo } from 'react'
import { deriveBookingStatus } from '../../../../domain/bookings/booking-status'
import { isCancelledBooking, loadsForDates, slotForTime, type SlotLoad, type TimeSlot } from '../../../../domain/bookings/capacity'
import { formatClock } from '../../../../domain/bookings/message-templates'
import type { Booking, Settings } from '../../../../domain/schemas'
import { statusLabels } from './booking-model'
import type { BookingsMode } from './bookings-store'
import { gridRange, placeInBand, slotBands, type GridRange } from './time-grid'

export type CalendarMode = Exclude<BookingsMode, 'list'>

/** The dates a calendar page shows: whole weeks for a month, one week, or one day. */
export function periodDays(mode: CalendarMode, anchor: string): string[] {
  const date = parseISO(anchor)
  const range =
    mode === 'month'
      ? { start: startOfWeek(startOfMonth(date)), end: endOfWeek(endOfMonth(date)) }
      : mode === 'week'
        ? { start: startOfWeek(date), end: endOfWeek(date) }
        : { start: date, end: date }
  return eachDayOfInterval(range).map((day) => format(day, 'yyyy-MM-dd'))
}

/** The anchor one period earlier (-1) or later (+1). */
export function shiftPeriod(mode: CalendarMode, anchor: string, step: -1 | 1): string {
  const date = parseISO(anchor)
  const shifted = mode === 'month' ? addMonths(date, step) : mode === 'week' ? addWeeks(date, step) : addDays(date, step)
  return format(shifted, 'yyyy-MM-dd')
}

export function periodLabel(mode: CalendarMode, anchor: string): string {
  const date = parseISO(anchor)
  if (mode === 'month') return format(date, 'MMMM yyyy')
  if (mode === 'day') return format(date, 'EEEE, MMMM d, yyyy')
  const start = startOfWeek(date)
  return `Week of ${format(start, 'MMMM d, yyyy')}`
}

interface CalendarPanelProps {
  mode: CalendarMode
  anchor: string
  today: string
  bookings: Booking[]
  settings: Pick<Settings, 'timeSlots'>
  selectedId: string | null
  onSelect(id: string): void
}

/** Bookings per date and slot, with "n of capacity" per slot and full slots marked. */
export function CalendarPanel({ mode, anchor, today, bookings, settings, selectedId, onSelect }: CalendarPanelProps) {
  const days = useMemo(() => periodDays(mode, anchor), [mode, anchor])
  const loads = useMemo(() => loadsForDates(days, bookings, settings), [days, bookings, settings])
  const byDate = useMemo(() => {
    const map = new Map<string, Booking[]>()
    for (const booking of bookings) {
      const list = map.get(booking.eventDate) ?? []
      list.push(booking)
      map.set(booking.eventDate, list)
    }
    return map
  }, [bookings])
  const anchorDate = parseISO(anchor)

  if (mode === 'week') {
    return <WeekGrid days={days} today={today} loads={loads} byDate={byDate} settings={settings} selectedId={selectedId} onSelect={onSelect} label={periodLabel(mode, anchor)} />
  }
  return (
    <div className={`calendar calendar-mode-${mode}`} role="grid" aria-label={`Calendar, ${periodLabel(mode, anchor)}`}>
      {mode !== 'day' && (
        <div className="calendar-weekdays" role="row">
          {days.slice(0, 7).map((day) => (
            <span key={day} role="columnheader" className="calendar-weekday">
              {format(parseISO(day), 'EEE')}
            </span>
          ))}
        </div>
      )}
      <div className="calendar-days" role="row">
        {days.map((day) => (
          <DayCell
            key={day}
            date={day}
            mode={mode}
            today={today}
            outside={mode === 'month' && !isSameMonth(parseISO(day), anchorDate)}
            loads={loads.get(day) ?? []}
            bookings={byDate.get(day) ?? []}
            settings={settings}
            selectedId={selectedId}
            onSelect={onSelect}
          />
        ))}
      </div>
    </div>
  )
}

interface DayCellProps {
  date: string
  mode: CalendarMode
  today: string
  outside: boolean
  loads: SlotLoad[]
  bookings: Booking[]
  settings: Pick<Settings, 'timeSlots'>
  selectedId: string | null
  onSelect(id: string): void
}

function DayCell({ date, mode, today, outside, loads, bookings, settings, selectedId, onSelect }: DayCellProps) {
  const isToday = date === today
  const live = bookings.filter((booking) => !booking.cancelledAt && booking.status !== 'cancelled')
  const cancelled = bookings.length - live.length
  return (
    <div
      role="gridcell"
      className={`calendar-day${isToday ? ' today' : ''}${outside ? ' outside' : ''}`}
      data-testid={`calendar-day-${date}`}
      aria-label={format(parseISO(date), 'EEEE, MMMM d')}
    >
      <div className="calendar-date">{format(parseISO(date), mode === 'month' ? 'd' : 'EEE d')}</div>
      {loads.map((load) => {
        const inSlot = live.filter((booking) => slotForTime(booking.eventTime, settings) === load.slot)
        return (
          <div
            key={load.slot.name}
            className={`calendar-slot${load.full ? ' full' : ''}`}
            data-testid={`slot-${date}-${load.slot.name}`}
            data-full={load.full}
          >
            <div className="slot-head">
              <span title={`${load.slot.name} from ${formatClock(load.slot.start)}`}>
                {load.slot.name}
                {mode === 'day' && <span className="hint"> {formatClock(load.slot.start)}</span>}
              </span>
              <span className="slot-count" aria-label={`${load.booked} of ${load.capacity} booked${load.full ? ', full' : ''}`}>
                {load.booked} of {load.capacity}
                {load.full && <span className="badge badge-full">Full</span>}
              </span>
            </div>
            {(mode !== 'month' || inSlot.length <= 3) &&
              inSlot.map((booking) => {
                const status = deriveBookingStatus(booking, today)
                return (
                <button
                  key={booking.id}
                  type="button"
                  className={`calendar-booking status-${status}${booking.id === selectedId ? ' selected' : ''}`}
                  data-testid={`calendar-booking-${booking.id}`}
                  onClick={() => onSelect(booking.id)}
                  title={`${booking.customerName}: ${statusLabels[status]}`}
                >
                  {booking.eventTime ? `${formatClock(booking.eventTime)} ` : ''}
                  {booking.customerName}
                  {mode !== 'month' && <span className="hint"> · {booking.adults + booking.kids} guests · {statusLabels[status]}</span>}
                </button>
                )
              })}
            {mode === 'month' && inSlot.length > 3 && <span className="hint">{inSlot.length} parties</span>}
          </div>
        )
      })}
      {cancelled > 0 && <div className="hint">{cancelled} cancelled</div>}
    </div>
  )
}

/** Pixels per minute of the week grid: 48 px an hour. */
const pxPerMinute = 0.8

interface WeekGridProps {
  days: string[]
  today: string
  loads: Map<string, SlotLoad[]>
  byDate: Map<string, Booking[]>
  settings: Pick<Settings, 'timeSlots'>
  selectedId: string | null
  onSelect(id: string): void
  label: string
}

/**
 * The week as a time grid: hours down the side, a column per day, each slot a band at its hours
 * with "n of capacity", and each party at its start time inside its slot.
 */
function WeekGrid({ days, today, loads, byDate, settings, selectedId, onSelect, label }: WeekGridProps) {
  const live = days.flatMap((day) => (byDate.get(day) ?? []).filter((booking) => !isCancelledBooking(booking)))
  const range = gridRange(settings.timeSlots, live.map((booking) => booking.eventTime))
  const hours = Array.from({ length: (range.endMin - range.startMin) / 60 }, (_, index) => range.startMin + index * 60)
  const bands = settings.timeSlots.length > 0 ? slotBands(settings.timeSlots, range) : [wholeDayBand(range)]
  return (
    <div className="calendar calendar-mode-week week-grid" role="grid" aria-label={`Calendar, ${label}`} data-testid="week-grid">
      <div className="week-head" role="row">
        <span className="week-corner" aria-hidden="true" />
        {days.map((day) => (
          <span key={day} role="columnheader" className={`calendar-weekday${day === today ? ' today' : ''}`}>
            {format(parseISO(day), 'EEE d')}
          </span>
        ))}
      </div>
      <div className="week-body" style={{ height: (range.endMin - range.startMin) * pxPerMinute }}>
        <div className="week-axis" aria-hidden="true">
          {hours.map((minutes) => (
            <span key={minutes} className="week-hour" style={{ top: (minutes - range.startMin) * pxPerMinute }} data-testid="week-hour">
              {formatClock(`${String(minutes / 60).padStart(2, '0')}:00`)}
            </span>
          ))}
        </div>
        {days.map((day) => {
          const dayBookings = (byDate.get(day) ?? []).filter((booking) => !isCancelledBooking(booking))
          const cancelled = (byDate.get(day)?.length ?? 0) - dayBookings.length
          return (
            <div
              key={day}
              role="gridcell"
              className={`week-day${day === today ? ' today' : ''}`}
              data-testid={`calendar-day-${day}`}
              aria-label={format(parseISO(day), 'EEEE, MMMM d')}
              style={{ backgroundSize: `100% ${60 * pxPerMinute}px` }}
            >
              {bands.map((band) => {
                const load = loads.get(day)?.find((each) => each.slot === band.slot) ?? null
                const inBand = settings.timeSlots.length > 0 ? dayBookings.filter((booking) => slotForTime(booking.eventTime, settings) === band.slot) : dayBookings
                return (
                  <div
                    key={band.slot.name}
                    className={`calendar-slot week-slot${load?.full ? ' full' : ''}`}
                    data-testid={`slot-${day}-${band.slot.name}`}
                    data-full={load?.full ?? false}
                    style={{ top: band.top * pxPerMinute, height: band.height * pxPerMinute }}
                  >
                    {load && (
                      <div className="slot-head" title={`${band.slot.name} from ${formatClock(band.slot.start)}`}>
                        <span>{band.slot.name}</span>
                        <span className="slot-count" aria-label={`${load.booked} of ${load.capacity} booked${load.full ? ', full' : ''}`}>
                          {load.booked} of {load.capacity}
                          {load.full && <span className="badge badge-full">Full</span>}
                        </span>
                      </div>
                    )}
                    {placeInBand(band, range, inBand, load ? 20 : 0).map(({ booking, top, height, column, columns }) => {
                      const status = deriveBookingStatus(booking, today)
                      return (
                        <button
                          key={booking.id}
                          type="button"
                          className={`calendar-booking week-booking status-${status}${booking.id === selectedId ? ' selected' : ''}`}
                          data-testid={`calendar-booking-${booking.id}`}
                          onClick={() => onSelect(booking.id)}
                          title={`${booking.eventTime ? formatClock(booking.eventTime) : 'Time not set'} · ${booking.customerName} · ${booking.adults + booking.kids} guests · ${statusLabels[status]}`}
                          style={{
                            top: top * pxPerMinute,
                            height: height * pxPerMinute - 2,
                            left: `${(column / columns) * 100}%`,
                            width: `calc(${100 / columns}% - 2px)`,
                          }}
                        >
                          <span className="week-booking-time">{booking.eventTime ? formatClock(booking.eventTime) : 'Time not set'}</span> {booking.customerName}
                          <span className="hint"> · {booking.adults + booking.kids} guests</span>
                        </button>
                      )
                    })}
                  </div>
                )
              })}
              {cancelled > 0 && <div className="hint week-cancelled">{cancelled} cancelled</div>}
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** A business without slots: one band over the whole grid, with no capacity heading. */
function wholeDayBand(range: GridRange): { slot: TimeSlot; top: number; height: number } {
  const start = `${String(range.startMin / 60).padStart(2, '0')}:00`
  return { slot: { name: 'Bookings', start, capacity: 0 }, top: 0, height: range.endMin - range.startMin }
}
