import { describe, expect, it } from 'vitest'
import { addDays, decideDueJob, localInstant, planMessageJobs, shiftOutOfQuietHours, type ScheduleBooking } from './message-schedule'

const zone = 'America/Los_Angeles'
const booking: ScheduleBooking = {
  eventDate: '2026-12-12',
  totalCents: 165_000,
  depositCents: 10_000,
  paidCents: 0,
  quotedAt: '2026-11-20T17:00:00.000Z',
  confirmedAt: '2026-11-21T18:30:00.000Z',
  cancelledAt: null,
}

describe('planMessageJobs', () => {
  it('plans every text of a confirmed booking in the business’s local time', () => {
    expect(planMessageJobs(booking, zone)).toEqual([
      { kind: 'confirmation', dueAt: '2026-11-21T18:30:00.000Z' },
      { kind: 'depositLink', dueAt: '2026-11-21T18:30:00.000Z' },
      { kind: 'depositReminder', dueAt: '2026-11-23T18:30:00.000Z' },
      // 10:00 and 11:00 Pacific standard time (UTC−8).
      { kind: 'eventReminder', dueAt: '2026-12-11T18:00:00.000Z' },
      { kind: 'balanceReminder', dueAt: '2026-12-13T18:00:00.000Z' },
      { kind: 'reviewRequest', dueAt: '2026-12-14T19:00:00.000Z' },
    ])
  })

  it('plans nothing for a booking not confirmed or cancelled, and no deposit texts without a deposit', () => {
    expect(planMessageJobs({ ...booking, confirmedAt: null }, zone)).toEqual([])
    expect(planMessageJobs({ ...booking, cancelledAt: '2026-11-22T00:00:00.000Z' }, zone)).toEqual([])
    expect(planMessageJobs({ ...booking, depositCents: 0 }, zone).map((job) => job.kind)).toEqual([
      'confirmation',
      'eventReminder',
      'balanceReminder',
      'reviewRequest',
    ])
  })

  it('follows daylight saving: the day before a summer event is 10:00 PDT (UTC−7)', () => {
    const summer = planMessageJobs({ ...booking, eventDate: '2026-07-04' }, zone)
    expect(summer.find((job) => job.kind === 'eventReminder')?.dueAt).toBe('2026-07-03T17:00:00.000Z')
  })
})

describe('decideDueJob', () => {
  const now = new Date('2026-11-23T18:30:00.000Z')
  it('confirms a booking only within a day of its confirmation', () => {
    expect(decideDueJob('confirmation', booking, new Date('2026-11-22T18:30:00.000Z'), zone)).toEqual({ action: 'send' })
    expect(decideDueJob('confirmation', booking, new Date('2026-11-22T18:30:01.000Z'), zone)).toEqual({
      action: 'skip',
      reason: 'the booking was confirmed more than a day ago',
    })
  })

  it('sends the deposit reminder only while the deposit is unpaid', () => {
    expect(decideDueJob('depositReminder', booking, now, zone)).toEqual({ action: 'send' })
    expect(decideDueJob('depositReminder', { ...booking, paidCents: 10_000 }, now, zone)).toEqual({ action: 'skip', reason: 'the deposit is already paid' })
  })

  it('sends the balance reminder only while the balance is open', () => {
    const after = new Date('2026-12-13T18:00:00.000Z')
    expect(decideDueJob('balanceReminder', { ...booking, paidCents: 10_000 }, after, zone)).toEqual({ action: 'send' })
    expect(decideDueJob('balanceReminder', { ...booking, paidCents: 165_000 }, after, zone)).toMatchObject({ action: 'skip' })
  })

  it('asks for a review only once paid in full, waiting a day at a time and giving up after two weeks', () => {
    const due = new Date('2026-12-14T19:00:00.000Z')
    expect(decideDueJob('reviewRequest', { ...booking, paidCents: 165_000 }, due, zone)).toEqual({ action: 'send' })
    expect(decideDueJob('reviewRequest', { ...booking, paidCents: 10_000 }, due, zone)).toEqual({
      action: 'wait',
      until: '2026-12-15T19:00:00.000Z',
      reason: 'waiting for the balance to be paid',
    })
    expect(decideDueJob('reviewRequest', { ...booking, paidCents: 10_000 }, new Date('2026-12-28T19:00:00.000Z'), zone)).toMatchObject({ action: 'skip' })
  })

  it('sends nothing for a cancelled booking and no reminder for an event that is over', () => {
    const cancelled = { ...booking, cancelledAt: '2026-11-22T00:00:00.000Z' }
    for (const kind of ['confirmation', 'depositReminder', 'eventReminder', 'balanceReminder', 'reviewRequest'] as const) {
      expect(decideDueJob(kind, cancelled, now, zone)).toEqual({ action: 'skip', reason: 'the booking was cancelled' })
    }
    expect(decideDueJob('eventReminder', booking, new Date('2026-12-11T18:00:00.000Z'), zone)).toEqual({ action: 'send' })
    // "See you tomorrow" on the day itself would be wrong.
    expect(decideDueJob('eventReminder', booking, new Date('2026-12-12T18:00:00.000Z'), zone)).toEqual({ action: 'skip', reason: 'the event is today or over' })
    expect(decideDueJob('eventReminder', booking, new Date('2026-12-13T18:00:00.000Z'), zone)).toMatchObject({ action: 'skip' })
  })
})

describe('shiftOutOfQuietHours', () => {
  const quiet = { start: '21:00', end: '08:00' }
  it('moves a late-evening instant to 08:00 the next local morning', () => {
    // 22:30 Pacific on Nov 21 = 06:30Z on Nov 22.
    expect(shiftOutOfQuietHours(new Date('2026-11-22T06:30:00.000Z'), quiet, zone).toISOString()).toBe('2026-11-22T16:00:00.000Z')
  })

  it('moves an early-morning instant to 08:00 the same local day, and starts quiet hours at exactly 21:00', () => {
    expect(shiftOutOfQuietHours(new Date('2026-11-22T13:00:00.000Z'), quiet, zone).toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(shiftOutOfQuietHours(new Date('2026-11-22T05:00:00.000Z'), quiet, zone).toISOString()).toBe('2026-11-22T16:00:00.000Z')
  })

  it('leaves daytime alone, including 08:00 and 20:59', () => {
    for (const instant of ['2026-11-22T16:00:00.000Z', '2026-11-22T04:59:00.000Z', '2026-11-22T20:00:00.000Z']) {
      expect(shiftOutOfQuietHours(new Date(instant), quiet, zone).toISOString()).toBe(instant)
    }
  })

  it('uses 21:00–08:00 by default and handles windows that do not wrap midnight', () => {
    expect(shiftOutOfQuietHours(new Date('2026-11-22T06:30:00.000Z'), undefined, zone).toISOString()).toBe('2026-11-22T16:00:00.000Z')
    // Quiet over lunch, 12:00–13:00 local.
    expect(shiftOutOfQuietHours(new Date('2026-11-22T20:30:00.000Z'), { start: '12:00', end: '13:00' }, zone).toISOString()).toBe(
      '2026-11-22T21:00:00.000Z',
    )
  })
})

describe('calendar helpers', () => {
  it('adds days across months and finds local instants', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(localInstant('2026-11-22', '08:00', zone).toISOString()).toBe('2026-11-22T16:00:00.000Z')
  })
})
