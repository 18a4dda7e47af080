/**
 * The `ScheduledTexts` contract (../contracts.ts) as one suite every engine runs: each text is
 * claimed and sent once, also when two relays (two connections) run their schedulers on one
 * database at the same moment.
 */
import { describe, expect, it } from 'vitest'
import type { PlannedMessageJob } from '../../../../src/domain/bookings'
import type { ScheduledTexts } from '../contracts'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const start = '2026-05-01T12:00:00.000Z'
const minutes = (n: number) => new Date(Date.parse(start) + n * 60_000).toISOString()

const plannedFor = (eventDate: string): PlannedMessageJob[] => [
  { kind: 'confirmation', dueAt: minutes(0) },
  { kind: 'eventReminder', dueAt: `${eventDate}T15:00:00.000Z` },
]

export function scheduledTextsContract(engine: StorageEngine): void {
  let clock = new Date(start)
  const now = () => clock
  const onFresh = onFreshDatabase(engine, now, (stores) => stores.texts, () => (clock = new Date(start)))
  const withTexts = (test: (stores: { texts: ScheduledTexts; other: ScheduledTexts }) => Promise<void>) => onFresh((texts, other) => test({ texts, other }))

  describe('scheduled texts contract', () => {
    it(
      'plans a booking once, and moves a date-bound text with its event date',
      withTexts(async ({ texts, other }) => {
        expect(await texts.plan('bk_1', '2026-06-10', plannedFor('2026-06-10'))).toEqual({ added: 2, moved: [] })
        // Planned again, through this relay or another: nothing doubles.
        expect(await other.plan('bk_1', '2026-06-10', plannedFor('2026-06-10'))).toEqual({ added: 0, moved: [] })
        expect((await texts.forBooking('bk_1')).map((job) => job.kind)).toEqual(['confirmation', 'eventReminder'])

        const later = plannedFor('2026-06-20')
        expect(await texts.plan('bk_1', '2026-06-20', later)).toEqual({ added: 0, moved: [later[1]] })
        expect(await texts.get('bk_1', 'eventReminder')).toMatchObject({ dueAt: '2026-06-20T15:00:00.000Z', status: 'pending' })
        // The confirmation is not date-bound: it stays as planned.
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ dueAt: minutes(0) })
      }),
    )

    it(
      'lists due texts without claiming them, and lets one of two relays claim each',
      withTexts(async ({ texts, other }) => {
        await texts.plan('bk_1', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(5) }])
        await texts.plan('bk_2', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(1) }])
        await texts.plan('bk_3', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(90) }])
        clock = new Date(minutes(30))
        expect((await other.due(clock)).map((job) => job.bookingId)).toEqual(['bk_2', 'bk_1'])
        expect((await texts.due(clock, 1)).map((job) => job.bookingId)).toEqual(['bk_2'])
        // Listing claims nothing: the job is still there for a claim, which one relay wins.
        const [listed] = await texts.due(clock, 1)
        const wins = await Promise.all([texts.claim(listed!), other.claim(listed!)])
        expect(wins.filter(Boolean)).toHaveLength(1)
        expect(await texts.get('bk_2', 'confirmation')).toMatchObject({ status: 'sending', attempts: 1 })
        expect((await other.due(clock)).map((job) => job.bookingId)).toEqual(['bk_1'])
        expect(await texts.claim({ bookingId: 'bk_3', kind: 'eventReminder', dueAt: minutes(90), attempts: 0 })).toBe(false)

        // A listing gone stale: the attempt failed and was put back for later, or the job was postponed.
        const retried = (await texts.get('bk_2', 'confirmation'))!
        await texts.markAttemptFailed(retried, 'RingCentral timed out', minutes(31))
        expect(await other.claim(listed!)).toBe(false)
        const [stale] = await other.due(clock)
        await texts.postpone(stale!, minutes(45))
        expect(await other.claim(stale!)).toBe(false)
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ status: 'pending', dueAt: minutes(45), attempts: 0 })
        // As listed now, it is claimed.
        expect(await other.claim((await texts.get('bk_1', 'confirmation'))!)).toBe(true)
      }),
    )

    it(
      'gives each due text to one claim only, when two relays claim at the same moment',
      withTexts(async ({ texts, other }) => {
        for (let n = 0; n < 12; n++) await texts.plan(`bk_${String(n).padStart(2, '0')}`, '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(n) }])
        await texts.plan('bk_later', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(60) }])
        clock = new Date(minutes(30))

        const claims = await Promise.all([texts.claimDue(clock, 5), other.claimDue(clock, 5), texts.claimDue(clock, 5), other.claimDue(clock, 5)])
        const claimed = claims.flat().map((job) => job.bookingId)
        expect(new Set(claimed).size).toBe(claimed.length)
        expect(claimed.sort()).toEqual(Array.from({ length: 12 }, (_, n) => `bk_${String(n).padStart(2, '0')}`))
        for (const job of claims.flat()) expect(job).toMatchObject({ status: 'sending', attempts: 1 })
        // Each claim is oldest first; nothing is due before its time.
        for (const claim of claims) expect(claim.map((job) => job.dueAt)).toEqual([...claim.map((job) => job.dueAt)].sort())
        expect(await texts.claimDue(clock, 5)).toEqual([])
        expect(await texts.get('bk_later', 'confirmation')).toMatchObject({ status: 'pending', attempts: 0 })
      }),
    )

    it(
      'moves a claimed text on only from the state it expects',
      withTexts(async ({ texts, other }) => {
        await texts.plan('bk_1', '2026-06-10', plannedFor('2026-06-10'))
        const [job] = await texts.claimDue(clock, 1)
        await texts.markSent(job!, 'msg_1')
        // A second outcome for the same attempt (another relay's retry) changes nothing.
        await other.markAttemptFailed(job!, 'timeout', null)
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ status: 'sent', sentMessageId: 'msg_1', lastError: null })
        expect(await other.resolve(job!, 'skipped', 'stale')).toBe(false)

        await texts.rearm('bk_1', '2026-06-10', 'confirmation')
        const [again] = await other.claimDue(clock, 5)
        expect(again).toMatchObject({ bookingId: 'bk_1', kind: 'confirmation', attempts: 1 })
        await other.markAttemptFailed(again!, 'RingCentral was busy', minutes(10))
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ status: 'pending', dueAt: minutes(10), lastError: 'RingCentral was busy' })
        // A text being sent right now is not re-armed under the sender.
        clock = new Date(minutes(10))
        const [third] = await texts.claimDue(clock, 5)
        await other.rearm('bk_1', '2026-06-10', 'confirmation')
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ status: 'sending', attempts: third!.attempts })
      }),
    )

    it(
      'cancels pending texts, and a cancellation taken back revives only what it cancelled',
      withTexts(async ({ texts, other }) => {
        await texts.plan('bk_1', '2026-06-10', plannedFor('2026-06-10'))
        await texts.resolve({ bookingId: 'bk_1', kind: 'confirmation' }, 'cancelled', 'opted out')
        expect(await other.cancelPending('bk_1', 'booking cancelled')).toBe(1)
        expect(await texts.revive('bk_1', 'booking cancelled')).toBe(1)
        expect(await texts.get('bk_1', 'eventReminder')).toMatchObject({ status: 'pending', lastError: null })
        expect(await texts.get('bk_1', 'confirmation')).toMatchObject({ status: 'cancelled', lastError: 'opted out' })
      }),
    )

    it(
      'reports as interrupted only texts claimed before the given moment and never resolved',
      withTexts(async ({ texts, other }) => {
        await texts.plan('bk_old', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(0) }])
        await texts.plan('bk_new', '2026-06-10', [{ kind: 'confirmation', dueAt: minutes(0) }])
        await texts.claimDue(clock, 1) // bk_new sorts first: claimed at the start
        clock = new Date(minutes(15))
        await other.claimDue(clock, 1) // bk_old, claimed by the other relay a moment ago
        const interrupted = await texts.interrupted(new Date(minutes(10)))
        expect(interrupted.map((job) => job.bookingId)).toEqual(['bk_new'])
        expect(await texts.interrupted(new Date(minutes(20)))).toHaveLength(2)
      }),
    )
  })
}
