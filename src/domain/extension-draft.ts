/**
 * What the owner types when adding or editing an extension, checked and turned into an
 * Extension document. Field-level messages say what to fix.
 */
import { toE164 } from './phone-number'
import type { Extension, WorkingHours } from './schemas/extensions'

export interface ExtensionDraft {
  extensionNumber: string
  employeeName: string
  role: Extension['role']
  alertPhone: string
  isPrimary: boolean
  /** One entry per weekday (0 = Sunday) the person works, with `HH:MM` times. */
  workingHours: WorkingHours[]
}

export type DraftErrors = Partial<Record<keyof ExtensionDraft, string>>

const clock = /^([01]\d|2[0-3]):[0-5]\d$/

export function draftFromExtension(extension: Extension): ExtensionDraft {
  return {
    extensionNumber: extension.extensionNumber,
    employeeName: extension.employeeName,
    role: extension.role,
    alertPhone: extension.alertPhone ?? '',
    isPrimary: extension.isPrimary,
    workingHours: extension.workingHours,
  }
}

/**
 * Checks a draft against the other extensions. `base` is the extension being edited (its id,
 * status and RingCentral link are kept), or the id and defaults for a new one.
 */
export function validateExtensionDraft(
  draft: ExtensionDraft,
  others: readonly Extension[],
  base: Pick<Extension, 'id' | 'updatedAt' | 'status' | 'ringCentralExtensionId'>,
): { ok: true; extension: Extension } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {}
  const extensionNumber = draft.extensionNumber.trim()
  if (!/^\d{1,8}$/.test(extensionNumber)) errors.extensionNumber = 'Use 1 to 8 digits, like 101.'
  else if (others.some((other) => other.id !== base.id && other.extensionNumber === extensionNumber)) {
    errors.extensionNumber = `Extension ${extensionNumber} already exists.`
  }
  const employeeName = draft.employeeName.trim()
  if (employeeName === '') errors.employeeName = 'Enter the name of the person who answers this extension.'
  let alertPhone: string | null = null
  if (draft.alertPhone.trim() !== '') {
    alertPhone = toE164(draft.alertPhone)
    if (!alertPhone) errors.alertPhone = 'That does not look like a phone number; try (510) 555-0111.'
  }
  const badHours = draft.workingHours.find(
    (range) => !clock.test(range.start) || !clock.test(range.end) || range.start === range.end,
  )
  if (badHours) errors.workingHours = 'Each working day needs a start and an end time that differ (an end before the start runs past midnight).'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    extension: {
      id: base.id,
      updatedAt: base.updatedAt,
      extensionNumber,
      ringCentralExtensionId: base.ringCentralExtensionId,
      employeeName,
      role: draft.role,
      status: base.status,
      workingHours: [...draft.workingHours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
      isPrimary: draft.isPrimary,
      alertPhone,
    },
  }
}
