/**
 * "Create booking from draft", opened from any view through `useBookingDraftStore`: prefilled from
 * the agent's draft, staff fill what is missing and create (or create and confirm) in one step.
 * A full slot is refused with the reason inline. A draft that already became a booking offers
 * that booking instead, and a booking duplicating one the customer holds (same date and slot)
 * is created only after staff say so. Enter creates, Ctrl/⌘+Enter creates and confirms, Esc cancels.
 */
import { useEffect, useRef, useState } from 'react'
import { bookingFromDraft, formFromDraft, type BookingForm, type BookingFormErrors } from '../../../domain/bookings/booking-from-draft'
import { slotForTime } from '../../../domain/bookings/capacity'
import { bookingFromSuggestion, findDuplicateBookings } from '../../../domain/bookings/duplicate-bookings'
import { formatClock, formatEventDate } from '../../../domain/bookings/message-templates'
import type { Booking, Suggestion } from '../../../domain/schemas'
import { useLiveQuery } from '../db/use-live-query'
import { useBookingDraftStore, type PendingBookingDraft } from '../stores/booking-draft-store'
import { useNavigationStore } from '../stores/navigation-store'
import { useSyncStore } from '../stores/sync-store'
import { useBookingsViewStore } from '../views/bookings/bookings-store'
import { useActor, useBusiness } from '../views/bookings/use-business'
import { Field } from './Field'

export function BookingDraftDialog() {
  const pending = useBookingDraftStore((state) => state.pending)
  const close = useBookingDraftStore((state) => state.close)
  if (!pending) return null
  // A new draft gets a fresh form.
  return <DraftDialog key={`${pending.suggestionId ?? ''}-${JSON.stringify(pending.draft)}`} pending={pending} onClose={close} />
}

const fieldLabels: Record<keyof BookingForm, string> = {
  customerName: 'Customer name',
  customerPhone: 'Phone',
  customerEmail: 'Email (optional)',
  eventDate: 'Date',
  eventTime: 'Start time (optional)',
  adults: 'Adults',
  kids: 'Kids',
  address: 'Address (optional)',
  zip: 'ZIP (optional)',
  subtotal: 'Food price, $ (empty = priced per guest)',
  travelFee: 'Travel fee, $',
  notes: 'Notes (optional)',
}

function DraftDialog({ pending, onClose }: { pending: PendingBookingDraft; onClose(): void }) {
  const save = useSyncStore((state) => state.save)
  const db = useSyncStore((state) => state.db)
  const { rules: settings, loading: rulesLoading, today } = useBusiness()
  const { actor, by } = useActor()
  const { documents: bookings } = useLiveQuery<Booking>('bookings')
  const showView = useNavigationStore((state) => state.show)
  const selectBooking = useBookingsViewStore((state) => state.select)
  const [form, setForm] = useState<BookingForm>(() => formFromDraft(pending.draft))
  const [errors, setErrors] = useState<BookingFormErrors>({})
  const [capacityReason, setCapacityReason] = useState<string | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  /** Duplicates staff were shown for this form, and whether "Create and confirm" was asked. */
  const [duplicates, setDuplicates] = useState<{ bookings: Booking[]; confirm: boolean } | null>(null)
  const dialog = useRef<HTMLDivElement>(null)
  // A quote card makes at most one booking: once it did, the dialog offers that booking.
  const alreadyMade = pending.suggestionId ? bookingFromSuggestion(bookings, pending.suggestionId) : null

  // Focus the first field staff still have to fill (or the first field).
  useEffect(() => {
    const inputs = [...(dialog.current?.querySelectorAll<HTMLInputElement>('input') ?? [])]
    ;(inputs.find((input) => input.value === '' && input.dataset.essential === 'true') ?? inputs[0])?.focus()
  }, [])

  const set = (field: keyof BookingForm) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setForm((current) => ({ ...current, [field]: event.target.value }))
    setCapacityReason(null)
    setDuplicates(null)
  }

  function openBooking(booking: Pick<Booking, 'id' | 'eventDate'>) {
    onClose()
    selectBooking(booking.id, booking.eventDate)
    showView('bookings')
  }

  async function create(confirm: boolean, duplicateAccepted = false) {
    if (busy || alreadyMade || !settings) return
    setSaveError(null)
    const result = bookingFromDraft(form, {
      id: `bk_${crypto.randomUUID()}`,
      now: new Date().toISOString(),
      today,
      by,
      actor,
      confirm,
      suggestionId: pending.suggestionId,
      origin: pending.origin,
      settings,
      bookings,
    })
    if (!result.ok) {
      setErrors(result.errors)
      setCapacityReason(result.capacityReason)
      return
    }
    setErrors({})
    const same = findDuplicateBookings(result.booking, bookings, settings)
    if (same.length > 0 && !duplicateAccepted) {
      setDuplicates({ bookings: same, confirm })
      return
    }
    setBusy(true)
    try {
      await save('bookings', result.booking)
      if (pending.suggestionId) {
        // The draft is used up: the inbox stops offering it.
        const suggestion = (await db?.collections.suggestions?.findOne(pending.suggestionId).exec())?.toMutableJSON() as Suggestion | undefined
        if (suggestion && suggestion.status === 'open') await save('suggestions', { ...suggestion, status: 'used' })
      }
      openBooking(result.booking)
    } catch (cause) {
      setSaveError(`The booking could not be saved: ${(cause as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  const slot = settings && /^\d{4}-\d{2}-\d{2}$/.test(form.eventDate) ? slotForTime(form.eventTime.trim() || null, settings) : null
  // Without the business's prices and slots nothing can be priced; the form stays to read and copy.
  const unpriced = !settings
    ? rulesLoading
      ? "Waiting for the business's prices and time slots from the relay; connect to it to create the booking."
      : 'The business is not set up yet, so a booking cannot be priced: the owner enters prices and time slots in Settings.'
    : null
  const input = (field: keyof BookingForm, props: React.InputHTMLAttributes<HTMLInputElement> = {}, essential = false) => (
    <Field label={fieldLabels[field]} error={errors[field]}>
      <input value={form[field]} onChange={set(field)} aria-invalid={errors[field] ? true : undefined} data-essential={essential} {...props} />
    </Field>
  )

  return (
    <div className="modal-backdrop">
      <div ref={dialog} className="modal booking-draft-dialog" role="dialog" aria-modal="true" aria-labelledby="booking-draft-title">
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            void create(false)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              onClose()
            } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault()
              void create(true)
            }
          }}
        >
          <h2 id="booking-draft-title">Create booking</h2>
          <p className="hint">From {pending.origin}. Check what the AI gathered and fill in the rest.</p>
          {alreadyMade && (
            <div className="confirm" role="alert" data-testid="draft-already-booked">
              <span>
                This suggestion already became {alreadyMade.customerName}'s booking on {formatEventDate(alreadyMade.eventDate)}: a suggestion makes one
                booking.
              </span>
              <div className="row-actions">
                <button type="button" className="primary" onClick={() => openBooking(alreadyMade)}>
                  Open booking
                </button>
              </div>
            </div>
          )}
          <div className="form-grid">
            {input('customerName', { autoComplete: 'off' }, true)}
            {input('customerPhone', { type: 'tel' }, true)}
            {input('eventDate', { type: 'date', min: today }, true)}
            {input('eventTime', { type: 'time' })}
            {input('adults', { inputMode: 'numeric' }, true)}
            {input('kids', { inputMode: 'numeric' })}
            {input('address')}
            {input('zip', { inputMode: 'numeric' })}
            {input('subtotal', { inputMode: 'decimal' })}
            {input('travelFee', { inputMode: 'decimal' }, true)}
            {input('customerEmail', { type: 'email' })}
          </div>
          <Field label={fieldLabels.notes} error={errors.notes}>
            <textarea rows={2} value={form.notes} onChange={set('notes')} />
          </Field>
          {slot && (
            <p className="hint" data-testid="draft-slot">
              Slot: {slot.name} ({formatClock(slot.start)}), up to {slot.capacity} {slot.capacity === 1 ? 'party' : 'parties'}
              {form.eventTime.trim() === '' && ' (no time yet: the first slot is held)'}.
            </p>
          )}
          {capacityReason && (
            <p className="error capacity-refusal" role="alert" data-testid="capacity-refusal">
              Cannot book: {capacityReason}
            </p>
          )}
          {duplicates && (
            <div className="confirm" role="alertdialog" aria-label="Create a second booking?" data-testid="duplicate-booking">
              <span>
                {duplicates.bookings.length === 1 ? 'This customer already has a booking' : `This customer already has ${duplicates.bookings.length} bookings`}{' '}
                in the same slot:
              </span>
              <ul>
                {duplicates.bookings.map((booking) => (
                  <li key={booking.id}>
                    {booking.customerName}, {formatEventDate(booking.eventDate)}
                    {booking.eventTime ? ` at ${formatClock(booking.eventTime)}` : ''}, {booking.adults + booking.kids} guests{' '}
                    <button type="button" className="link-button" onClick={() => openBooking(booking)}>
                      Open it
                    </button>
                  </li>
                ))}
              </ul>
              <div className="row-actions">
                <button type="button" className="danger" onClick={() => void create(duplicates.confirm, true)}>
                  Create another booking anyway
                </button>
                <button type="button" onClick={() => setDuplicates(null)}>
                  Go back
                </button>
              </div>
            </div>
          )}
          {unpriced && (
            <p className="error" role="alert" data-testid="draft-unpriced">
              {unpriced}
            </p>
          )}
          {saveError && (
            <p className="error" role="alert">
              {saveError}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy || alreadyMade !== null || duplicates !== null || unpriced !== null}>
              Create
            </button>
            <button type="button" className="primary" disabled={busy || alreadyMade !== null || duplicates !== null || unpriced !== null} onClick={() => void create(true)}>
              Create and confirm
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
          <p className="hint">
            <kbd>Enter</kbd> creates · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> creates and confirms (the relay texts the confirmation and deposit link) ·{' '}
            <kbd>Esc</kbd> cancels
          </p>
        </form>
      </div>
    </div>
  )
}
