/**
 * "Create customer" for a number with no record (or "Add name" for the nameless record texting
 * created): a small dialog whose number comes from the call, not from typing. The console only
 * stores the customer; the relay links the call and the thread with that number to it.
 * Enter saves, Esc cancels.
 */
import { useEffect, useRef, useState } from 'react'
import { customerFromDraft, type CustomerDraft, type CustomerDraftErrors } from '../../../domain/customers/customer-draft'
import { formatPhoneNumber } from '../../../domain/phone-number'
import type { Customer } from '../../../domain/schemas'
import { useSyncStore } from '../stores/sync-store'
import { Field } from './Field'

interface CustomerRecordButtonProps {
  /** The caller's number, E.164. */
  phone: string
  /** Their record when it exists without a name. */
  existing: Customer | null
  /** A name to start from (their booking's), or empty. */
  suggestedName: string
}

export function CustomerRecordButton({ phone, existing, suggestedName }: CustomerRecordButtonProps) {
  const [open, setOpen] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  return (
    <>
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {existing ? 'Add name' : 'Create customer'}
      </button>
      {saved && (
        <span className="hint" role="status">
          {saved}
        </span>
      )}
      {open && (
        <CustomerDialog
          phone={phone}
          existing={existing}
          suggestedName={suggestedName}
          onClose={(message) => {
            setOpen(false)
            if (message) setSaved(message)
          }}
        />
      )}
    </>
  )
}

function CustomerDialog({ phone, existing, suggestedName, onClose }: CustomerRecordButtonProps & { onClose(saved: string | null): void }) {
  const save = useSyncStore((state) => state.save)
  const [draft, setDraft] = useState<CustomerDraft>({ name: suggestedName, email: existing?.email ?? '', notes: existing?.notes ?? '' })
  const [errors, setErrors] = useState<CustomerDraftErrors>({})
  const [saveError, setSaveError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const nameBox = useRef<HTMLInputElement>(null)
  const title = existing ? 'Name this customer' : 'Create customer'

  useEffect(() => nameBox.current?.focus(), [])

  async function submit() {
    if (busy) return
    const now = new Date().toISOString()
    const result = customerFromDraft(draft, { phone, existing, id: `cust_${crypto.randomUUID()}`, now })
    if (!result.ok) {
      setErrors(result.errors)
      return
    }
    setErrors({})
    setBusy(true)
    try {
      await save('customers', result.customer)
      onClose(`Saved ${result.customer.name} as a customer.`)
    } catch (cause) {
      setSaveError(`The customer could not be saved: ${(cause as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  const update = (field: keyof CustomerDraft) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }))

  return (
    <div className="modal-backdrop">
      <div className="modal customer-dialog" role="dialog" aria-modal="true" aria-labelledby="customer-dialog-title">
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              onClose(null)
            }
          }}
        >
          <h2 id="customer-dialog-title">{title}</h2>
          <p className="hint">
            For {formatPhoneNumber(phone)}. Calls and texts from this number are linked to the customer.
          </p>
          <Field label="Name" error={errors.name}>
            <input ref={nameBox} value={draft.name} onChange={update('name')} maxLength={200} autoComplete="off" aria-invalid={errors.name ? true : undefined} />
          </Field>
          <Field label="Email (optional)" error={errors.email}>
            <input type="email" value={draft.email} onChange={update('email')} maxLength={254} />
          </Field>
          <Field label="Notes (optional)" error={errors.notes}>
            <textarea rows={2} value={draft.notes} onChange={update('notes')} maxLength={5000} />
          </Field>
          {saveError && (
            <p className="error" role="alert">
              {saveError}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {existing ? 'Save name' : 'Create customer'}
            </button>
            <button type="button" onClick={() => onClose(null)}>
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
