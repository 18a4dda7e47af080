/**
 * Edit or reschedule a booking: the booking's form, prefilled. The new date or slot is checked
 * against capacity (the booking keeps its own place), an empty food price is re-priced from the
 * business rules, and what will change is shown before saving (domain/bookings/booking-edit).
 * The relay moves the booking's texts with a new date. Enter saves, Esc cancels.
 */
import { useEffect, useRef, useState } from 'react'
import { editBooking, formFromBooking, moneyInPlay } from '../../../../domain/bookings/booking-edit'
import type { BookingForm, BookingFormErrors } from '../../../../domain/bookings/booking-from-draft'
import { slotForTime } from '../../../../domain/bookings/capacity'
import { formatClock } from '../../../../domain/bookings/message-templates'
import type { BusinessRules } from '../../../../domain/business-rules'
import type { Booking } from '../../../../domain/schemas'
import { Field } from '../../components/Field'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'
import { useActor, useBusiness } from './use-business'

const labels: Record<keyof BookingForm, string> = {
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

type Props = { booking: Booking; focus: 'details' | 'date'; onClose(): void }

export function BookingEditDialog({ booking, focus, onClose }: Props) {
  const { rules, loading } = useBusiness()
  if (rules) return <EditForm booking={booking} focus={focus} onClose={onClose} settings={rules} />
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="booking-edit-title" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
        <h2 id="booking-edit-title">Edit {booking.customerName}'s booking</h2>
        <p className="hint">
          {loading
            ? "Waiting for the business's prices and time slots from the relay; connect to it to edit the booking."
            : 'The business is not set up yet, so the booking cannot be re-priced: the owner enters prices and time slots in Settings.'}
        </p>
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  )
}

function EditForm({ booking, focus, onClose, settings }: Props & { settings: BusinessRules }) {
  const save = useSyncStore((state) => state.save)
  const role = useSyncStore((state) => state.sync?.role) ?? 'frontdesk'
  const { today } = useBusiness()
  const { actor, by } = useActor()
  const { documents: bookings } = useLiveQuery<Booking>('bookings')
  const [form, setForm] = useState<BookingForm>(() => formFromBooking(booking, settings))
  const [errors, setErrors] = useState<BookingFormErrors>({})
  const [capacityReason, setCapacityReason] = useState<string | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const dialog = useRef<HTMLDivElement>(null)
  const opener = useRef<Element | null>(document.activeElement)

  useEffect(() => {
    const first = dialog.current?.querySelector<HTMLInputElement>(focus === 'date' ? 'input[type="date"]' : 'input')
    first?.focus()
    const returnTo = opener.current
    return () => (returnTo as HTMLElement | null)?.focus?.()
  }, [focus])

  const context = { now: new Date().toISOString(), today, by, actor, role, settings, bookings }
  const preview = editBooking(booking, form, context)

  const set = (field: keyof BookingForm) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setForm((current) => ({ ...current, [field]: event.target.value }))
    setCapacityReason(null)
  }

  async function submit() {
    if (busy) return
    setSaveError(null)
    const result = editBooking(booking, form, { now: new Date().toISOString(), today, by, actor, role, settings, bookings })
    if (!result.ok) {
      setErrors(result.errors)
      setCapacityReason(result.capacityReason)
      return
    }
    setErrors({})
    if (result.changes.length === 0) {
      onClose()
      return
    }
    setBusy(true)
    try {
      await save('bookings', result.booking)
      onClose()
    } catch (cause) {
      setSaveError(`The change could not be saved: ${(cause as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  const slot = /^\d{4}-\d{2}-\d{2}$/.test(form.eventDate) ? slotForTime(form.eventTime.trim() || null, settings) : null
  const input = (field: keyof BookingForm, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={labels[field]} error={errors[field]}>
      <input value={form[field]} onChange={set(field)} aria-invalid={errors[field] ? true : undefined} {...props} />
    </Field>
  )

  return (
    <div className="modal-backdrop">
      <div ref={dialog} className="modal booking-draft-dialog" role="dialog" aria-modal="true" aria-labelledby="booking-edit-title" data-testid="booking-edit-dialog">
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              onClose()
            }
          }}
        >
          <h2 id="booking-edit-title">
            {focus === 'date' ? 'Reschedule' : 'Edit'} {booking.customerName}'s booking
          </h2>
          {moneyInPlay(booking) && (
            <p className="hint">
              {role === 'owner'
                ? 'Money is in play: the deposit stays as it is; the total is yours to change.'
                : 'Money is in play: the price is the owner’s to change. You can still move the date and change the details.'}
            </p>
          )}
          <div className="form-grid">
            {input('eventDate', { type: 'date' })}
            {input('eventTime', { type: 'time' })}
            {input('adults', { inputMode: 'numeric' })}
            {input('kids', { inputMode: 'numeric' })}
            {input('subtotal', { inputMode: 'decimal' })}
            {input('travelFee', { inputMode: 'decimal' })}
            {input('customerName', { autoComplete: 'off' })}
            {input('customerPhone', { type: 'tel' })}
            {input('customerEmail', { type: 'email' })}
            {input('address')}
            {input('zip', { inputMode: 'numeric' })}
          </div>
          <Field label={labels.notes} error={errors.notes}>
            <textarea rows={2} value={form.notes} onChange={set('notes')} />
          </Field>
          {slot && (
            <p className="hint">
              Slot: {slot.name} ({formatClock(slot.start)}), up to {slot.capacity} {slot.capacity === 1 ? 'party' : 'parties'}.
            </p>
          )}
          <div className="edit-preview" role="status" data-testid="edit-preview">
            {preview.ok
              ? preview.changes.length > 0
                ? preview.changes.join(' ')
                : 'Nothing changed yet.'
              : preview.capacityReason
                ? ''
                : 'Fix the fields marked above to see the change.'}
          </div>
          {capacityReason && (
            <p className="error capacity-refusal" role="alert" data-testid="capacity-refusal">
              Cannot move it there: {capacityReason}
            </p>
          )}
          {saveError && (
            <p className="error" role="alert">
              {saveError}
            </p>
          )}
          {preview.ok && preview.rescheduled && booking.confirmedAt && !booking.cancelledAt && (
            <p className="hint">The relay moves the reminder texts to the new date.</p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Save changes
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
          <p className="hint">
            <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
          </p>
        </form>
      </div>
    </div>
  )
}
