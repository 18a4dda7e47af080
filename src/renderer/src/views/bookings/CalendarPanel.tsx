import { addDays, addMonths, addWeeks, eachDayOfInterval, endOfMonth, endOfWeek, format, isSameMonth, parseISO, startOfMonth, startOfWeek } from 'date-fns'
import { useMemo } from 'react'
import { deriveBookingStatus } from '../../../../domain/bookings/booking-status'
import { loadsForDates, slotForTime, type SlotLoad } from '../../../../domain/bookings/capacity'
import { formatClock } from '../../../../domain/bookings/message-templates'
import type { Booking, Settings } from '../../../../domain/schemas'
import { statusLabels } from './booking-model'
import type { BookingsMode } from './bookings-store'

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
