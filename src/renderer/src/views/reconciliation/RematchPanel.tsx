/**
 * Picks another booking (and what the payment was for) for a bank deposit. "Payment for" follows
 * what the deposit reads as on each booking (the balance once the deposit is paid) until the
 * person chooses; a second deposit or more than is owed is confirmed first.
 */
import { useEffect, useRef, useState } from 'react'
import type { MatchingOptions } from '../../../../domain/matching/options'
import { depositAlreadyPaid, readPair, rematchWarnings } from '../../../../domain/payments/match-explanation'
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
  options,
  onChoose,
  onCancel,
}: {
  entry: QueueEntry
  bookings: Booking[]
  options: MatchingOptions
  onChoose(bookingId: string, paymentType: PaymentType): void
  onCancel(): void
}) {
  const [search, setSearch] = useState('')
  // Null until the person picks: then each booking offers what the deposit reads as there.
  const [chosenType, setChosenType] = useState<PaymentType | null>(null)
  const [confirming, setConfirming] = useState<{ booking: Booking; paymentType: PaymentType; warnings: string[] } | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
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
  const amountCents = entry.transaction ? receivedCents(entry.transaction) : 0
  // The booking's money before this deposit, when it already counts there.
  const before = (booking: Booking): Booking =>
    booking.id === entry.match.bookingId && (entry.match.status === 'accepted' || entry.match.status === 'auto_accepted')
      ? { ...booking, paidCents: Math.max(0, booking.paidCents - amountCents) }
      : booking
  const typeFor = (booking: Booking): PaymentType => {
    if (chosenType) return chosenType
    const read = entry.transaction ? readPair(entry.transaction, before(booking), options).paymentType : null
    return read ?? (depositAlreadyPaid(before(booking)) ? 'balance' : 'deposit')
  }
  function choose(booking: Booking) {
    const paymentType = typeFor(booking)
    const warnings = rematchWarnings(before(booking), amountCents, paymentType)
    if (warnings.length > 0) setConfirming({ booking, paymentType, warnings })
    else onChoose(booking.id, paymentType)
  }

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
          <input
            ref={searchRef}
            type="search"
            value={search}
            placeholder="Name, date or phone"
            onChange={(event) => {
              setSearch(event.target.value)
              setConfirming(null)
            }}
            onKeyDown={(event) => {
              // Enter submits the search: one booking found is chosen, several are gone through with Tab.
              if (event.key !== 'Enter') return
              event.preventDefault()
              if (open.length === 1) choose(open[0]!)
              else listRef.current?.querySelector('button')?.focus()
            }}
          />
        </label>
        <label>
          Payment for
          <select
            value={chosenType ?? ''}
            onChange={(event) => {
              setChosenType((event.target.value || null) as PaymentType | null)
              setConfirming(null)
            }}
          >
            <option value="">What it reads as on the booking</option>
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
        <ul className="rematch-list" aria-label="Open bookings" ref={listRef}>
          {open.map((booking) => (
            <li key={booking.id}>
              <span>
                <strong>{booking.customerName || 'Unnamed customer'}</strong> · event {booking.eventDate} · paid {formatCents(booking.paidCents)} of{' '}
                {formatCents(booking.totalCents)} · <span data-testid="rematch-type">as {paymentTypeLabels[typeFor(booking)].toLowerCase()}</span>
              </span>
              <button type="button" onClick={() => choose(booking)}>
                Match here
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <div className="rematch-confirm" role="alertdialog" aria-label="Confirm the match" data-testid="rematch-confirm">
          <ul>
            {confirming.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          <button type="button" className="primary" onClick={() => onChoose(confirming.booking.id, confirming.paymentType)}>
            Match anyway
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)}>
            Choose again
          </button>
        </div>
      )}
      <button type="button" className="link-button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  )
}
