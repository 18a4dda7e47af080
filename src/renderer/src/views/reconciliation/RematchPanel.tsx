/** Picks another booking (and what the payment was for) for a bank deposit. */
import { useEffect, useRef, useState } from 'react'
import { formatCents } from '../../../../domain/money'
import { phoneMatchesQuery } from '../../../../domain/phone-number'
import { receivedCents, type QueueEntry } from '../../../../domain/payments/reconciliation'
import { paymentTypes, type Booking, type PaymentType } from '../../../../domain/schemas'
import { paymentTypeLabels } from './labels'

/** Bookings still expecting money; cancelled and fully paid ones are not offered. */
const closedStatuses: ReadonlySet<Booking['status']> = new Set(['cancelled', 'paid_in_full'])

export function RematchPanel({
  entry,
  bookings,
  onChoose,
  onCancel,
}: {
  entry: QueueEntry
  bookings: Booking[]
  onChoose(bookingId: string, paymentType: PaymentType): void
  onCancel(): void
}) {
  const [search, setSearch] = useState('')
  const [paymentType, setPaymentType] = useState<PaymentType>(entry.match.paymentType ?? 'deposit')
  const searchRef = useRef<HTMLInputElement>(null)
  useEffect(() => searchRef.current?.focus(), [])

  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const open = bookings
    .filter((booking) => !closedStatuses.has(booking.status) || booking.id === entry.match.bookingId)
    .filter((booking) => {
      const text = `${booking.customerName} ${booking.eventDate} ${booking.id} ${booking.customerPhone ?? ''}`.toLowerCase()
      // A phone number as the console shows it ("(510) 555-0188") is one search, not two words.
      return phoneMatchesQuery(booking.customerPhone, search) || words.every((word) => text.includes(word))
    })
    .sort((a, b) => a.eventDate.localeCompare(b.eventDate))
    .slice(0, 50)

  const amount = entry.transaction ? formatCents(receivedCents(entry.transaction)) : 'this payment'
  return (
    <section
      className="panel rematch-panel"
      aria-label="Re-match payment"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel()
      }}
    >
      <h2>Match {amount} to another booking</h2>
      <div className="rematch-controls">
        <label>
          Search open bookings
          <input ref={searchRef} type="search" value={search} placeholder="Name, date or phone" onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Payment for
          <select value={paymentType} onChange={(event) => setPaymentType(event.target.value as PaymentType)}>
            {paymentTypes.map((type) => (
              <option key={type} value={type}>
                {paymentTypeLabels[type]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {open.length === 0 ? (
        <p className="hint">{words.length > 0 ? 'No open booking matches that search.' : 'There are no open bookings on this console.'}</p>
      ) : (
        <ul className="rematch-list" aria-label="Open bookings">
          {open.map((booking) => (
            <li key={booking.id}>
              <span>
                <strong>{booking.customerName || booking.id}</strong> · event {booking.eventDate} · paid {formatCents(booking.paidCents)} of{' '}
                {formatCents(booking.totalCents)}
              </span>
              <button type="button" onClick={() => onChoose(booking.id, paymentType)}>
                Match here
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  )
}
