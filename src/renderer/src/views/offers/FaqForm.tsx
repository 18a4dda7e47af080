import { useState } from 'react'
import { validateFaqDraft, type FaqDraft, type FaqDraftErrors } from '../../../../domain/knowledge/offer-drafts'
import type { Settings } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'

export type Faq = NonNullable<Settings['faqs']>[number]

const emptyDraft: FaqDraft = { question: '', answer: '', keywords: '' }

interface FaqFormProps {
  editing: boolean
  initial?: FaqDraft
  /** What the typed keywords share with the other answers, one sentence each. */
  clashesFor(keywords: string): string[]
  onSave(faq: Faq): Promise<void>
  onCancel?(): void
}

/** Add or edit an answer the AI gives word for word when a message contains a keyword. */
export function FaqForm({ editing, initial, clashesFor, onSave, onCancel }: FaqFormProps) {
  const [draft, setDraft] = useState<FaqDraft>(initial ?? emptyDraft)
  const [errors, setErrors] = useState<FaqDraftErrors>({})
  const update = (change: Partial<FaqDraft>) => setDraft((current) => ({ ...current, ...change }))
  const title = editing ? 'Edit answer' : 'Add an answer'

  const submit = async () => {
    const result = validateFaqDraft(draft)
    if (!result.ok) return setErrors(result.errors)
    setErrors({})
    await onSave(result.faq)
    if (!editing) setDraft(emptyDraft)
  }

  return (
    <EditorForm title={title} submitLabel={editing ? 'Save answer' : 'Add answer'} className="offers-form" onSubmit={() => void submit()} onCancel={onCancel} heading="h3">
      <Field label="Question" error={errors.question}>
        <input value={draft.question} onChange={(e) => update({ question: e.target.value })} maxLength={300} placeholder="Where should the chef park?" />
      </Field>
      <Field label="Answer" error={errors.answer}>
        <textarea value={draft.answer} onChange={(e) => update({ answer: e.target.value })} maxLength={2000} rows={3} />
      </Field>
      <Field label="Keywords (comma-separated)" error={errors.keywords}>
        <input value={draft.keywords} onChange={(e) => update({ keywords: e.target.value })} placeholder="parking, park" />
      </Field>
      {/* A warning, not a refusal: two answers to one word can be intended. */}
      {clashesFor(draft.keywords).map((clash) => (
        <p key={clash} className="warning" role="status" data-testid="faq-form-clash">
          {clash}
        </p>
      ))}
    </EditorForm>
  )
}
