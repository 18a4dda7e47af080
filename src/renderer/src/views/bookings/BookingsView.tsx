import { useState } from 'react'
import { formatCents } from '../../../../domain/money'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Booking } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'

const statusLabels: Record<Booking['status'], string> = {
  inquiry: 'Inquiry',
  quoted: 'Quoted',
  confirmed: 'Confirmed',
  deposit_paid: 'Deposit paid',
  completed: 'Completed',
  paid_in_full: 'Paid in full',
  cancelled: 'Cancelled',
}

/** Upcoming parties first, then past ones; search by name, phone or date. */
export function BookingsView() {
  const paired = useSyncStore((state) => state.sync?.paired ?? false)
  const { documents } = useLiveQuery<Booking>('bookings')
  const [search, setSearch] = useState('')

  if (!paired || documents.length === 0) {
    return (
      <ViewFrame view={views.bookings}>
        <EmptyState title={views.bookings.emptyTitle}>
          {paired ? views.bookings.emptyBody : 'Pair this console in Settings to see bookings.'}
        </EmptyState>
      </ViewFrame>
    )
  }

  const today = new Date().toISOString().slice(0, 10)
  const needle = search.trim().toLowerCase()
  const digits = needle.replace(/\D/g, '')
  const matches = documents.filter(
    (booking) =>
      needle === '' ||
      booking.customerName.toLowerCase().includes(needle) ||
      (digits.length >= 3 && (booking.customerPhone ?? '').includes(digits)) ||
      booking.eventDate.includes(needle),
  )
  const upcoming = matches.filter((b) => b.eventDate >= today).sort((a, b) => a.eventDate.localeCompare(b.eventDate))
  const past = matches.filter((b) => b.eventDate < today).sort((a, b) => b.eventDate.localeCompare(a.eventDate))

  return (
    <ViewFrame view={views.bookings}>
      <label className="search">
        <span className="visually-hidden">Search bookings</span>
        <input type="search" placeholder="Search by name, phone or date" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {matches.length === 0 && <p className="hint">No booking matches “{search}”.</p>}
      {upcoming.length > 0 && <BookingTable title="Upcoming" bookings={upcoming} />}
      {past.length > 0 && <BookingTable title="Past" bookings={past} />}
    </ViewFrame>
  )
}

function BookingTable({ title, bookings }: { title: string; bookings: Booking[] }) {
  return (
    <section>
      <h2>{title}</h2>
      <table className="table" aria-label={`${title} bookings`}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Customer</th>
            <th scope="col">Guests</th>
            <th scope="col">Total</th>
            <th scope="col">Paid</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {bookings.map((booking) => (
            <tr key={booking.id} data-testid={`booking-${booking.id}`}>
              <td>
                {booking.eventDate}
                {booking.eventTime ? ` ${booking.eventTime}` : ''}
              </td>
              <td>
                {booking.customerName}
                {booking.customerPhone && <div className="hint">{formatPhoneNumber(booking.customerPhone)}</div>}
              </td>
              <td>
                {booking.adults} adults{booking.kids > 0 ? `, ${booking.kids} kids` : ''}
              </td>
              <td>{formatCents(booking.totalCents)}</td>
              <td>{formatCents(booking.paidCents)}</td>
              <td>{statusLabels[booking.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
