import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { balanceDueCents, deriveBookingStatus } from '../../../../domain/bookings/booking-status'
import { formatClock } from '../../../../domain/bookings/message-templates'
import { formatCents } from '../../../../domain/money'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Booking } from '../../../../domain/schemas'
import { listDate, statusLabels } from './booking-model'

const rowHeight = 56

/** The filtered bookings as rows; only the rows in view are rendered, so a long history stays fast. */
export function BookingList({
  bookings,
  today,
  selectedId,
  onSelect,
}: {
  bookings: Booking[]
  today: string
  selectedId: string | null
  onSelect(id: string): void
}) {
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: bookings.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => bookings[index]!.id,
  })

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    const index = bookings.findIndex((booking) => booking.id === selectedId)
    const nextIndex = Math.min(bookings.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))
    const next = bookings[nextIndex]
    if (next) {
      onSelect(next.id)
      virtualizer.scrollToIndex(nextIndex)
    }
  }

  return (
    <div className="booking-list" role="table" aria-label="Bookings" aria-rowcount={bookings.length + 1}>
      <div className="booking-row booking-list-head" role="row">
        <span role="columnheader">Date</span>
        <span role="columnheader">Customer</span>
        <span role="columnheader">Guests</span>
        <span role="columnheader">Total</span>
        <span role="columnheader">Paid</span>
        <span role="columnheader">Status</span>
      </div>
      <div ref={scroller} className="booking-list-scroller" tabIndex={0} onKeyDown={onKeyDown} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const booking = bookings[item.index]!
            const status = deriveBookingStatus(booking, today)
            const past = booking.eventDate < today
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={booking.id === selectedId}
                className={`booking-row${booking.id === selectedId ? ' selected' : ''}${past ? ' past' : ''}`}
                data-testid={`booking-${booking.id}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(booking.id)}
              >
                <span role="cell" className="booking-date" title={booking.eventDate}>
                  <span data-testid="booking-date">{listDate(booking.eventDate)}</span>
                  <span className="hint">{booking.eventTime ? formatClock(booking.eventTime) : 'time not set'}</span>
                </span>
                <span role="cell">
                  <button type="button" className="link-button" onClick={() => onSelect(booking.id)}>
                    {booking.customerName}
                  </button>
                  {booking.customerPhone && <span className="hint"> · {formatPhoneNumber(booking.customerPhone)}</span>}
                </span>
                <span role="cell">
                  {booking.adults + booking.kids} ({booking.adults} adults{booking.kids > 0 ? `, ${booking.kids} kids` : ''})
                </span>
                <span role="cell">{formatCents(booking.totalCents)}</span>
                <span role="cell">
                  {formatCents(booking.paidCents)}
                  {balanceDueCents(booking) > 0 && status !== 'cancelled' && <span className="hint"> ({formatCents(balanceDueCents(booking))} due)</span>}
                </span>
                <span role="cell">
                  <span className={`badge booking-status status-${status}`}>{statusLabels[status]}</span>
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
