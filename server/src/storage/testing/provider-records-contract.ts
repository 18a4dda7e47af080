/**
 * The contracts of the small provider records (../contracts.ts) as one suite every engine runs:
 * the STOP list, Stripe's applied sessions and refunds, RingCentral's call sequences and
 * subscription, each holding when two relays write at the same moment.
 */
import { describe, expect, it } from 'vitest'
import type { Booking, Call } from '../../../../src/domain/schemas'
import { bookingFixture } from '../../../sandbox/testing/booking-fixture'
import { onFreshDatabase, type ContractStores, type StorageEngine } from './storage-engines'

const now = new Date('2026-05-01T12:00:00.000Z')

/** A telephony event's reading of the call: its status, and the sequence that said so in `summary`. */
function callAt(sequence: number, status: Call['status'] = 'answered') {
  return (current: Call | null): Omit<Call, 'updatedAt'> => ({
    id: 'call_1',
    telephonySessionId: 's-1',
    direction: 'inbound',
    fromNumber: '+15551230001',
    toNumber: null,
    customerId: current?.customerId ?? null,
    status,
    startedAt: current?.startedAt ?? now.toISOString(),
    endedAt: null,
    escalated: false,
    escalationReason: null,
    assignedExtensionId: null,
    summary: `${current ? `${current.summary} ` : ''}${sequence}`,
    partyId: 'p-1',
    transcription: 'none',
  })
}

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
      'applies a paid session to its booking once, with the session, however many relays deliver it',
      onFresh(async (mine, theirs) => {
        await mine.documents.put('bookings', { ...bookingFixture({ id: 'bk_1', eventDate: '2026-06-10', createdAt: now.toISOString() }), paidCents: 0 })
        const session = { sessionId: 'cs_1', bookingId: 'bk_1', amountCents: 10_000, paymentIntent: 'pi_1' }
        const pay = (booking: Booking) => ({ ...booking, paidCents: booking.paidCents + 10_000 })
        const outcomes = await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 ? mine : theirs).stripe.applySession(session, pay)))
        expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1)
        expect(outcomes.filter((outcome) => outcome === 'repeat')).toHaveLength(7)
        expect((await theirs.queries.bookings.live('bk_1'))!.paidCents).toBe(10_000)
        expect(await mine.stripe.bookingForPaymentIntent('pi_1')).toBe('bk_1')
        expect(await mine.stripe.bookingForPaymentIntent('pi_unknown')).toBeNull()

        // No booking: nothing recorded, so the payment applies once the booking exists.
        const early = { sessionId: 'cs_2', bookingId: 'bk_2', amountCents: 5_000, paymentIntent: null }
        expect(await mine.stripe.applySession(early, pay)).toBe('no_booking')
        expect(await theirs.stripe.isSessionApplied('cs_2')).toBe(false)
        // A write that fails takes the session's record back with it.
        await theirs.documents.put('bookings', { ...bookingFixture({ id: 'bk_2', eventDate: '2026-06-10', createdAt: now.toISOString() }), paidCents: 0 })
        await expect(
          mine.stripe.applySession(early, () => {
            throw new Error('the write failed')
          }),
        ).rejects.toThrow('the write failed')
        expect(await theirs.stripe.isSessionApplied('cs_2')).toBe(false)
        expect(await theirs.stripe.applySession(early, pay)).toBe('applied')
        expect((await mine.queries.bookings.live('bk_2'))!.paidCents).toBe(10_000)
      }),
    )

    it(
      'counts a refund on its booking once, told what was counted before, through two relays at once',
      onFresh(async (mine, theirs) => {
        await mine.documents.put('bookings', { ...bookingFixture({ id: 'bk_1', eventDate: '2026-06-10', createdAt: now.toISOString() }), paidCents: 10_000 })
        expect(await mine.stripe.refundedSoFar('ch_1')).toBe(0)
        const refund = (total: number) => (booking: Booking, counted: number) => (total > counted ? { ...booking, paidCents: booking.paidCents - (total - counted) } : null)
        // Stripe's refund events as two relays receive them: the totals 3,000 then 5,000, each delivered twice.
        await Promise.all([3_000, 3_000, 5_000, 5_000].map((total, n) => (n % 2 ? mine : theirs).stripe.applyRefund({ chargeId: 'ch_1', bookingId: 'bk_1', refundedTotalCents: total }, refund(total))))
        expect((await mine.queries.bookings.live('bk_1'))!.paidCents).toBe(5_000)
        expect(await theirs.stripe.refundedSoFar('ch_1')).toBe(5_000)
        // A late, smaller total changes nothing.
        await theirs.stripe.applyRefund({ chargeId: 'ch_1', bookingId: 'bk_1', refundedTotalCents: 2_000 }, refund(2_000))
        expect(await mine.stripe.refundedSoFar('ch_1')).toBe(5_000)
        expect((await mine.queries.bookings.live('bk_1'))!.paidCents).toBe(5_000)
        expect(await mine.stripe.applyRefund({ chargeId: 'ch_1', bookingId: 'bk_gone', refundedTotalCents: 9_000 }, refund(9_000))).toBe(false)
        expect(await mine.stripe.refundedSoFar('ch_1')).toBe(5_000)
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

    it(
      'applies telephony events through two relays in sequence order: a late older event changes nothing',
      onFresh(async (mine, theirs) => {
        const order = (sequence: number) => ({ telephonySessionId: 's-1', sequence, at: now.toISOString() })
        // Events 1..16 arrive shuffled, half through each relay, all at once.
        const sequences = [5, 1, 9, 3, 16, 2, 12, 7, 4, 14, 8, 6, 11, 15, 10, 13]
        const applied = await Promise.all(sequences.map((sequence, i) => (i % 2 ? mine : theirs).telephonyCalls.applyEvent(order(sequence), 'call_1', callAt(sequence))))
        const wrote = applied.filter((outcome) => outcome === 'applied').length
        expect(wrote).toBeGreaterThanOrEqual(1)
        expect(applied.every((outcome) => outcome === 'applied' || outcome === 'stale')).toBe(true)
        const stored = (await theirs.documents.get('calls', 'call_1')) as unknown as Call
        // Each applied event came after every one applied before it, and the newest was applied.
        const trail = stored.summary.split(' ').map(Number)
        expect(trail).toEqual([...trail].sort((a, b) => a - b))
        expect(trail.at(-1)).toBe(16)
        expect(trail).toHaveLength(wrote)
        // The newest event again (a redelivery, a retry) is a repeat; an older one is stale.
        expect(await mine.telephonyCalls.applyEvent(order(16), 'call_1', callAt(16, 'ended'))).toBe('repeat')
        expect(await mine.telephonyCalls.applyEvent(order(9), 'call_1', callAt(9, 'ended'))).toBe('stale')
        expect(await theirs.telephonyCalls.applyEvent(order(17), 'call_1', callAt(17, 'ended'))).toBe('applied')
        expect(await mine.documents.get('calls', 'call_1')).toMatchObject({ status: 'ended' })
      }),
    )

    it(
      'keeps an event whose call could not be written applicable: the sequence is recorded with the call or not at all',
      onFresh(async (mine, theirs) => {
        const order = { telephonySessionId: 's-1', sequence: 3, at: now.toISOString() }
        const invalid = (current: Call | null) => ({ ...callAt(3)(current), status: 'exploded' as Call['status'] })
        await expect(mine.telephonyCalls.applyEvent(order, 'call_1', invalid)).rejects.toThrow()
        expect(await theirs.documents.get('calls', 'call_1')).toBeNull()
        expect(await theirs.telephonyCalls.applyEvent(order, 'call_1', callAt(3))).toBe('applied')
        expect(await mine.documents.get('calls', 'call_1')).toMatchObject({ summary: '3', status: 'answered' })
      }),
    )
  })
}
