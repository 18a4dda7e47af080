import { useState } from 'react'
import { formatClock } from '../../../../domain/bookings/message-templates'
import { runsPastMidnight, validateExtensionDraft, type DraftErrors, type ExtensionDraft } from '../../../../domain/extension-draft'
import type { Extension, WorkingHours } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
export const roleLabels: Record<Extension['role'], string> = { owner: 'Owner', frontdesk: 'Front desk', chef: 'Chef' }

const emptyDraft: ExtensionDraft = { extensionNumber: '', employeeName: '', role: 'frontdesk', alertPhone: '', isPrimary: false, workingHours: [] }

interface ExtensionFormProps {
  /** The extension being edited, or null to add a new one. */
  editing: Extension | null
  initial?: ExtensionDraft
  others: readonly Extension[]
  onSave(extension: Extension): Promise<void>
  onCancel?(): void
}

/** Add or edit an extension: number, person, role, alert phone, escalation priority, hours. */
export function ExtensionForm({ editing, initial, others, onSave, onCancel }: ExtensionFormProps) {
  const [draft, setDraft] = useState<ExtensionDraft>(initial ?? emptyDraft)
  const [errors, setErrors] = useState<DraftErrors>({})
  const update = (change: Partial<ExtensionDraft>) => setDraft((current) => ({ ...current, ...change }))
  const title = editing ? `Edit extension ${editing.extensionNumber}` : 'Add an extension'
  // Who is first for escalations now, if not this extension: ticking the box moves it here.
  const currentPrimary = others.find((other) => other.isPrimary && other.id !== editing?.id) ?? null
  // With nobody else first, this one is (or stays) first: there is always exactly one.
  const mustBePrimary = currentPrimary === null

  const hoursFor = (weekday: number) => draft.workingHours.find((range) => range.weekday === weekday)
  const setHours = (weekday: number, range: Omit<WorkingHours, 'weekday'> | null) =>
    update({
      workingHours: [
        ...draft.workingHours.filter((existing) => existing.weekday !== weekday),
        ...(range ? [{ weekday, ...range }] : []),
      ],
    })

  const submit = async () => {
    const base = editing ?? {
      id: `ext_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`,
      updatedAt: new Date().toISOString(),
      status: 'available' as const,
      ringCentralExtensionId: null,
    }
    const result = validateExtensionDraft(draft, others, base)
    if (!result.ok) return setErrors(result.errors)
    setErrors({})
    await onSave(result.extension)
    if (!editing) setDraft(emptyDraft)
  }

  return (
    <EditorForm title={title} submitLabel={editing ? 'Save changes' : 'Add extension'} className="extension-form" onSubmit={() => void submit()} onCancel={onCancel}>
      <Field label="Extension number" error={errors.extensionNumber}>
        <input value={draft.extensionNumber} onChange={(e) => update({ extensionNumber: e.target.value.trim() })} inputMode="numeric" />
      </Field>
      <Field label="Employee name" error={errors.employeeName}>
        <input value={draft.employeeName} onChange={(e) => update({ employeeName: e.target.value })} maxLength={200} />
      </Field>
      <Field label="Role">
        <select value={draft.role} onChange={(e) => update({ role: e.target.value as Extension['role'] })}>
          {Object.entries(roleLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Phone for alerts (optional)" error={errors.alertPhone}>
        <input value={draft.alertPhone} onChange={(e) => update({ alertPhone: e.target.value })} inputMode="tel" placeholder="(510) 555-0111" />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={draft.isPrimary || mustBePrimary} disabled={mustBePrimary} onChange={(e) => update({ isPrimary: e.target.checked })} />
        First for escalations
      </label>
      <p className="hint" data-testid="primary-hint">
        {editing?.isPrimary && mustBePrimary
          ? 'First for escalations. To change who, use “Make primary” on the person who should be.'
          : mustBePrimary
            ? 'Nobody else is first for escalations, so saving makes this person first.'
            : draft.isPrimary
              ? `Saving moves this from ${currentPrimary.employeeName} (${currentPrimary.extensionNumber}): one person is first, the others are tried in turn.`
              : `${currentPrimary.employeeName} (${currentPrimary.extensionNumber}) is first for escalations now.`}
      </p>
      {errors.isPrimary && (
        <p role="alert" className="error">
          {errors.isPrimary}
        </p>
      )}
      <fieldset className="hours">
        <legend>Working hours</legend>
        <p className="hint">
          Escalations go only to people within their hours. No days ticked means any time.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => update({ workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) })}
          >
            Weekdays 9–5
          </button>
        </p>
        {weekdayNames.map((name, weekday) => {
          const range = hoursFor(weekday)
          return (
            <div className="hours-row" key={name}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={Boolean(range)}
                  onChange={(e) => setHours(weekday, e.target.checked ? { start: '09:00', end: '17:00' } : null)}
                />
                {name}
              </label>
              {range && (
                <>
                  <input type="time" aria-label={`${name} start`} value={range.start} onChange={(e) => setHours(weekday, { ...range, start: e.target.value })} />
                  <span>to</span>
                  <input type="time" aria-label={`${name} end`} value={range.end} onChange={(e) => setHours(weekday, { ...range, end: e.target.value })} />
                  {range.start !== range.end && runsPastMidnight(range) && (
                    <span className="hint overnight" data-testid={`overnight-${weekday}`}>
                      runs past midnight, until {formatClock(range.end)} on {weekdayNames[(weekday + 1) % 7]}
                    </span>
                  )}
                </>
              )}
            </div>
          )
        })}
        {errors.workingHours && (
          <p role="alert" className="error">
            {errors.workingHours}
          </p>
        )}
      </fieldset>
    </EditorForm>
  )
}

