/**
 * The contracts of the small provider records (../contracts.ts) as one suite every engine runs:
 * the STOP list, Stripe's applied sessions and refunds, RingCentral's call sequences and
 * subscription, each holding when two relays write at the same moment.
 */
import { describe, expect, it } from 'vitest'
import { onFreshDatabase, type ContractStores, type StorageEngine } from './storage-engines'

const now = new Date('2026-05-01T12:00:00.000Z')

export function providerRecordsContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => now, (stores: ContractStores) => stores)

  describe('provider records contract', () => {
    it(
      'keeps a number opted out, at its first time, until it is removed',
      onFresh(async (mine, theirs) => {
        await mine.optOuts.add('+15551230001', now)
        await theirs.optOuts.add('+15551230001', new Date('2026-05-02T12:00:00.000Z'))
        expect(await theirs.optOuts.has('+15551230001')).toBe(true)
        expect(await mine.optOuts.has('+15551230002')).toBe(false)
        await theirs.optOuts.remove('+15551230001')
        expect(await mine.optOuts.has('+15551230001')).toBe(false)
      }),
    )

    it(
      'plans one missed-call text-back per number and day, and lets one of two relays settle it',
      onFresh(async (mine, theirs) => {
        await mine.textBacks.plan('+15551230001', '2026-05-01', '2026-05-01T12:05:00.000Z', now.toISOString())
        await theirs.textBacks.plan('+15551230001', '2026-05-01', '2026-05-01T12:09:00.000Z', now.toISOString())
        await theirs.textBacks.plan('+15551230002', '2026-05-01', '2026-05-01T12:01:00.000Z', now.toISOString())
        await mine.textBacks.plan('+15551230001', '2026-05-02', '2026-05-02T12:05:00.000Z', now.toISOString())
        expect(await theirs.textBacks.exists('+15551230001', '2026-05-01')).toBe(true)
        expect(await theirs.textBacks.exists('+15551230003', '2026-05-01')).toBe(false)
        expect(await mine.textBacks.due('2026-05-01T12:05:00.000Z')).toEqual([
          { phone: '+15551230002', businessDay: '2026-05-01', dueAt: '2026-05-01T12:01:00.000Z' },
          { phone: '+15551230001', businessDay: '2026-05-01', dueAt: '2026-05-01T12:05:00.000Z' },
        ])
        const settled = await Promise.all([
          mine.textBacks.settle('+15551230001', '2026-05-01', { status: 'written', reason: null }, now.toISOString()),
          theirs.textBacks.settle('+15551230001', '2026-05-01', { status: 'skipped', reason: 'opted out' }, now.toISOString()),
        ])
        expect(settled.filter(Boolean)).toHaveLength(1)
        expect((await theirs.textBacks.due('2026-05-01T23:00:00.000Z')).map((row) => row.phone)).toEqual(['+15551230002'])
      }),
    )

    it(
      'applies a Stripe session once whichever relay records it, and a refund total only grows',
      onFresh(async (mine, theirs) => {
        const session = { sessionId: 'cs_1', bookingId: 'bk_1', amountCents: 15_000, paymentIntent: 'pi_1' }
        const answers = await Promise.all([mine.stripe.recordSession(session), theirs.stripe.recordSession(session), mine.stripe.recordSession(session)])
        expect(answers.filter(Boolean)).toHaveLength(1)
        expect(await theirs.stripe.isSessionApplied('cs_1')).toBe(true)
        expect(await mine.stripe.bookingForPaymentIntent('pi_1')).toBe('bk_1')
        expect(await mine.stripe.bookingForPaymentIntent('pi_unknown')).toBeNull()

        expect(await mine.stripe.refundedSoFar('ch_1')).toBe(0)
        await mine.stripe.recordRefunded('ch_1', 'bk_1', 5_000)
        await theirs.stripe.recordRefunded('ch_1', 'bk_1', 2_000) // a late, smaller event
        expect(await theirs.stripe.refundedSoFar('ch_1')).toBe(5_000)
        await theirs.stripe.recordRefunded('ch_1', 'bk_1', 15_000)
        expect(await mine.stripe.refundedSoFar('ch_1')).toBe(15_000)
      }),
    )

    it(
      "moves a call's sequence only forward, also when two relays apply its events at once",
      onFresh(async (mine, theirs) => {
        expect(await mine.ringCentral.advanceCallSequence('ts_1', 3, now.toISOString())).toBe(true)
        expect(await theirs.ringCentral.advanceCallSequence('ts_1', 2, now.toISOString())).toBe(false)
        expect(await theirs.ringCentral.advanceCallSequence('ts_1', 3, now.toISOString())).toBe(false)
        const answers = await Promise.all([7, 5, 6, 7].map((sequence, n) => (n % 2 ? mine : theirs).ringCentral.advanceCallSequence('ts_1', sequence, now.toISOString())))
        // 7 is applied once; whatever else got in first was older, so only 7 can have the last word.
        expect(answers.filter((recorded, n) => recorded && [7, 5, 6, 7][n] === 7)).toHaveLength(1)
        expect(await mine.ringCentral.advanceCallSequence('ts_1', 7, now.toISOString())).toBe(false)
        expect(await mine.ringCentral.advanceCallSequence('ts_1', 8, now.toISOString())).toBe(true)

        expect(await mine.ringCentral.subscription()).toBeNull()
        await mine.ringCentral.saveSubscription({ subscriptionId: 'sub_1', address: 'https://relay.example/webhooks/ringcentral', expiresAt: '2026-05-08T12:00:00.000Z' }, now.toISOString())
        await theirs.ringCentral.saveSubscription({ subscriptionId: 'sub_2', address: 'https://relay.example/webhooks/ringcentral', expiresAt: '2026-05-09T12:00:00.000Z' }, now.toISOString())
        expect(await mine.ringCentral.subscription()).toEqual({ subscriptionId: 'sub_2', address: 'https://relay.example/webhooks/ringcentral', expiresAt: '2026-05-09T12:00:00.000Z' })
      }),
    )
  })
}
