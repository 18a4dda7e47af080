import { describe, expect, it } from 'vitest'
import { validateExtensionDraft, type ExtensionDraft } from './extension-draft'
import type { Extension } from './schemas/extensions'

const base = { id: 'ext_new', updatedAt: '2026-11-22T00:00:00.000Z', status: 'available' as const, ringCentralExtensionId: null }
const draft: ExtensionDraft = {
  extensionNumber: '104', employeeName: '  Jo Park ', role: 'frontdesk', alertPhone: '(510) 555-0111', isPrimary: false,
  workingHours: [{ weekday: 5, start: '18:00', end: '02:00' }, { weekday: 1, start: '09:00', end: '17:00' }],
}
const existing = [{ ...base, id: 'ext_101', extensionNumber: '101', employeeName: 'Kenji', role: 'owner', workingHours: [], isPrimary: true, alertPhone: null } satisfies Extension]

describe('extension drafts', () => {
  it('turns a valid draft into an extension with E.164 phone and sorted hours', () => {
    const result = validateExtensionDraft(draft, existing, base)
    expect(result).toEqual({
      ok: true,
      extension: {
        ...base, extensionNumber: '104', employeeName: 'Jo Park', role: 'frontdesk', alertPhone: '+15105550111', isPrimary: false,
        workingHours: [{ weekday: 1, start: '09:00', end: '17:00' }, { weekday: 5, start: '18:00', end: '02:00' }],
      },
    })
  })

  it('says what to fix, field by field', () => {
    const result = validateExtensionDraft(
      { ...draft, extensionNumber: '101', employeeName: ' ', alertPhone: 'call me', workingHours: [{ weekday: 2, start: '09:00', end: '09:00' }] },
      existing,
      base,
    )
    expect(result).toEqual({
      ok: false,
      errors: {
        extensionNumber: 'Extension 101 already exists.',
        employeeName: 'Enter the name of the person who answers this extension.',
        alertPhone: 'That does not look like a phone number; try (510) 555-0111.',
        workingHours: expect.stringContaining('start and an end time that differ'),
      },
    })
  })

  it('lets an extension keep its own number when edited', () => {
    const result = validateExtensionDraft({ ...draft, extensionNumber: '101' }, existing, { ...base, id: 'ext_101' })
    expect(result.ok).toBe(true)
  })
})
