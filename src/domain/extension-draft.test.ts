import { describe, expect, it } from 'vitest'
import {
  describeWorkingHours,
  draftFromExtension,
  planPrimaryChange,
  primaryProblem,
  runsPastMidnight,
  validateExtensionDraft,
  type ExtensionDraft,
} from './extension-draft'
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
    const result = validateExtensionDraft({ ...draft, extensionNumber: '101', isPrimary: true }, existing, { ...base, id: 'ext_101' })
    expect(result.ok).toBe(true)
  })

  it('shows the alert phone in the form as the table shows it', () => {
    expect(draftFromExtension({ ...existing[0]!, alertPhone: '+15105550111' }).alertPhone).toBe('(510) 555-0111')
  })
})

describe('exactly one primary extension', () => {
  const maya: Extension = { ...existing[0]!, id: 'ext_102', extensionNumber: '102', employeeName: 'Maya', isPrimary: false }
  const team = [existing[0]!, maya]

  it('moves "first for escalations" to the chosen extension and remembers who had it, for undo', () => {
    const plan = planPrimaryChange(team, { ...maya, isPrimary: true })
    expect(plan.save.map((e) => [e.id, e.isPrimary])).toEqual([
      ['ext_102', true],
      ['ext_101', false],
    ])
    expect(plan.before).toEqual([maya, existing[0]])
    expect(plan.demoted.map((e) => e.employeeName)).toEqual(['Kenji'])
    // Saving the same primary again changes nobody else.
    expect(planPrimaryChange(team, existing[0]!).save).toEqual([existing[0]])
  })

  it('makes the first extension primary and refuses to leave nobody first', () => {
    const first = validateExtensionDraft(draft, [], base)
    expect(first.ok && first.extension.isPrimary).toBe(true)
    const unticked = validateExtensionDraft({ ...draft, extensionNumber: '101', isPrimary: false }, team, { ...base, id: 'ext_101' })
    expect(unticked).toEqual({ ok: false, errors: { isPrimary: expect.stringContaining('Escalations need someone first') } })
  })

  it('names the problem when nobody or several are first', () => {
    expect(primaryProblem(team)).toBeNull()
    expect(primaryProblem([])).toBeNull()
    expect(primaryProblem([maya])).toContain('Nobody is first for escalations')
    expect(primaryProblem([existing[0]!, { ...maya, isPrimary: true }])).toBe(
      'Kenji (101) and Maya (102) are all marked first for escalations. Choose one: the others are then tried in turn.',
    )
  })
})

describe('working hours as people read them', () => {
  it('uses one clock format and says when hours run past midnight', () => {
    expect(describeWorkingHours({ weekday: 1, start: '09:00', end: '17:00' })).toBe('Mon 9:00 AM – 5:00 PM')
    expect(describeWorkingHours({ weekday: 5, start: '18:00', end: '02:00' })).toBe('Fri 6:00 PM – 2:00 AM (next day)')
    expect(runsPastMidnight({ start: '22:00', end: '06:00' })).toBe(true)
    expect(runsPastMidnight({ start: '06:00', end: '22:00' })).toBe(false)
  })
})
