import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { planTextBack } from './missed-call-text-back'

const settings = demoBusinessProfile('2026-11-01T00:00:00.000Z') // quiet 21:00–08:00 in Los Angeles
const now = new Date('2026-11-22T00:00:00.000Z')
const free = { optedOut: false, textedToday: false, now }

describe('planTextBack', () => {
  it('texts a missed caller at once during the day, with the business name', () => {
    const plan = planTextBack({ from: '+14085550199', at: '2026-11-22T19:00:00.000Z' }, settings, free) // 11:00 local
    expect(plan).toEqual({
      action: 'text',
      businessDay: '2026-11-22',
      dueAt: '2026-11-22T19:00:00.000Z',
      text: 'Hibachi at Home Bay Area: Sorry we missed you, how can we help? Reply here for a quote.',
    })
  })

  it('waits for the end of quiet hours: a call at 22:30 is texted at 08:00 the next morning', () => {
    const plan = planTextBack({ from: '+14085550199', at: '2026-11-23T06:30:00.000Z' }, settings, free) // 22:30 on the 22nd
    expect(plan).toMatchObject({ action: 'text', businessDay: '2026-11-22', dueAt: '2026-11-23T16:00:00.000Z' })
  })

  it('counts days in the business time zone: 23:30 and 00:30 local are two days', () => {
    const late = planTextBack({ from: '+14085550199', at: '2026-11-23T07:30:00.000Z' }, settings, free)
    const early = planTextBack({ from: '+14085550199', at: '2026-11-23T08:30:00.000Z' }, settings, free)
    expect(late).toMatchObject({ businessDay: '2026-11-22' })
    expect(early).toMatchObject({ businessDay: '2026-11-23' })
  })

  it('texts a call heard of late when it is heard of', () => {
    const plan = planTextBack({ from: '+14085550199', at: '2026-11-22T19:00:00.000Z' }, settings, { ...free, now: new Date('2026-11-22T20:00:00.000Z') })
    expect(plan).toMatchObject({ action: 'text', dueAt: '2026-11-22T20:00:00.000Z' })
  })

  it('never texts a number that opted out, twice in a day, or a hidden number', () => {
    expect(planTextBack({ from: '+14085550199', at: '2026-11-22T19:00:00.000Z' }, settings, { optedOut: true, textedToday: false, now })).toMatchObject({ action: 'skip', reason: expect.stringMatching(/opted out/) })
    expect(planTextBack({ from: '+14085550199', at: '2026-11-22T19:00:00.000Z' }, settings, { optedOut: false, textedToday: true, now })).toMatchObject({ action: 'skip', reason: expect.stringMatching(/already/) })
    expect(planTextBack({ from: null, at: '2026-11-22T19:00:00.000Z' }, settings, free)).toMatchObject({ action: 'skip' })
    expect(planTextBack({ from: 'anonymous', at: '2026-11-22T19:00:00.000Z' }, settings, free)).toMatchObject({ action: 'skip' })
  })
})
