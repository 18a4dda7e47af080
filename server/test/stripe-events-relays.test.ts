/**
 * Stripe's events through the storage contracts, with two relays on one database of each engine
 * (each delivery of an event may reach either): a paid Checkout Session counts on its booking once,
 * a refund takes back only what was not counted yet, and a dispute puts up one owner-only item and
 * texts the owner once. A status derived before the booking's lock is derived again after it.
 */
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { BookingRecords } from '../src/bookings/booking-records'
import type { SmsToSend } from '../src/providers/ringcentral/sms-sender'
import { createStripeEventHandler } from '../src/providers/stripe/handle-event'
import { disputeAttentionId } from '../src/providers/stripe/charge-events'
import { StorageUnavailableError } from '../src/storage/contracts'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { ownerExtension } from '../sandbox/testing/extension-fixture'
import { storedEvent } from '../sandbox/testing/stored-event'

const noon = new Date('2026-03-02T20:00:00.000Z')
const now = () => noon

/** A Stripe event as the inbox stores it; each call a new delivery. */
const delivered = (type: string, object: Record<string, unknown>) => storedEvent('stripe', { id: `evt_${type}`, object: 'event', type, data: { object } }, noon)

const paidSession = { id: 'cs_1', object: 'checkout.session', client_reference_id: 'bk_card', payment_status: 'paid', amount_total: 10_000, payment_intent: 'pi_1', metadata: { booking_id: 'bk_card' } }
const refundedCharge = (total: number) => ({ id: 'ch_1', object: 'charge', amount: 10_000, amount_refunded: total, payment_intent: 'pi_1', metadata: {} })

async function withBooking(stores: ContractStores): Promise<void> {
  await stores.documents.put('settings', demoBusinessProfile(noon.toISOString()))
  await stores.documents.put('bookings', {
    ...bookingFixture({ id: 'bk_card', eventDate: '2026-03-20', createdAt: noon.toISOString(), confirmedAt: noon.toISOString() }),
    depositCheckout: { sessionId: 'cs_1', url: 'https://checkout.stripe.test/cs_1', status: 'open', createdAt: noon.toISOString(), expiresAt: null },
  })
}

describe.each(storageEngines)('Stripe events with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('counts a deposit once and a refund once, whichever relay each delivery reaches', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await withBooking(mine)
      const [relayA, relayB] = [createStripeEventHandler({ storage: mine, now }), createStripeEventHandler({ storage: theirs, now })]
      // `completed` twice (a redelivery) and `async_payment_succeeded`, spread over both relays at once.
      await Promise.all([
        relayA(delivered('checkout.session.completed', paidSession)),
        relayB(delivered('checkout.session.completed', paidSession)),
        relayB(delivered('checkout.session.async_payment_succeeded', paidSession)),
      ])
      const paid = (await theirs.queries.bookings.live('bk_card'))!
      expect(paid).toMatchObject({ paidCents: 10_000, status: 'deposit_paid', depositCheckout: { status: 'complete' } })
      expect(paid.timeline!.filter((entry) => entry.kind === 'payment')).toHaveLength(1)

      // Two refunds (30 then 50 dollars in all), each event delivered to both relays.
      await Promise.all([relayA, relayB, relayA, relayB].map((relay, n) => relay(delivered('charge.refunded', refundedCharge(n < 2 ? 3_000 : 5_000)))))
      const refunded = (await mine.queries.bookings.live('bk_card'))!
      expect(refunded).toMatchObject({ paidCents: 5_000, refundedCents: 5_000 })
      expect(refunded.timeline!.filter((entry) => entry.id.startsWith('refund-ch_1-'))).not.toHaveLength(0)
      expect(await theirs.stripe.refundedSoFar('ch_1')).toBe(5_000)
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('waits for a booking it does not know yet, and puts a dispute up once, for the owner only', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      const handler = createStripeEventHandler({ storage: mine, now })
      // The session's booking has not reached this database yet: retried later, nothing recorded.
      await expect(handler(delivered('checkout.session.completed', paidSession))).rejects.toThrow(/No booking bk_card/)
      expect(await theirs.stripe.isSessionApplied('cs_1')).toBe(false)
      await withBooking(theirs)
      await handler(delivered('checkout.session.completed', paidSession))
      expect((await mine.queries.bookings.live('bk_card'))!.paidCents).toBe(10_000)

      const dispute = { id: 'dp_1', object: 'dispute', amount: 10_000, created: noon.getTime() / 1000, status: 'needs_response', reason: 'fraudulent', charge: 'ch_1', payment_intent: 'pi_1', metadata: {} }
      const other = createStripeEventHandler({ storage: theirs, now })
      await Promise.all([handler(delivered('charge.dispute.created', dispute)), other(delivered('charge.dispute.created', dispute))])
      const item = await mine.documents.get('needsAttention', disputeAttentionId('dp_1'))
      expect(item).toMatchObject({ kind: 'payment_alert', status: 'open', documentId: 'bk_card' })
      // Owner-only: a front-desk console's pull does not see it.
      const frontDesk = await theirs.documents.pull('needsAttention', null, 100, { includeOwnerOnly: false })
      expect(frontDesk.documents.map((document) => document.id)).not.toContain(disputeAttentionId('dp_1'))
      const disputes = (await theirs.queries.bookings.live('bk_card'))!.timeline!.filter((entry) => entry.id.includes('dp_1'))
      expect(disputes).toHaveLength(1)
    } finally {
      await close()
    }
  })
  it.skipIf(engine.skipReason !== null)('texts the owner once about a dispute on a payment made outside Switchboard, whichever relays receive it', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(noon.toISOString()))
      await mine.documents.put('extensions', ownerExtension)
      const sent: SmsToSend[] = []
      const sender = {
        async send(sms: SmsToSend) {
          sent.push(sms)
          await new Promise((resolve) => setTimeout(resolve, 20))
          return { messageId: `m${sent.length}` }
        },
      }
      const [relayA, relayB] = [createStripeEventHandler({ storage: mine, now, sender }), createStripeEventHandler({ storage: theirs, now, sender })]
      const dispute = { id: 'dp_x', object: 'dispute', amount: 5_000, created: noon.getTime() / 1000, status: 'needs_response', reason: 'fraudulent', charge: 'ch_other', payment_intent: 'pi_other', metadata: {} }
      await Promise.all([relayA(delivered('charge.dispute.created', dispute)), relayB(delivered('charge.dispute.created', dispute))])
      expect(sent).toHaveLength(1)
      const item = await mine.queries.needsAttention.live(disputeAttentionId('dp_x'))
      expect(item).toMatchObject({ status: 'open', title: expect.stringMatching(/not linked to any booking/) })
      expect(item!.rejectedEdit).toMatchObject({ alert: 'Alert texted to Kenji Sato.' })
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)("puts a dispute's item up on the retry when its write failed after the booking's, without texting again", async () => {
    const { mine, close } = await engine.open(now)
    try {
      await withBooking(mine)
      let failures = 1
      const documents = Object.create(mine.documents) as ContractStores['documents']
      documents.update = ((collection, id, change, options) => {
        if (collection === 'needsAttention' && failures-- > 0) throw new StorageUnavailableError(new Error('connection lost'))
        return mine.documents.update(collection, id, change, options)
      }) as ContractStores['documents']['update']
      const handler = createStripeEventHandler({ storage: { ...mine, documents }, now })
      const dispute = { id: 'dp_d', object: 'dispute', amount: 10_000, created: noon.getTime() / 1000, status: 'needs_response', reason: 'fraudulent', charge: 'ch_1', payment_intent: 'pi_1', metadata: { booking_id: 'bk_card' } }
      const event = delivered('charge.dispute.created', dispute)
      await expect(handler(event)).rejects.toThrow(StorageUnavailableError)
      await handler(event) // the inbox's retry
      expect(await mine.queries.needsAttention.live(disputeAttentionId('dp_d'))).toMatchObject({ status: 'open', documentId: 'bk_card' })
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('derives the status again when a bank payment settled the booking while its card deposit was being applied', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await withBooking(mine)
      const booking = (await mine.queries.bookings.live('bk_card'))!
      await mine.documents.put('bookings', { ...booking, totalCents: 100_000, depositCents: 10_000 })
      // Another relay's payment matching counts the balance (short by an app's fee) between this
      // relay reading the ledger and taking the booking's lock.
      const applySession = mine.stripe.applySession.bind(mine.stripe)
      const matcher = new BookingRecords(theirs, now)
      const stripe = Object.create(mine.stripe) as ContractStores['stripe']
      stripe.applySession = async (session, change) => {
        await theirs.ledger.apply({ transactionId: 'tx_balance', bookingId: 'bk_card', amountCents: 89_000, paymentType: 'balance', statusBefore: 'confirmed', decidedBy: null }, noon.toISOString())
        await matcher.update('bk_card', (current) => ({ changes: { paidCents: current.paidCents + 89_000 } }))
        return applySession(session, change)
      }
      await createStripeEventHandler({ storage: { ...mine, stripe }, now })(delivered('checkout.session.completed', paidSession))
      expect(await theirs.queries.bookings.live('bk_card')).toMatchObject({ paidCents: 99_000, status: 'paid_in_full' })
    } finally {
      await close()
    }
  })
})
