import { useState } from 'react'
import { validatePackageDraft, type PackageDraft, type PackageDraftErrors } from '../../../../domain/knowledge/offer-drafts'
import type { Package } from '../../../../domain/schemas'
import { EditorForm } from '../../components/EditorForm'
import { Field } from '../../components/Field'

const emptyDraft: PackageDraft = { name: '', description: '', adultPrice: '', childPrice: '', validFrom: '', validTo: '', active: true }

interface PackageFormProps {
  /** The package being edited, or null to add a new one. */
  editing: Package | null
  initial?: PackageDraft
  onSave(offer: Package): Promise<void>
  onCancel?(): void
}

/** Add or edit a seasonal package: name, prices in dollars, validity window. */
export function PackageForm({ editing, initial, onSave, onCancel }: PackageFormProps) {
  const [draft, setDraft] = useState<PackageDraft>(initial ?? emptyDraft)
  const [errors, setErrors] = useState<PackageDraftErrors>({})
  const update = (change: Partial<PackageDraft>) => setDraft((current) => ({ ...current, ...change }))
  const title = editing ? `Edit package ${editing.name}` : 'Add a package'

  const submit = async () => {
    const base = editing ?? { id: `pkg_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, updatedAt: new Date().toISOString() }
    const result = validatePackageDraft(draft, base)
    if (!result.ok) return setErrors(result.errors)
    setErrors({})
    await onSave(result.package)
    if (!editing) setDraft(emptyDraft)
  }

  return (
    <EditorForm title={title} submitLabel={editing ? 'Save package' : 'Add package'} className="offers-form" onSubmit={() => void submit()} onCancel={onCancel} heading="h3">
      <Field label="Package name" error={errors.name}>
        <input value={draft.name} onChange={(e) => update({ name: e.target.value })} maxLength={200} />
      </Field>
      <Field label="Description" error={errors.description}>
        <textarea value={draft.description} onChange={(e) => update({ description: e.target.value })} maxLength={2000} rows={2} />
      </Field>
      <div className="offers-form-row">
        <Field label="Price per adult ($)" error={errors.adultPrice}>
          <input value={draft.adultPrice} onChange={(e) => update({ adultPrice: e.target.value })} inputMode="decimal" placeholder="65" />
        </Field>
        <Field label="Price per child ($)" error={errors.childPrice}>
          <input value={draft.childPrice} onChange={(e) => update({ childPrice: e.target.value })} inputMode="decimal" placeholder="35" />
        </Field>
      </div>
      <div className="offers-form-row">
        <Field label="First day" error={errors.validFrom}>
          <input type="date" value={draft.validFrom} onChange={(e) => update({ validFrom: e.target.value })} />
        </Field>
        <Field label="Last day (empty: no end)" error={errors.validTo}>
          <input type="date" value={draft.validTo} onChange={(e) => update({ validTo: e.target.value })} />
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={draft.active} onChange={(e) => update({ active: e.target.checked })} />
        Offer this package (untick to pause it)
      </label>
    </EditorForm>
  )
}
