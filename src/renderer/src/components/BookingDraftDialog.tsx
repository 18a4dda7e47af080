/**
 * "Create booking from draft", opened from any view through `useBookingDraftStore`: prefilled from
 * the agent's draft, staff fill what is missing and create (or create and confirm) in one step.
 * A full slot is refused with the reason inline. Enter creates, Ctrl/⌘+Enter creates and
 * confirms, Esc cancels.
 */
import { useEffect, useRef, useState } from 'react'
import { bookingFromDraft, formFromDraft, type BookingForm, type BookingFormErrors } from '../../../domain/bookings/booking-from-draft'
import { slotForTime } from '../../../domain/bookings/capacity'
import { formatClock } from '../../../domain/bookings/message-templates'
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
  const dialog = useRef<HTMLDivElement>(null)

  // Focus the first field staff still have to fill (or the first field).
  useEffect(() => {
    const inputs = [...(dialog.current?.querySelectorAll<HTMLInputElement>('input') ?? [])]
    ;(inputs.find((input) => input.value === '' && input.dataset.essential === 'true') ?? inputs[0])?.focus()
  }, [])

  const set = (field: keyof BookingForm) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setForm((current) => ({ ...current, [field]: event.target.value }))
    setCapacityReason(null)
  }

  async function create(confirm: boolean) {
    if (busy || !settings) return
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
    setBusy(true)
    try {
      await save('bookings', result.booking)
      if (pending.suggestionId) {
        // The draft is used up: the inbox stops offering it.
        const suggestion = (await db?.collections.suggestions?.findOne(pending.suggestionId).exec())?.toMutableJSON() as Suggestion | undefined
        if (suggestion && suggestion.status === 'open') await save('suggestions', { ...suggestion, status: 'used' })
      }
      onClose()
      selectBooking(result.booking.id, result.booking.eventDate)
      showView('bookings')
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
            <button type="submit" disabled={busy || unpriced !== null}>
              Create
            </button>
            <button type="button" className="primary" disabled={busy || unpriced !== null} onClick={() => void create(true)}>
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
