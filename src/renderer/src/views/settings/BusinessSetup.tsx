/**
 * The owner's business setup in Settings: the first run fills in the business (until then the
 * relay neither quotes nor answers customers by itself), later visits edit it. Every field is
 * checked with a message that says what to fix (domain/business-setup), a preview shows the
 * quote a sample party gets under the prices being typed, and saving stores the business's own
 * settings document — never the demo's. An edit can be undone for ten seconds.
 */
import { useState } from 'react'
import { create } from 'zustand'
import {
  draftFromSettings,
  emptyBusinessSetupDraft,
  previewQuote,
  settingsFromSetup,
  validateBusinessSetup,
  type BusinessSetupDraft,
  type BusinessSetupErrors,
  type BusinessSetupField,
  type SampleParty,
} from '../../../../domain/business-setup'
import { formatCents } from '../../../../domain/money'
import type { Settings } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'
import { UndoToast } from '../../components/UndoToast'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'

/** The settings as they were before the last edit, undoable for ten seconds. */
const useBusinessUndoStore = create<{ before: Settings | null; set(before: Settings | null): void }>((set) => ({
  before: null,
  set: (before) => set({ before }),
}))

export function BusinessSetup() {
  const role = useSyncStore((state) => state.sync?.role ?? null)
  const { documents, loading } = useLiveQuery<Settings>('settings')
  const [editing, setEditing] = useState(false)
  if (role !== 'owner' || loading) return null
  const settings = documents.find((document) => document.id === 'business') ?? null

  if (!settings) {
    return (
      <section className="panel business-setup" aria-labelledby="business-title" data-testid="business-setup">
        <h2 id="business-title">Business</h2>
        <p className="hint">
          Until the business is set up, the AI does not quote or answer customers by itself: their texts wait for you with a draft reply.
          Enter what customers are told: your name, prices, how far you travel and when parties can start.
        </p>
        <BusinessForm settings={null} submitLabel="Save and start answering" onDone={() => undefined} />
      </section>
    )
  }
  return (
    <section className="panel business-setup" aria-labelledby="business-title" data-testid="business-summary">
      <h2 id="business-title">Business</h2>
      {editing ? (
        <BusinessForm key={settings.updatedAt} settings={settings} submitLabel="Save changes" onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <p>
            <strong>{settings.businessName}</strong> in {settings.baseLocation.city}, {settings.baseLocation.state}: {formatCents(settings.adultPriceCents)} per adult,{' '}
            {formatCents(settings.childPriceCents)} per child, {formatCents(settings.partyMinimumCents)} minimum, {formatCents(settings.depositCents)} deposit.
          </p>
          <button type="button" onClick={() => setEditing(true)}>
            Edit business details…
          </button>
        </>
      )}
      <UndoBusinessEdit />
    </section>
  )
}

function UndoBusinessEdit() {
  const save = useSyncStore((state) => state.save)
  const { before, set } = useBusinessUndoStore()
  if (!before) return null
  return (
    <UndoToast
      message="Saved the business details."
      onUndo={() => {
        set(null)
        void save('settings', { ...before })
      }}
      onExpire={() => set(null)}
    />
  )
}

const defaultSample: SampleParty = { adults: 20, kids: 5, miles: 40 }

function BusinessForm({
  settings,
  submitLabel,
  onDone,
  onCancel,
}: {
  settings: Settings | null
  submitLabel: string
  onDone: () => void
  onCancel?: () => void
}) {
  const save = useSyncStore((state) => state.save)
  const setBefore = useBusinessUndoStore((state) => state.set)
  const [draft, setDraft] = useState<BusinessSetupDraft>(() =>
    settings ? draftFromSettings(settings) : emptyBusinessSetupDraft(Intl.DateTimeFormat().resolvedOptions().timeZone),
  )
  // Errors show once the owner tries to save, then follow every keystroke.
  const [checked, setChecked] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const validation = validateBusinessSetup(draft)
  const errors: BusinessSetupErrors = checked && !validation.ok ? validation.errors : {}

  const change = (field: Exclude<keyof BusinessSetupDraft, 'slots'>) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }))
  const changeSlot = (index: number, field: keyof BusinessSetupDraft['slots'][number]) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((current) => ({ ...current, slots: current.slots.map((slot, at) => (at === index ? { ...slot, [field]: event.target.value } : slot)) }))

  const input = (field: Exclude<keyof BusinessSetupDraft, 'slots'>, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} error={errors[field]}>
      <input name={field} value={draft[field]} onChange={change(field)} aria-invalid={errors[field] ? true : undefined} {...props} />
    </Field>
  )

  async function submit() {
    setChecked(true)
    setSaveError(null)
    if (!validation.ok || busy) {
      // Take the owner to the first thing to fix.
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.business-form [aria-invalid="true"]')?.focus())
      return
    }
    setBusy(true)
    try {
      await save('settings', settingsFromSetup(validation.fields, settings, new Date().toISOString()))
      if (settings) setBefore(settings)
      onDone()
    } catch (error) {
      setSaveError(`The business details could not be saved: ${(error as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <EditorForm
      title={settings ? 'Edit business details' : 'Set up your business'}
      heading="h3"
      className="business-form"
      submitLabel={submitLabel}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <fieldset>
        <legend>The business</legend>
        <div className="form-grid">
          {input('businessName', 'Business name', { autoComplete: 'organization' })}
          {input('contactPhone', 'Phone customers call', { type: 'tel', autoComplete: 'tel' })}
          {input('contactEmail', 'E-mail (optional)', { inputMode: 'email', autoComplete: 'email' })}
          {input('timeZone', 'Time zone', { placeholder: 'America/Los_Angeles', spellCheck: false })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Base and travel</legend>
        <div className="form-grid">
          {input('city', 'City of your base', { autoComplete: 'address-level2' })}
          {input('state', 'State', { maxLength: 2, autoComplete: 'address-level1' })}
          {input('zip', 'ZIP code of your base', { inputMode: 'numeric', maxLength: 5, autoComplete: 'postal-code' })}
          {input('serviceAreaMiles', 'Service area, miles', { inputMode: 'numeric' })}
          {input('travelFreeMiles', 'Free travel, miles', { inputMode: 'numeric' })}
          {input('travelPerMile', 'Charge per mile beyond, $', { inputMode: 'decimal' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Prices</legend>
        <div className="form-grid">
          {input('adultPrice', 'Price per adult, $', { inputMode: 'decimal' })}
          {input('childPrice', 'Price per child, $', { inputMode: 'decimal' })}
          {input('childAgeMin', 'Child price from age', { inputMode: 'numeric' })}
          {input('childAgeMax', 'Child price up to age', { inputMode: 'numeric' })}
          {input('partyMinimum', 'Party minimum, $', { inputMode: 'decimal' })}
          {input('deposit', 'Deposit to hold a date, $', { inputMode: 'decimal' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Hours and time slots</legend>
        <div className="form-grid">
          {input('textingFrom', 'Automatic texts from', { type: 'time' })}
          {input('textingUntil', 'Automatic texts until', { type: 'time' })}
        </div>
        <p className="hint">Parties start in these slots; capacity is how many parties you can serve in a slot on one day.</p>
        {errors.slots && (
          <p role="alert" className="error">
            {errors.slots}
          </p>
        )}
        <ul className="slot-list" aria-label="Time slots">
          {draft.slots.map((slot, index) => {
            const slotError = (field: 'name' | 'start' | 'capacity') => errors[`slots.${index}.${field}` as BusinessSetupField]
            return (
            <li key={index} className="form-grid slot-row" data-testid={`slot-${index}`}>
              <Field label="Slot name" error={slotError('name')}>
                <input name={`slot-${index}-name`} value={slot.name} onChange={changeSlot(index, 'name')} placeholder="Dinner" aria-invalid={slotError('name') ? true : undefined} />
              </Field>
              <Field label="Starts at" error={slotError('start')}>
                <input name={`slot-${index}-start`} type="time" value={slot.start} onChange={changeSlot(index, 'start')} aria-invalid={slotError('start') ? true : undefined} />
              </Field>
              <Field label="Parties at once" error={slotError('capacity')}>
                <input
                  name={`slot-${index}-capacity`}
                  inputMode="numeric"
                  value={slot.capacity}
                  onChange={changeSlot(index, 'capacity')}
                  aria-invalid={slotError('capacity') ? true : undefined}
                />
              </Field>
              {draft.slots.length > 1 && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove slot ${slot.name || index + 1}`}
                  onClick={() => setDraft((current) => ({ ...current, slots: current.slots.filter((_, at) => at !== index) }))}
                >
                  Remove
                </button>
              )}
            </li>
            )
          })}
        </ul>
        {draft.slots.length < 12 && (
          <button type="button" onClick={() => setDraft((current) => ({ ...current, slots: [...current.slots, { name: '', start: '', capacity: '' }] }))}>
            Add a time slot
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>Reviews</legend>
        {input('reviewUrl', 'Review link sent after a party (optional)', { inputMode: 'url', placeholder: 'https://…', spellCheck: false })}
      </fieldset>
      <QuotePreview draft={draft} />
      {checked && !validation.ok && (
        <p role="alert" className="error" data-testid="business-errors">
          {Object.keys(validation.errors).length === 1 ? 'One field needs' : `${Object.keys(validation.errors).length} fields need`} a fix before saving.
        </p>
      )}
      {saveError && (
        <p role="alert" className="error">
          {saveError}
        </p>
      )}
    </EditorForm>
  )
}

/** A live quote for a sample party the owner can change, under the rules being typed. */
function QuotePreview({ draft }: { draft: BusinessSetupDraft }) {
  const [party, setParty] = useState<SampleParty>(defaultSample)
  const preview = previewQuote(draft, party)
  const number = (field: keyof SampleParty, label: string) => (
    <label>
      {label}
      <input
        type="number"
        min={0}
        max={field === 'miles' ? 1000 : 500}
        value={party[field]}
        onChange={(event) => setParty((current) => ({ ...current, [field]: Math.max(0, Math.min(Number(event.target.value) || 0, field === 'miles' ? 1000 : 500)) }))}
      />
    </label>
  )
  return (
    <section className="quote-preview" aria-labelledby="quote-preview-title">
      <h3 id="quote-preview-title">What a customer would be quoted</h3>
      <div className="form-grid sample-party">
        {number('adults', 'Adults')}
        {number('kids', 'Children')}
        {number('miles', 'Miles from your base')}
      </div>
      <p data-testid="quote-preview" aria-live="polite">
        {'missing' in preview
          ? 'Enter the prices, minimum, deposit and travel rules to see a quote.'
          : preview.quote.declined
            ? `${preview.quote.distanceMiles} miles is beyond the service area: the customer is offered a call instead of a price.`
            : `${party.adults} adults and ${party.kids} children, ${party.miles} miles away: food ${formatCents(preview.quote.subtotalCents)}` +
              `${preview.quote.reason?.includes('minimum') ? ' (party minimum)' : ''}, travel ${formatCents(preview.quote.travelFeeCents ?? 0)}, ` +
              `total ${formatCents(preview.quote.totalCents ?? 0)}; ${formatCents(preview.depositCents)} deposit holds the date.`}
      </p>
    </section>
  )
}
