/**
 * Records a cash or check payment against a booking. The console saves it as a payment match
 * with `manualPayment` (works offline); the relay checks it against the booking and only then
 * counts the money — a refusal comes back under "needs attention" with the reason.
 */
import { useEffect, useRef, useState } from 'react'
import { formatCents, typedDollarsToCents } from '../../../../domain/money'
import { manualTransactionPrefix, paymentTypes, type Booking, type PaymentMatch, type PaymentType } from '../../../../domain/schemas'
import { paymentTypeLabels } from './labels'

const closedStatuses: ReadonlySet<Booking['status']> = new Set(['cancelled', 'paid_in_full'])

function newTransactionId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12))
  return `${manualTransactionPrefix}${Array.from(random, (byte) => byte.toString(36).padStart(2, '0')).join('')}`.slice(0, 40)
}

export function ManualPaymentPanel({
  bookings,
  today,
  deviceName,
  onSave,
  onCancel,
}: {
  bookings: readonly Booking[]
  today: string
  deviceName: string
  onSave(match: PaymentMatch): Promise<void>
  onCancel(): void
}) {
  const [search, setSearch] = useState('')
  const [bookingId, setBookingId] = useState<string | null>(null)
  const [method, setMethod] = useState<'cash' | 'check'>('cash')
  const [amount, setAmount] = useState('')
  const [receivedOn, setReceivedOn] = useState(today)
  const [payer, setPayer] = useState('')
  const [checkNumber, setCheckNumber] = useState('')
  const [paymentType, setPaymentType] = useState<PaymentType>('balance')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  useEffect(() => searchRef.current?.focus(), [])

  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const open = bookings
    .filter((booking) => !closedStatuses.has(booking.status))
    .filter((booking) => words.every((word) => `${booking.customerName} ${booking.eventDate} ${booking.id}`.toLowerCase().includes(word)))
    .sort((a, b) => a.eventDate.localeCompare(b.eventDate))
    .slice(0, 20)
  const chosen = bookings.find((booking) => booking.id === bookingId) ?? null

  async function save() {
    setError(null)
    const cents = typedDollarsToCents(amount)
    if (!chosen) return setError('Choose the booking this payment is for.')
    if (cents === null || cents <= 0) return setError('Type the amount received, e.g. 1550 or 1,550.00.')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(receivedOn) || receivedOn > today) return setError('The day it was received cannot be after today.')
    const transactionId = newTransactionId()
    const now = new Date().toISOString()
    try {
      await onSave({
        id: `pm_${transactionId}`,
        updatedAt: now,
        transactionId,
        bookingId: chosen.id,
        paymentType,
        confidence: 1,
        status: 'accepted',
        reasons: [`${method === 'cash' ? 'Cash' : 'Check'} payment recorded on ${deviceName}`],
        decidedBy: deviceName,
        decidedAt: now,
        manualPayment: {
          method,
          amountCents: cents,
          receivedOn,
          payer: payer.trim() || chosen.customerName || null,
          checkNumber: method === 'check' && checkNumber.trim() ? checkNumber.trim().slice(0, 32) : null,
          note: note.slice(0, 500),
        },
      })
    } catch (cause) {
      setError(`The payment could not be saved: ${(cause as Error).message}`)
    }
  }

  return (
    <section
      className="panel rematch-panel"
      aria-label="Record a cash or check payment"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel()
      }}
    >
      <h2>Record a cash or check payment</h2>
      <div className="rematch-controls">
        <label>
          Find the booking
          <input ref={searchRef} type="search" value={search} placeholder="Name or event date" onChange={(event) => setSearch(event.target.value)} />
        </label>
      </div>
      {chosen ? (
        <p>
          For <strong>{chosen.customerName}</strong>, event {chosen.eventDate} (paid {formatCents(chosen.paidCents)} of {formatCents(chosen.totalCents)}){' '}
          <button type="button" className="link-button" onClick={() => setBookingId(null)}>
            Change
          </button>
        </p>
      ) : open.length === 0 ? (
        <p className="hint">{words.length > 0 ? 'No open booking matches that search.' : 'There are no open bookings on this console.'}</p>
      ) : (
        <ul className="rematch-list" aria-label="Open bookings">
          {open.map((booking) => (
            <li key={booking.id}>
              <span>
                <strong>{booking.customerName || booking.id}</strong> · event {booking.eventDate} · paid {formatCents(booking.paidCents)} of {formatCents(booking.totalCents)}
              </span>
              <button type="button" onClick={() => setBookingId(booking.id)}>
                Choose
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="rematch-controls">
        <label>
          Paid by
          <select value={method} onChange={(event) => setMethod(event.target.value as 'cash' | 'check')}>
            <option value="cash">Cash</option>
            <option value="check">Check</option>
          </select>
        </label>
        <label>
          Amount
          <input inputMode="decimal" value={amount} placeholder="0.00" onChange={(event) => setAmount(event.target.value)} />
        </label>
        <label>
          Received on
          <input type="date" value={receivedOn} max={today} onChange={(event) => setReceivedOn(event.target.value)} />
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
        <label>
          Payer
          <input value={payer} placeholder={chosen?.customerName ?? 'Who paid'} onChange={(event) => setPayer(event.target.value)} />
        </label>
        {method === 'check' && (
          <label>
            Check number
            <input value={checkNumber} onChange={(event) => setCheckNumber(event.target.value)} />
          </label>
        )}
        <label>
          Note
          <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="button" className="primary" onClick={() => void save()}>
          Record payment
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  )
}
