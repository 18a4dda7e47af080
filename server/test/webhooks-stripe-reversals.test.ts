/**
 * Refunds and disputes from Stripe's signed webhooks (verified by the SDK, as every Stripe event)
 * reach the booking's payments and timeline; a dispute alerts the owner. The simulator sends the
 * events as Stripe does and answers the lookups the relay makes.
 */
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Booking, NeedsAttention } from '../../src/domain/schemas'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { registerSandboxWebhookEndpoint } from '../src/providers/stripe/stripe-client'
import { disputeAttentionId } from '../src/providers/stripe/charge-events'
import { buildTestRelay, pairDevice } from './helper'
import { ownerExtension } from '../sandbox/testing/extension-fixture'

let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true })
  await registerSandboxWebhookEndpoint(relay.config.providers.stripe, relay.url, { maxNetworkRetries: 0 })
  const owner = ownerExtension
  await relay.documents.put('extensions', owner)
})
afterEach(async () => {
  await relay.close()
})

const booking = async (id: string) => (await relay.documents.get('bookings', id)) as unknown as Booking
const stripeControl = async <T>(path: string, body: unknown = {}): Promise<T> => {
  const response = await fetch(`${relay.sandbox.urls.stripe}/__sim/stripe/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** A booking whose $100 deposit was paid by card through Stripe Checkout; returns the session id. */
async function paidDeposit(id: string): Promise<string> {
  await relay.documents.put('bookings', { ...bookingFixture({ id, customerPhone: '+14085550199', eventDate: '2031-07-12', eventTime: '18:00', createdAt: '2031-06-01T10:00:00.000Z', confirmedAt: '2031-06-01T10:00:00.000Z' }) })
  const { event } = await relay.control.stripe.checkoutCompleted({ clientReferenceId: id, amountTotal: 10_000 })
  await relay.worker.drain()
  expect(await booking(id)).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
  return (event.data.object as Stripe.Checkout.Session).id
}

const entries = async (id: string, prefix: string) => ((await booking(id)).timeline ?? []).filter((entry) => entry.id.startsWith(prefix)).map((entry) => entry.text)
const alerts = () => relay.sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes('+15105550111'))

describe('Stripe refunds', () => {
  it('a partial then a full refund come off what was paid, once each, with timeline entries; a redelivery changes nothing', async () => {
    const sessionId = await paidDeposit('bk_refund')
    const partial = await stripeControl<{ event: Stripe.ChargeRefundedEvent }>(`refund/${sessionId}`, { amount: 4_000 })
    await relay.worker.drain()
    expect(await booking('bk_refund')).toMatchObject({ paidCents: 6_000, refundedCents: 4_000, status: 'confirmed' })
    await relay.control.stripe.redeliver(partial.event.id)
    await relay.worker.drain()
    expect(await booking('bk_refund')).toMatchObject({ paidCents: 6_000, refundedCents: 4_000 })

    await stripeControl(`refund/${sessionId}`)
    await relay.worker.drain()
    expect(await booking('bk_refund')).toMatchObject({ paidCents: 0, refundedCents: 10_000 })
    expect(await entries('bk_refund', 'refund-')).toEqual([
      "Refund of $40.00 to the customer's card (Stripe): $40.00 of the $100.00 card payment refunded so far.",
      "Refund of $60.00 to the customer's card (Stripe): the whole $100.00 card payment is refunded.",
    ])
    expect(await relay.inbox.list({ status: 'dead' })).toEqual([])
    expect(alerts()).toEqual([]) // refunds are the owner's own doing: no alert
  })

  it('ignores a refund of a payment made outside Switchboard', async () => {
    const { event } = await relay.control.stripe.checkoutCompleted({ clientReferenceId: null, amountTotal: 5_000 })
    await stripeControl(`refund/${(event.data.object as Stripe.Checkout.Session).id}`)
    await relay.worker.drain()
    expect(await relay.inbox.list({ status: 'dead' })).toEqual([])
    expect(await relay.inbox.list({ status: 'pending' })).toEqual([])
  })
})

describe('Stripe disputes', () => {
  it('a dispute is recorded on the booking, alerts the owner by text and an owner-only item; lost takes the money back', async () => {
    const sessionId = await paidDeposit('bk_dispute')
    const opened = await stripeControl<{ dispute: Stripe.Dispute }>(`dispute/${sessionId}`, { reason: 'product_not_received' })
    await relay.worker.drain()
    const respondBy = new Date(opened.dispute.evidence_details.due_by! * 1000).toISOString()
    expect(await booking('bk_dispute')).toMatchObject({
      paidCents: 10_000,
      status: 'deposit_paid',
      disputes: [{ id: opened.dispute.id, amountCents: 10_000, reason: 'product_not_received', status: 'open', respondBy, closedAt: null }],
    })
    expect(await entries('bk_dispute', 'dispute-')).toEqual([
      `The customer's bank disputes a card payment of $100.00 (the cardholder says the service was not provided). Respond in Stripe by ${respondBy.slice(0, 10)}.`,
    ])
    // The business's name, then what happened and by when; no customer name or number in a text.
    expect(alerts().map((sms) => sms.text.replace(/^[^:]+: /, ''))).toEqual([
      `a card payment of $100.00 (booking on 2031-07-12) is disputed by the customer's bank. Respond in Stripe by ${respondBy.slice(0, 10)}. Details in Switchboard.`,
    ])
    const item = (await relay.documents.get('needsAttention', disputeAttentionId(opened.dispute.id))) as unknown as NeedsAttention
    expect(item).toMatchObject({ kind: 'payment_alert', status: 'open', collectionName: 'bookings', documentId: 'bk_dispute' })
    expect(item.title).toBe(`Card payment disputed: $100.00 for Maria Lopez's booking on 2031-07-12 (the cardholder says the service was not provided); respond in Stripe by ${respondBy.slice(0, 10)}`)
    // Owner-only: a front-desk console's pull never receives it.
    const pulled = async (includeOwnerOnly: boolean) => (await relay.documents.pull('needsAttention', null, 1000, { includeOwnerOnly })).documents.map((doc) => doc.id)
    expect(await pulled(true)).toContain(item.id)
    expect(await pulled(false)).not.toContain(item.id)

    await stripeControl(`dispute/${opened.dispute.id}/close`, { outcome: 'lost' })
    await relay.worker.drain()
    expect(await booking('bk_dispute')).toMatchObject({ paidCents: 0, status: 'confirmed', disputes: [{ status: 'lost', respondBy: null }] })
    expect((await entries('bk_dispute', 'dispute-')).at(-1)).toBe("Dispute lost: $100.00 went back to the customer's bank.")
    expect(((await relay.documents.get('needsAttention', item.id)) as unknown as NeedsAttention).title).toBe("Card dispute lost: $100.00 for Maria Lopez's booking on 2031-07-12 went back to the customer's bank")
    expect(alerts()).toHaveLength(1) // one alert per dispute, not per event
    expect(await relay.inbox.list({ status: 'dead' })).toEqual([])
  })

  it('a won dispute keeps the money; redelivered events change nothing', async () => {
    const sessionId = await paidDeposit('bk_won')
    const opened = await stripeControl<{ dispute: Stripe.Dispute; events: { event: Stripe.Event }[] }>(`dispute/${sessionId}`)
    await relay.worker.drain()
    const closed = await stripeControl<{ events: { event: Stripe.Event }[] }>(`dispute/${opened.dispute.id}/close`, { outcome: 'won' })
    await relay.worker.drain()
    for (const { event } of [...opened.events, ...closed.events]) await relay.control.stripe.redeliver(event.id)
    await relay.worker.drain()
    expect(await booking('bk_won')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid', disputes: [{ status: 'won' }] })
    expect(await entries('bk_won', 'dispute-')).toHaveLength(2)
    expect(alerts()).toHaveLength(1)
  })

  it("finds the booking through Stripe when the relay never saw the charge's PaymentIntent", async () => {
    const sessionId = await paidDeposit('bk_lookup')
    // As a deposit applied before the relay kept PaymentIntents: only Stripe knows the link now.
    await relay.sql('UPDATE stripe_applied_sessions SET payment_intent = NULL')
    await stripeControl(`dispute/${sessionId}`, { reason: 'fraudulent' })
    await relay.worker.drain()
    expect((await booking('bk_lookup')).disputes).toMatchObject([{ status: 'open', reason: 'fraudulent' }])
  })

  it('a dispute of a payment made outside Switchboard still alerts the owner, once', async () => {
    const { event } = await relay.control.stripe.checkoutCompleted({ clientReferenceId: null, amountTotal: 7_500 })
    const opened = await stripeControl<{ dispute: Stripe.Dispute }>(`dispute/${(event.data.object as Stripe.Checkout.Session).id}`)
    await relay.worker.drain()
    await stripeControl(`dispute/${opened.dispute.id}/close`, { outcome: 'lost' })
    await relay.worker.drain()
    const item = (await relay.documents.get('needsAttention', disputeAttentionId(opened.dispute.id))) as unknown as NeedsAttention
    expect(item).toMatchObject({ kind: 'payment_alert', status: 'open', collectionName: null, documentId: null, title: "Card dispute lost: $75.00 not linked to any booking went back to the customer's bank" })
    expect(alerts()).toHaveLength(1)
  })
})

describe('front desk and disputes', () => {
  it('a front-desk device cannot write refunds or disputes onto a booking', async () => {
    const app = await buildTestRelay()
    const desk = await pairDevice(app, 'frontdesk')
    const created = { ...bookingFixture({ id: 'bk_forged', eventDate: '2031-07-12', createdAt: '2031-06-01T10:00:00.000Z' }), updatedAt: '2031-06-01T10:00:00.000Z', _deleted: false }
    const push = (document: Record<string, unknown>) => app.inject({ method: 'POST', url: '/sync/bookings/push', headers: desk.headers, payload: [{ assumedMasterState: null, newDocumentState: document }] })
    const forged = await push({ ...created, id: 'bk_forged', refundedCents: 5_000 })
    expect(forged.statusCode).toBe(200)
    expect(forged.json()).toHaveLength(1) // refused: the relay's state comes back as a conflict
    const disputed = await push({ ...created, id: 'bk_forged2', disputes: [{ id: 'dp_x', amountCents: 100, reason: 'general', status: 'won', openedAt: '2031-06-01T10:00:00.000Z', respondBy: null, closedAt: null }] })
    expect(disputed.json()).toHaveLength(1)
    // The same booking without them is accepted.
    expect((await push({ ...created, id: 'bk_plain', refundedCents: 0, disputes: [] })).json()).toEqual([])
    await app.close()
  })
})
