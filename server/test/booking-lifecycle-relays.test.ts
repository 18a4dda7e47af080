/**
 * The booking lifecycle through the storage contracts, with two relays on one database of each
 * engine: both hear of every booking and both run the due pass, yet each booking is planned once,
 * each text leaves once and is recorded once, a cancellation is handled once, and a text a stopped
 * relay was sending is reported once, never re-sent.
 */
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Booking } from '../../src/domain/schemas'
import { BookingLifecycleService } from '../src/bookings/booking-lifecycle-service'
import { BookingRecords } from '../src/bookings/booking-records'
import { interruptedAfterMs, MessageScheduler } from '../src/bookings/message-scheduler'
import type { SmsSender, SmsToSend } from '../src/providers/ringcentral/sms-sender'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { TextOrigins } from '../src/sync/text-origins'
import { bookingFixture } from '../sandbox/testing/booking-fixture'

const start = new Date('2026-03-02T18:00:00.000Z') // 10:00 in Los Angeles, outside quiet hours

function lifecycleOn(stores: ContractStores, now: () => Date, sent: SmsToSend[]) {
  const logger = pino({ level: 'silent' })
  let count = 0
  const sender: SmsSender = {
    async send(sms) {
      // A send takes a moment: the other relay runs meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5))
      sent.push(sms)
      return { messageId: `msg-${sent.length}-${++count}` }
    },
  }
  const records = new BookingRecords(stores, now)
  const scheduler = new MessageScheduler({ records, jobs: stores.texts, sender, checkouts: null, logger, origins: new TextOrigins(stores.changes, stores.quotas) })
  return new BookingLifecycleService({ records, jobs: stores.texts, scheduler, checkouts: null, logger, pollIntervalMs: 0 })
}

const booking = (overrides: Partial<Booking> = {}) =>
  bookingFixture({
    id: 'bk_two',
    eventDate: '2026-03-20',
    createdAt: start.toISOString(),
    confirmedAt: start.toISOString(),
    customerPhone: '+14085550123',
    depositCents: 0,
    ...overrides,
  })

async function settled(...relays: BookingLifecycleService[]): Promise<void> {
  // Each relay hears of the other's writes through its change feed: wait until both are quiet.
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 150))
    await Promise.all(relays.map((relay) => relay.idle()))
  }
}

describe.each(storageEngines)('the booking lifecycle with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('plans, texts and cancels a booking once, whichever relay does it', async () => {
    let clock = start
    const now = () => clock
    const { mine, theirs, close } = await engine.open(now)
    const sent: SmsToSend[] = []
    const [relayA, relayB] = [lifecycleOn(mine, now, sent), lifecycleOn(theirs, now, sent)]
    const stopFollowing = [mine.documents.followExternalWrites(), theirs.documents.followExternalWrites()]
    try {
      await mine.documents.put('settings', demoBusinessProfile(start.toISOString()))
      await theirs.documents.put('bookings', booking())
      await Promise.all([relayA.start(), relayB.start()])
      await settled(relayA, relayB)
      const planned = await mine.texts.forBooking('bk_two')
      expect(planned.map((job) => job.kind).sort()).toEqual(['balanceReminder', 'confirmation', 'eventReminder', 'reviewRequest'])

      // Both relays run the due pass at once, twice: the confirmation leaves once.
      await Promise.all([relayA.runDue(), relayB.runDue(), relayA.runDue(), relayB.runDue()])
      await settled(relayA, relayB)
      expect(sent.map((sms) => sms.to)).toEqual(['+14085550123'])
      expect(await theirs.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'sent', attempts: 1 })
      const texted = (await mine.queries.bookings.live('bk_two'))!.timeline!.filter((entry) => entry.id.startsWith('sms-confirmation-'))
      expect(texted).toHaveLength(1)
      expect(texted[0]!.text).toMatch(/^Booking confirmation texted/)

      // Cancelled through relay A: both relays handle it, the timeline says so once.
      const current = (await mine.queries.bookings.live('bk_two'))!
      clock = new Date(start.getTime() + 60_000)
      await mine.documents.put('bookings', { ...current, cancelledAt: clock.toISOString() })
      await settled(relayA, relayB)
      expect((await theirs.texts.forBooking('bk_two')).filter((job) => job.status === 'pending')).toEqual([])
      const cancelled = (await theirs.queries.bookings.live('bk_two'))!
      expect(cancelled.status).toBe('cancelled')
      expect(cancelled.timeline!.filter((entry) => entry.id.startsWith('jobs-cancelled-'))).toHaveLength(1)
      expect(cancelled.timeline!.filter((entry) => entry.id.startsWith('cancel-terms-'))).toHaveLength(1)
      expect(cancelled.timeline!.filter((entry) => entry.id.startsWith('status-cancelled-'))).toHaveLength(1)
    } finally {
      for (const stop of stopFollowing) stop()
      await Promise.all([relayA.stop(), relayB.stop()])
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('reports a text a stopped relay was sending once, after it could still be in flight, and never re-sends it', async () => {
    let clock = start
    const now = () => clock
    const { mine, theirs, close } = await engine.open(now)
    const sent: SmsToSend[] = []
    const [relayA, relayB] = [lifecycleOn(mine, now, sent), lifecycleOn(theirs, now, sent)]
    try {
      await mine.documents.put('settings', demoBusinessProfile(start.toISOString()))
      await mine.documents.put('bookings', booking())
      await mine.texts.plan('bk_two', '2026-03-20', [{ kind: 'confirmation', dueAt: start.toISOString() }])
      // A relay claimed the confirmation, then stopped before recording the send.
      expect(await theirs.texts.claim({ bookingId: 'bk_two', kind: 'confirmation' })).toBe(true)

      await Promise.all([relayA.runDue(), relayB.runDue()])
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'sending' })
      expect(await mine.queries.needsAttention.live('att-job-bk_two-confirmation')).toBeNull()

      clock = new Date(start.getTime() + interruptedAfterMs + 1_000)
      await Promise.all([relayA.runDue(), relayB.runDue(), relayA.runDue()])
      expect(sent).toEqual([])
      expect(await theirs.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'cancelled' })
      const notice = await theirs.queries.needsAttention.live('att-job-bk_two-confirmation')
      expect(notice).toMatchObject({ status: 'open', documentId: 'bk_two' })
      expect(notice!.title).toMatch(/may not have been sent/)
      const entries = (await mine.queries.bookings.live('bk_two'))!.timeline!.filter((entry) => entry.id.startsWith('job-confirmation-interrupted-'))
      expect(entries).toHaveLength(1)
    } finally {
      await Promise.all([relayA.stop(), relayB.stop()])
      await close()
    }
  })
})
