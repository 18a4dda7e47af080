/**
 * The texts customers receive, edited by the owner: the ones the relay sends on its own and the
 * quote staff text from a call. Each template with the placeholders it may use and a preview
 * filled from a sample booking (or quote), plus quiet hours and the review link. Unknown
 * placeholders are refused before anything is saved; a save can be undone for ten seconds.
 */
import { addDays, format } from 'date-fns'
import { useState } from 'react'
import { create } from 'zustand'
import {
  defaultMessageTemplates,
  formatClock,
  quotePlaceholders,
  renderQuoteTemplate,
  renderTemplate,
  templatePlaceholders,
  type QuoteTextInput,
  type TemplateBooking,
} from '../../../../domain/bookings/message-templates'
import { messageTemplateNames, staffTemplateNames, type EditableTemplateName, type Settings } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'
import { UndoToast } from '../../components/UndoToast'
import { useSyncStore } from '../../stores/sync-store'
import { checkTemplatesDraft, draftOf, withTemplateFields, type DraftErrors, type TemplateFields, type TemplatesDraft } from './templates-draft'

const templateLabels: Record<EditableTemplateName, { label: string; when: string }> = {
  confirmation: { label: 'Booking confirmation', when: 'Sent when a booking is confirmed.' },
  depositLink: { label: 'Deposit link', when: 'Sent with the Stripe payment link when a booking is confirmed.' },
  depositReminder: { label: 'Deposit reminder', when: 'Sent 48 hours later if the deposit is still open.' },
  eventReminder: { label: 'Event reminder', when: 'Sent the day before the party, mid-morning.' },
  balanceReminder: { label: 'Balance reminder', when: 'Sent the day after the party if a balance is owed.' },
  reviewRequest: { label: 'Review request', when: 'Sent two days after the party once it is paid.' },
  quote: { label: 'Quote', when: 'What a caller receives when staff text them the AI’s quote from Live (“Send as SMS”).' },
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

const quotePlaceholderHints: Record<(typeof quotePlaceholders)[number], string> = {
  name: "customer's first name",
  business: 'business name',
  party: 'adults and children',
  guests: 'number of guests',
  date: 'party date',
  time: 'start time',
  food: 'food price',
  travel: 'travel fee in words',
  total: 'total price',
  deposit: 'deposit',
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
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/
  const quietOvernight = clock.test(draft.quietStart) && clock.test(draft.quietEnd) && draft.quietEnd < draft.quietStart
  const setTemplate = (name: EditableTemplateName) => (text: string) => setDraft({ ...draft, templates: { ...draft.templates, [name]: text } })

  return (
    <EditorForm
      title="Texts to customers"
      showTitle={false}
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
      <TemplateGroup
        heading="Sent automatically"
        lead="Placeholders filled per booking:"
        placeholders={templatePlaceholders}
        hints={placeholderHints}
        names={messageTemplateNames}
        draft={draft}
        errors={errors}
        onChange={setTemplate}
        preview={(text) => renderTemplate(text, sample, { businessName: settings.businessName, reviewUrl }, { link: 'https://pay.example/deposit' })}
      />
      <fieldset className="quiet-hours">
        <legend>Quiet hours (no automatic texts, local time)</legend>
        <Field label="From" error={errors.quietStart}>
          <input type="time" value={draft.quietStart} onChange={(event) => setDraft({ ...draft, quietStart: event.target.value })} />
        </Field>
        <Field label="Until" error={errors.quietEnd}>
          <input type="time" value={draft.quietEnd} onChange={(event) => setDraft({ ...draft, quietEnd: event.target.value })} />
        </Field>
        {quietOvernight && (
          <p className="hint" data-testid="quiet-hours-overnight">
            Runs past midnight: from {formatClock(draft.quietStart)} until {formatClock(draft.quietEnd)} the next morning.
          </p>
        )}
      </fieldset>
      <Field label="Review link" error={errors.reviewUrl}>
        <input type="url" placeholder="https://g.page/r/…" value={draft.reviewUrl} onChange={(event) => setDraft({ ...draft, reviewUrl: event.target.value })} />
      </Field>
      <TemplateGroup
        heading="Sent by staff"
        lead="Placeholders filled from the quote:"
        placeholders={quotePlaceholders}
        hints={quotePlaceholderHints}
        names={staffTemplateNames}
        draft={draft}
        errors={errors}
        onChange={setTemplate}
        preview={(text) => renderQuoteTemplate(text, sampleQuote(), settings)}
      />
      {saveError && (
        <p className="error" role="alert">
          {saveError}
        </p>
      )}
    </EditorForm>
  )
}

interface TemplateGroupProps<P extends string> {
  heading: string
  lead: string
  placeholders: readonly P[]
  hints: Record<P, string>
  names: readonly EditableTemplateName[]
  draft: TemplatesDraft
  errors: DraftErrors
  onChange(name: EditableTemplateName): (text: string) => void
  preview(text: string): { text: string; missingValues: readonly string[] }
}

/** Templates that share their placeholders: a heading, the placeholders, then each template. */
function TemplateGroup<P extends string>({ heading, lead, placeholders, hints, names, draft, errors, onChange, preview }: TemplateGroupProps<P>) {
  return (
    <>
      <h3>{heading}</h3>
      <p className="hint">
        {lead}{' '}
        {placeholders.map((name) => (
          <span key={name} className="placeholder-chip" title={hints[name]}>
            <code>{`{${name}}`}</code> {hints[name]}
          </span>
        ))}
      </p>
      {names.map((name) => (
        <TemplateEditor key={name} name={name} text={draft.templates[name]} error={errors[name]} onChange={onChange(name)} preview={preview(draft.templates[name])} />
      ))}
    </>
  )
}

interface TemplateEditorProps {
  name: EditableTemplateName
  text: string
  error: string | undefined
  onChange(text: string): void
  preview: { text: string; missingValues: readonly string[] }
}

function TemplateEditor({ name, text, error, onChange, preview }: TemplateEditorProps) {
  return (
    <div className="template-editor" data-testid={`template-${name}`}>
      <Field label={templateLabels[name].label} error={error}>
        <textarea rows={3} value={text} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
      </Field>
      <div className="hint">
        {templateLabels[name].when}{' '}
        {text !== defaultMessageTemplates[name] && (
          <button type="button" className="link-button" onClick={() => onChange(defaultMessageTemplates[name])}>
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
}

function UndoTemplates({ settings }: { settings: Settings }) {
  const save = useSyncStore((state) => state.save)
  const { before, set } = useTemplateUndoStore()
  if (!before) return null
  return (
    <UndoToast
      message="Saved the texts to customers."
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

/** The same party as a quote from a call, with a travel fee, to preview the quote text with. */
function sampleQuote(): QuoteTextInput {
  return {
    customerName: 'Maria Lopez',
    draft: { adults: 12, kids: 3, eventDate: format(addDays(new Date(), 14), 'yyyy-MM-dd'), eventTime: '17:30', subtotalCents: 75_000, travelFeeCents: 2_000, totalCents: 77_000 },
  }
}
