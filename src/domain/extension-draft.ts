/**
 * What the owner types when adding or editing an extension, checked and turned into an
 * Extension document. Field-level messages say what to fix. Escalations try one person first
 * (the primary extension): exactly one extension is primary, and choosing another moves it.
 */
import { formatClock } from './bookings/message-templates'
import { formatPhoneNumber, toE164 } from './phone-number'
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
    // As the table shows it and people type it; saved back as E.164.
    alertPhone: extension.alertPhone ? formatPhoneNumber(extension.alertPhone) : '',
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
  const otherPrimary = others.some((other) => other.id !== base.id && other.isPrimary)
  const wasPrimary = others.some((other) => other.id === base.id && other.isPrimary)
  if (wasPrimary && !draft.isPrimary && !otherPrimary) {
    errors.isPrimary = 'Escalations need someone first. To change who, choose “First for escalations” on the person who should be.'
  }
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
      // The first extension is first for escalations: there is always exactly one.
      isPrimary: draft.isPrimary || !others.some((other) => other.id !== base.id && other.isPrimary),
      alertPhone,
    },
  }
}

/**
 * What saving `chosen` changes: `chosen` itself, and when it is (now) primary every other
 * extension that was primary, demoted, so one person stays first. `before` holds those
 * documents as they were, for undo.
 */
export function planPrimaryChange(extensions: readonly Extension[], chosen: Extension): { save: Extension[]; before: Extension[]; demoted: Extension[] } {
  const demoted = chosen.isPrimary ? extensions.filter((other) => other.id !== chosen.id && other.isPrimary) : []
  const previous = extensions.find((other) => other.id === chosen.id)
  return {
    save: [chosen, ...demoted.map((other) => ({ ...other, isPrimary: false }))],
    before: [...(previous ? [previous] : []), ...demoted],
    demoted,
  }
}

/** Why escalation routing has no single first person, or null when exactly one is primary. */
export function primaryProblem(extensions: readonly Extension[]): string | null {
  if (extensions.length === 0) return null
  const primaries = extensions.filter((extension) => extension.isPrimary)
  if (primaries.length === 1) return null
  if (primaries.length === 0) {
    return 'Nobody is first for escalations, so voicemail and alert texts go to whoever has the lowest extension number. Choose who should be first.'
  }
  const names = primaries.map((extension) => `${extension.employeeName} (${extension.extensionNumber})`)
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are all marked first for escalations. Choose one: the others are then tried in turn.`
}

/** Whether a working-hours range ends the next day (its end is not after its start). */
export function runsPastMidnight(range: Pick<WorkingHours, 'start' | 'end'>): boolean {
  return range.end <= range.start
}

const weekdayShort = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** `{weekday: 5, 18:00–02:00}` → "Fri 6:00 PM – 2:00 AM (next day)": one clock format in table and form. */
export function describeWorkingHours(range: WorkingHours): string {
  return `${weekdayShort[range.weekday]} ${formatClock(range.start)} – ${formatClock(range.end)}${runsPastMidnight(range) ? ' (next day)' : ''}`
}
