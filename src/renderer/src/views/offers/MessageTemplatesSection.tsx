/**
 * The texts the relay sends on its own, edited by the owner: each template with the placeholders
 * it may use and a preview filled from a sample booking, plus quiet hours and the review link.
 * Unknown placeholders are refused before anything is saved; a save can be undone for ten seconds.
 */
import { addDays, format } from 'date-fns'
import { useState } from 'react'
import { create } from 'zustand'
import { defaultMessageTemplates, renderTemplate, templatePlaceholders, type TemplateBooking } from '../../../../domain/bookings/message-templates'
import { messageTemplateNames, type MessageTemplateName, type Settings } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'
import { UndoToast } from '../../components/UndoToast'
import { useSyncStore } from '../../stores/sync-store'
import { checkTemplatesDraft, draftOf, withTemplateFields, type DraftErrors, type TemplateFields, type TemplatesDraft } from './templates-draft'

const templateLabels: Record<MessageTemplateName, { label: string; when: string }> = {
  confirmation: { label: 'Booking confirmation', when: 'Sent when a booking is confirmed.' },
  depositLink: { label: 'Deposit link', when: 'Sent with the Stripe payment link when a booking is confirmed.' },
  depositReminder: { label: 'Deposit reminder', when: 'Sent 48 hours later if the deposit is still open.' },
  eventReminder: { label: 'Event reminder', when: 'Sent the day before the party, mid-morning.' },
  balanceReminder: { label: 'Balance reminder', when: 'Sent the day after the party if a balance is owed.' },
  reviewRequest: { label: 'Review request', when: 'Sent two days after the party once it is paid.' },
}

const placeholderHints: Record<(typeof templatePlaceholders)[number], string> = {
  name: "customer's first name",
  date: 'party date',
  time: 'start time',
  guests: 'number of guests',
  total: 'total price',
  deposit: 'deposit',
  balance: 'balance still owed',
  link: 'deposit payment link',
  business: 'business name',
  reviewUrl: 'review link below',
}

/** The fields as they were before the last save, undoable for ten seconds. */
const useTemplateUndoStore = create<{ before: TemplateFields | null; set(before: TemplateFields | null): void }>((set) => ({
  before: null,
  set: (before) => set({ before }),
}))

export function MessageTemplatesSection({ settings }: { settings: Settings }) {
  const save = useSyncStore((state) => state.save)
  const setBefore = useTemplateUndoStore((state) => state.set)
  // The form restarts from the stored values whenever they change (a save here, or another device's).
  const version = JSON.stringify([settings.messageTemplates, settings.quietHours, settings.reviewUrl])
  return (
    <>
      <TemplatesForm
        key={version}
        settings={settings}
        onSave={async (fields) => {
          setBefore({ messageTemplates: settings.messageTemplates, quietHours: settings.quietHours, reviewUrl: settings.reviewUrl })
          await save('settings', withTemplateFields(settings, fields))
        }}
      />
      <UndoTemplates settings={settings} />
    </>
  )
}

function TemplatesForm({ settings, onSave }: { settings: Settings; onSave(fields: Required<TemplateFields>): Promise<void> }) {
  const [draft, setDraft] = useState<TemplatesDraft>(() => draftOf(settings))
  const [errors, setErrors] = useState<DraftErrors>({})
  const [saveError, setSaveError] = useState<string | null>(null)
  const sample = sampleBooking()
  const reviewUrl = draft.reviewUrl.trim()

  return (
    <EditorForm
      title="Automatic texts"
      heading="h3"
      className="templates-form"
      submitLabel="Save texts"
      onCancel={() => {
        setDraft(draftOf(settings))
        setErrors({})
      }}
      onSubmit={() => {
        setSaveError(null)
        const checked = checkTemplatesDraft(draft)
        if (!checked.ok) {
          setErrors(checked.errors)
          return
        }
        setErrors({})
        onSave(checked.fields).catch((cause: Error) => setSaveError(`The texts could not be saved: ${cause.message}`))
      }}
    >
      <p className="hint">
        Placeholders filled per booking:{' '}
        {templatePlaceholders.map((name) => (
          <span key={name} className="placeholder-chip" title={placeholderHints[name]}>
            <code>{`{${name}}`}</code> {placeholderHints[name]}
          </span>
        ))}
      </p>
      {messageTemplateNames.map((name) => {
        const preview = renderTemplate(draft.templates[name], sample, { businessName: settings.businessName, reviewUrl }, { link: 'https://pay.example/deposit' })
        return (
          <div key={name} className="template-editor" data-testid={`template-${name}`}>
            <Field label={templateLabels[name].label} error={errors[name]}>
              <textarea
                rows={3}
                value={draft.templates[name]}
                aria-invalid={errors[name] ? true : undefined}
                onChange={(event) => setDraft({ ...draft, templates: { ...draft.templates, [name]: event.target.value } })}
              />
            </Field>
            <div className="hint">
              {templateLabels[name].when}{' '}
              {draft.templates[name] !== defaultMessageTemplates[name] && (
                <button type="button" className="link-button" onClick={() => setDraft({ ...draft, templates: { ...draft.templates, [name]: defaultMessageTemplates[name] } })}>
                  Restore default
                </button>
              )}
            </div>
            <p className="template-preview" data-testid={`template-preview-${name}`}>
              <span className="hint">Preview: </span>
              {preview.text}
              {preview.missingValues.includes('reviewUrl') && <span className="error"> Set the review link below, or the placeholder is sent as typed.</span>}
            </p>
          </div>
        )
      })}
      <fieldset className="quiet-hours">
        <legend>Quiet hours (no automatic texts, local time)</legend>
        <Field label="From" error={errors.quietStart}>
          <input type="time" value={draft.quietStart} onChange={(event) => setDraft({ ...draft, quietStart: event.target.value })} />
        </Field>
        <Field label="Until" error={errors.quietEnd}>
          <input type="time" value={draft.quietEnd} onChange={(event) => setDraft({ ...draft, quietEnd: event.target.value })} />
        </Field>
      </fieldset>
      <Field label="Review link" error={errors.reviewUrl}>
        <input type="url" placeholder="https://g.page/r/…" value={draft.reviewUrl} onChange={(event) => setDraft({ ...draft, reviewUrl: event.target.value })} />
      </Field>
      {saveError && (
        <p className="error" role="alert">
          {saveError}
        </p>
      )}
    </EditorForm>
  )
}

function UndoTemplates({ settings }: { settings: Settings }) {
  const save = useSyncStore((state) => state.save)
  const { before, set } = useTemplateUndoStore()
  if (!before) return null
  return (
    <UndoToast
      message="Saved the automatic texts."
      onUndo={() => {
        set(null)
        void save('settings', withTemplateFields(settings, before))
      }}
      onExpire={() => set(null)}
    />
  )
}

/** A booking two weeks out, to preview the texts with. */
function sampleBooking(): TemplateBooking {
  return {
    customerName: 'Maria Lopez',
    eventDate: format(addDays(new Date(), 14), 'yyyy-MM-dd'),
    eventTime: '17:30',
    adults: 12,
    kids: 3,
    totalCents: 75000,
    depositCents: 10000,
    paidCents: 10000,
  }
}
