import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Extension } from '../schemas/extensions'
import { isWithinWorkingHours, routeEscalation, rotationOrder } from './escalation-routing'
import { businessTime } from './business-clock'

const timeZone = 'America/Los_Angeles'
const weekdays9to5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }))
// Tuesday 2026-11-24 10:30 in Fremont (UTC−8 in November).
const tuesdayMorning = new Date('2026-11-24T18:30:00.000Z')
const sundayMorning = new Date('2026-11-22T18:30:00.000Z')

function extension(id: string, extensionNumber: string, overrides: Partial<Extension> = {}): Extension {
  return {
    id, updatedAt: '2026-11-22T00:00:00.000Z', extensionNumber, ringCentralExtensionId: null, employeeName: `Person ${extensionNumber}`,
    role: 'frontdesk', status: 'available', workingHours: weekdays9to5, isPrimary: false, alertPhone: null, ...overrides,
  }
}

const kenji = extension('ext_kenji', '101', { employeeName: 'Kenji Sato', isPrimary: true, role: 'owner', alertPhone: '+15105550111' })
const maya = extension('ext_maya', '102', { employeeName: 'Maya Chen' })
const ana = extension('ext_ana', '103', { employeeName: 'Ana Ruiz' })

describe('business clock', () => {
  it('reads weekday and time in the business time zone, across daylight saving', () => {
    expect(businessTime(tuesdayMorning, timeZone)).toEqual({ weekday: 2, minutes: 10 * 60 + 30 })
    // 2026-07-07 17:30 UTC is 10:30 PDT (UTC−7).
    expect(businessTime(new Date('2026-07-07T17:30:00.000Z'), timeZone)).toEqual({ weekday: 2, minutes: 10 * 60 + 30 })
  })
})

describe('working hours', () => {
  it('counts the start minute in and the end minute out', () => {
    expect(isWithinWorkingHours(weekdays9to5, { weekday: 1, minutes: 9 * 60 })).toBe(true)
    expect(isWithinWorkingHours(weekdays9to5, { weekday: 1, minutes: 17 * 60 })).toBe(false)
    expect(isWithinWorkingHours(weekdays9to5, { weekday: 0, minutes: 12 * 60 })).toBe(false)
  })

  it('handles a shift that runs past midnight', () => {
    const lateShift = [{ weekday: 5, start: '18:00', end: '02:00' }]
    expect(isWithinWorkingHours(lateShift, { weekday: 5, minutes: 23 * 60 })).toBe(true)
    expect(isWithinWorkingHours(lateShift, { weekday: 6, minutes: 60 })).toBe(true)
    expect(isWithinWorkingHours(lateShift, { weekday: 6, minutes: 3 * 60 })).toBe(false)
    expect(isWithinWorkingHours(lateShift, { weekday: 5, minutes: 60 })).toBe(false)
  })

  it('treats an extension with no schedule as working whenever it is available', () => {
    expect(isWithinWorkingHours([], { weekday: 0, minutes: 3 * 60 })).toBe(true)
  })
})

describe('escalation routing', () => {
  it('sends the first escalation to the primary extension', () => {
    const decision = routeEscalation({ extensions: [ana, maya, kenji], now: tuesdayMorning, timeZone, lastAssignedExtensionId: null })
    expect(decision).toMatchObject({ kind: 'transfer', extension: { id: 'ext_kenji' }, eligibleExtensionIds: ['ext_kenji', 'ext_maya', 'ext_ana'] })
    expect(decision.reason).toContain('primary extension')
  })

  it('rotates through everyone available, then wraps to the primary', () => {
    const extensions = [kenji, maya, ana]
    const sequence: string[] = []
    let last: string | null = null
    for (let i = 0; i < 6; i++) {
      const decision = routeEscalation({ extensions, now: tuesdayMorning, timeZone, lastAssignedExtensionId: last })
      if (decision.kind !== 'transfer') throw new Error('expected a transfer')
      sequence.push(decision.extension.extensionNumber)
      last = decision.extension.id
    }
    expect(sequence).toEqual(['101', '102', '103', '101', '102', '103'])
  })

  it('skips people who are busy, offline or off shift', () => {
    const extensions = [{ ...kenji, status: 'busy' as const }, { ...maya, workingHours: [{ weekday: 2, start: '13:00', end: '17:00' }] }, ana]
    const decision = routeEscalation({ extensions, now: tuesdayMorning, timeZone, lastAssignedExtensionId: null })
    expect(decision).toMatchObject({ kind: 'transfer', extension: { id: 'ext_ana' }, eligibleExtensionIds: ['ext_ana'] })
  })

  it('goes to the primary’s voicemail and texts the primary when nobody can take it', () => {
    const decision = routeEscalation({ extensions: [kenji, maya, ana], now: sundayMorning, timeZone, lastAssignedExtensionId: null })
    expect(decision).toMatchObject({ kind: 'voicemail', mailbox: { id: 'ext_kenji' }, alert: { phone: '+15105550111', extension: { id: 'ext_kenji' } } })
    expect(decision.reason).toMatch(/no extension is available within its working hours; the caller goes to Kenji Sato's voicemail/)
  })

  it('still alerts someone when the primary has no alert phone, and says so when nobody does', () => {
    const withPhone = { ...maya, alertPhone: '+15105550122' }
    const decision = routeEscalation({ extensions: [{ ...kenji, alertPhone: null }, withPhone], now: sundayMorning, timeZone, lastAssignedExtensionId: null })
    expect(decision).toMatchObject({ kind: 'voicemail', mailbox: { id: 'ext_kenji' }, alert: { phone: '+15105550122' } })
    expect(routeEscalation({ extensions: [], now: sundayMorning, timeZone, lastAssignedExtensionId: null })).toMatchObject({
      kind: 'voicemail', mailbox: null, alert: null, reason: expect.stringContaining('no extensions are set up'),
    })
  })

  it('properties: only eligible people are chosen, and the rotation is fair', () => {
    const statusArb = fc.constantFrom('available' as const, 'busy' as const, 'offline' as const)
    const extensionsArb = fc.uniqueArray(fc.integer({ min: 100, max: 130 }), { minLength: 1, maxLength: 8 }).chain((numbers) =>
      fc.tuple(...numbers.map((n) => fc.record({ status: statusArb, isPrimary: fc.boolean(), allDay: fc.boolean() }).map((r) =>
        extension(`ext_${n}`, String(n), { status: r.status, isPrimary: r.isPrimary, workingHours: r.allDay ? [] : weekdays9to5 }),
      ))),
    )
    const nowArb = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })
    fc.assert(
      fc.property(extensionsArb, nowArb, (extensions, now) => {
        let last: string | null = null
        const counts = new Map<string, number>()
        const first = routeEscalation({ extensions, now, timeZone, lastAssignedExtensionId: null })
        if (first.kind === 'voicemail') {
          expect(extensions.every((e) => e.status !== 'available' || !isWithinWorkingHours(e.workingHours, businessTime(now, timeZone)))).toBe(true)
          return
        }
        const eligible = first.eligibleExtensionIds
        expect(first.extension.id).toBe(rotationOrder(extensions).find((e) => eligible.includes(e.id))!.id)
        for (let i = 0; i < eligible.length * 2; i++) {
          const decision = routeEscalation({ extensions, now, timeZone, lastAssignedExtensionId: last })
          if (decision.kind !== 'transfer') throw new Error('eligibility changed without a reason')
          expect(decision.extension.status).toBe('available')
          counts.set(decision.extension.id, (counts.get(decision.extension.id) ?? 0) + 1)
          last = decision.extension.id
        }
        // Two full rounds: everyone eligible took exactly two calls.
        expect([...counts.values()].every((count) => count === 2)).toBe(true)
        expect(counts.size).toBe(eligible.length)
      }),
    )
  })
})
