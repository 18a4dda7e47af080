import { formatCents } from '../../../../domain/money'
import type { Booking } from '../../../../domain/schemas'
import { paymentState } from './live-model'

/** The caller's parties and what they have paid: the first thing staff are asked about. */
export function CallerBookings({ bookings, compact = false }: { bookings: Booking[]; compact?: boolean }) {
  const Heading = compact ? 'h4' : 'h3'
  return (
    <section className="caller-bookings" aria-label="Caller’s bookings">
      <Heading>Bookings</Heading>
      {bookings.length === 0 ? (
        <p className="hint">No bookings for this caller.</p>
      ) : (
        <ul className="caller-booking-list">
          {bookings.map((booking) => {
            const payment = paymentState(booking)
            return (
              <li key={booking.id} data-testid={`caller-booking-${booking.id}`}>
                <span>
                  {booking.eventDate}
                  {booking.eventTime ? ` ${booking.eventTime}` : ''} · party of {booking.adults + booking.kids} ·{' '}
                  {formatCents(booking.totalCents)}
                </span>
                <span className={`payment-state payment-${payment.kind}`}>{payment.label}</span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
