/**
 * The booking lifecycle through the storage contracts, with two relays on one database of each
 * engine: both hear of every booking and both run the due pass, yet each booking is planned once,
 * each text leaves once and is recorded once, a cancellation is handled once, and a text a stopped
 * relay was sending is reported once, never re-sent. The scheduler writes its records before a
 * job's state, so a write that fails midway (a stop, a database blip) loses no report.
 */
import { createHash } from 'node:crypto'
import pino from 'pino'
import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Booking } from '../../src/domain/schemas'
import { BookingLifecycleService } from '../src/bookings/booking-lifecycle-service'
import { BookingRecords } from '../src/bookings/booking-records'
import { DepositCheckouts } from '../src/bookings/deposit-checkouts'
import { interruptedAfterMs, MessageScheduler } from '../src/bookings/message-scheduler'
import type { SmsSender, SmsToSend } from '../src/providers/ringcentral/sms-sender'
import { StorageUnavailableError, type MessageJob, type ScheduledTexts } from '../src/storage/contracts'
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


const quiet = pino({ level: 'silent' })

/** Stripe's Checkout Sessions as the SDK returns them: the same idempotency key, the same session. */
function stripeSessions(): Stripe {
  return {
    checkout: {
      sessions: {
        async create(_params: unknown, options: { idempotencyKey: string }) {
          const id = `cs_${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 12)}`
          return { id, url: `https://checkout.stripe.test/${id}`, created: Math.floor(start.getTime() / 1000), expires_at: Math.floor(start.getTime() / 1000) + 86_400 }
        },
      },
    },
  } as unknown as Stripe
}

function senderInto(sent: SmsToSend[], failFirst = 0): SmsSender {
  let failures = failFirst
  return {
    async send(sms) {
      if (failures-- > 0) throw new Error('RingCentral timed out')
      sent.push(sms)
      return { messageId: `msg-${sent.length}` }
    },
  }
}

/** The stores, with `documents.update` failing while `failing(collection)` says so. */
function withFailingWrites(stores: ContractStores, failing: (collection: string) => boolean): ContractStores {
  const documents = Object.create(stores.documents) as ContractStores['documents']
  documents.update = (async (collection: never, id: string, change: never) => {
    if (failing(collection)) throw new StorageUnavailableError(new Error('connection lost'))
    return stores.documents.update(collection, id, change)
  }) as ContractStores['documents']['update']
  return { ...stores, documents }
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
      expect(await theirs.texts.claim((await theirs.texts.get('bk_two', 'confirmation'))!)).toBe(true)

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
  it.skipIf(engine.skipReason !== null)('texts a deposit link once when a second relay opens it from an older read', async () => {
    const now = () => start
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(start.toISOString()))
      await mine.documents.put('bookings', booking({ depositCents: 10_000 }))
      const sent: SmsToSend[] = []
      const [recordsA, recordsB] = [new BookingRecords(mine, now), new BookingRecords(theirs, now)]
      const checkoutsA = new DepositCheckouts({ records: recordsA, jobs: mine.texts, stripe: stripeSessions(), successUrl: 'https://example.com/thanks' })
      const checkoutsB = new DepositCheckouts({ records: recordsB, jobs: theirs.texts, stripe: stripeSessions(), successUrl: 'https://example.com/thanks' })
      const schedulerA = new MessageScheduler({ records: recordsA, jobs: mine.texts, sender: senderInto(sent), checkouts: checkoutsA, logger: quiet })
      // Both relays read the confirmed booking before either made its link.
      const seenByB = (await recordsB.booking('bk_two'))!
      await checkoutsA.openLink((await recordsA.booking('bk_two'))!, { sendLink: true })
      expect(await schedulerA.runDue()).toBe(1)
      // Relay B, a Stripe round trip behind, gets the same session; the link is stored once, and texted once.
      const link = await checkoutsB.openLink(seenByB, { sendLink: true })
      expect(await mine.texts.get('bk_two', 'depositLink')).toMatchObject({ status: 'sent' })
      await schedulerA.runDue()
      expect(sent).toHaveLength(1)
      expect(sent[0]!.text).toContain(link.url)
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('still reports an interrupted text when the report could not be written at first', async () => {
    let clock = start
    const now = () => clock
    const { mine, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(start.toISOString()))
      await mine.documents.put('bookings', booking())
      await mine.texts.plan('bk_two', '2026-03-20', [{ kind: 'confirmation', dueAt: start.toISOString() }])
      expect(await mine.texts.claim((await mine.texts.get('bk_two', 'confirmation'))!)).toBe(true)
      clock = new Date(start.getTime() + interruptedAfterMs + 1_000)
      let down = true
      const stores = withFailingWrites(mine, () => down)
      const scheduler = new MessageScheduler({ records: new BookingRecords(stores, now), jobs: stores.texts, sender: senderInto([]), checkouts: null, logger: quiet })
      await scheduler.runDue()
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'sending' })
      down = false
      await scheduler.runDue()
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'cancelled' })
      expect(await mine.queries.needsAttention.live('att-job-bk_two-confirmation')).toMatchObject({ status: 'open' })
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('still reports a text that can never be sent when the report could not be written at first', async () => {
    const now = () => start
    const { mine, close } = await engine.open(now)
    try {
      const settings = demoBusinessProfile(start.toISOString())
      await mine.documents.put('settings', { ...settings, messageTemplates: { ...settings.messageTemplates, confirmation: 'Hi {nope}' } })
      await mine.documents.put('bookings', booking())
      await mine.texts.plan('bk_two', '2026-03-20', [{ kind: 'confirmation', dueAt: start.toISOString() }])
      let down = true
      const stores = withFailingWrites(mine, (collection) => down && collection === 'bookings')
      const scheduler = new MessageScheduler({ records: new BookingRecords(stores, now), jobs: stores.texts, sender: senderInto([]), checkouts: null, logger: quiet })
      await scheduler.runDue()
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'pending' })
      down = false
      await scheduler.runDue()
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'failed' })
      expect((await mine.queries.needsAttention.live('att-job-bk_two-confirmation'))!.title).toMatch(/\{nope\} is not a placeholder/)
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('does not send before its time a text another relay put back for a retry while this one worked through its list', async () => {
    const now = () => start
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(start.toISOString()))
      await mine.documents.put('bookings', booking())
      await mine.texts.plan('bk_two', '2026-03-20', [{ kind: 'confirmation', dueAt: start.toISOString() }])
      const sent: SmsToSend[] = []
      // Relay B listed the due texts at the same moment as A.
      const listedByB: MessageJob[] = await theirs.texts.due(start)
      const textsB = Object.create(theirs.texts) as ScheduledTexts
      textsB.due = async () => listedByB
      const relayA = new MessageScheduler({ records: new BookingRecords(mine, now), jobs: mine.texts, sender: senderInto(sent, 1), checkouts: null, logger: quiet })
      const relayB = new MessageScheduler({ records: new BookingRecords(theirs, now), jobs: textsB, sender: senderInto(sent), checkouts: null, logger: quiet })
      await relayA.runDue() // A's attempt fails: retried in a minute
      await relayB.runDue()
      expect(sent).toEqual([])
      expect(await mine.texts.get('bk_two', 'confirmation')).toMatchObject({ status: 'pending', attempts: 1, dueAt: new Date(start.getTime() + 60_000).toISOString() })
    } finally {
      await close()
    }
  })
})
