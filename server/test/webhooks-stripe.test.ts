import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { bookingFixture } from '../sandbox/testing/booking-fixture'

let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness()
})
afterEach(async () => {
  await relay.close()
})

async function putBooking(id: string, fields: Record<string, unknown> = {}) {
  await relay.documents.put('bookings', {
    ...bookingFixture({ id, customerPhone: '+14085550199', eventDate: '2026-12-12', eventTime: '18:00', createdAt: '2026-11-01T10:00:00.000Z' }),
    ...fields,
  })
}

function signedRequest(body: string, secret: string, timestamp = Math.floor(relay.clock.now().getTime() / 1000)) {
  return {
    method: 'POST' as const,
    url: '/webhooks/stripe',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
    },
    payload: body,
  }
}

const eventBody = (id = 'evt_test_1') => JSON.stringify({ id, object: 'event', type: 'customer.created', data: { object: {} } })

describe('POST /webhooks/stripe', () => {
  it('refuses a signature made with another secret: 400, audit record, nothing stored', async () => {
    const response = await relay.app.inject(signedRequest(eventBody(), 'whsec_not_the_relays_secret'))
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'bad_signature' })
    expect(await relay.inbox.count()).toBe(0)
    expect((await relay.auditRows())).toEqual([
      { kind: 'webhook_refused', detail: expect.objectContaining({ provider: 'stripe', status: 400, reason: 'bad_signature', count: 1 }) },
    ])
  })

  it('refuses a missing signature and a body changed after signing', async () => {
    const missing = await relay.app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json' }, payload: eventBody() })
    expect(missing.statusCode).toBe(400)
    const signed = signedRequest(eventBody(), relay.sandbox.secrets.stripe.webhookSecret)
    const tampered = await relay.app.inject({ ...signed, payload: eventBody('evt_other') })
    expect(tampered.statusCode).toBe(400)
    expect(await relay.inbox.count()).toBe(0)
  })

  it('refuses a signature older than 300 seconds, and accepts one 299 seconds old', async () => {
    const secret = relay.sandbox.secrets.stripe.webhookSecret
    const nowSeconds = Math.floor(relay.clock.now().getTime() / 1000)
    const stale = await relay.app.inject(signedRequest(eventBody('evt_stale'), secret, nowSeconds - 301))
    expect(stale.statusCode).toBe(400)
    expect(stale.json()).toMatchObject({ error: 'stale_signature' })
    const fresh = await relay.app.inject(signedRequest(eventBody('evt_fresh'), secret, nowSeconds - 299))
    expect(fresh.statusCode).toBe(200)
    expect((await relay.inbox.list()).map((e) => e.eventId)).toEqual(['evt_fresh'])
  })

  it('stores a verified event before answering and leaves processing to the worker', async () => {
    await putBooking('bk_store_first')
    const { event, deliveries } = await relay.control.stripe.checkoutCompleted({
      clientReferenceId: 'bk_store_first',
      amountTotal: 10_000,
      webhookUrl: relay.webhookUrl('stripe'),
    })
    expect(deliveries[0]).toMatchObject({ status: 200 })
    // The answer came, so the event is in the inbox — and the booking is untouched until the worker runs.
    const [stored] = await relay.inbox.list()
    expect(stored).toMatchObject({ provider: 'stripe', eventId: event.id, status: 'pending', attempts: 0 })
    expect((await relay.documents.get('bookings', 'bk_store_first'))).toMatchObject({ paidCents: 0, status: 'confirmed' })

    await relay.worker.drain()
    expect((await relay.documents.get('bookings', 'bk_store_first'))).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('marks the deposit paid once when the same event is delivered twice, and when a second event repeats the session', async () => {
    await putBooking('bk_twice', { status: 'quoted' })
    const stripe = new Stripe(relay.sandbox.secrets.stripe.secretKey, {
      host: '127.0.0.1',
      port: Number(new URL(relay.sandbox.urls.stripe).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    })
    await stripe.webhookEndpoints.create({ url: relay.webhookUrl('stripe'), enabled_events: ['checkout.session.completed'] })
    const { event } = await relay.control.stripe.checkoutCompleted({ metadata: { bookingId: 'bk_twice' }, amountTotal: 10_000 })
    const again = await relay.control.stripe.redeliver(event.id)
    expect(again.deliveries.map((d) => [d.status, JSON.parse(d.body)])).toEqual([[200, { received: true, duplicate: true }]])
    expect(await relay.inbox.count()).toBe(1)
    expect((await relay.inbox.list())[0]!.deliveries).toBe(2)

    await relay.worker.drain()
    // A distinct event for the same session (Stripe can emit one after a retried API call).
    await relay.sandbox.stripe.checkoutCompleted({ sessionId: event.data.object.id, amountTotal: 10_000, metadata: { bookingId: 'bk_twice' } })
    await relay.worker.drain()
    expect(await relay.inbox.count()).toBe(2)
    expect((await relay.documents.get('bookings', 'bk_twice'))).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
  })

  it('derives the status from the money for a booking already past the deposit stage', async () => {
    await putBooking('bk_completed', { status: 'completed', paidCents: 10_000 })
    await relay.control.stripe.checkoutCompleted({ clientReferenceId: 'bk_completed', amountTotal: 100_000, webhookUrl: relay.webhookUrl('stripe') })
    await relay.worker.drain()
    // Not yet the total, and the event is still ahead: the deposit stage it was typed past stays.
    expect((await relay.documents.get('bookings', 'bk_completed'))).toMatchObject({ paidCents: 110_000, status: 'deposit_paid' })
    await relay.control.stripe.checkoutCompleted({ clientReferenceId: 'bk_completed', amountTotal: 55_000, webhookUrl: relay.webhookUrl('stripe') })
    await relay.worker.drain()
    expect((await relay.documents.get('bookings', 'bk_completed'))).toMatchObject({ paidCents: 165_000, status: 'paid_in_full' })
  })

  it('ignores a session that completed unpaid (a delayed payment method)', async () => {
    await putBooking('bk_unpaid')
    await relay.control.stripe.checkoutCompleted({ clientReferenceId: 'bk_unpaid', amountTotal: 10_000, paymentStatus: 'unpaid', webhookUrl: relay.webhookUrl('stripe') })
    await relay.worker.drain()
    expect((await relay.documents.get('bookings', 'bk_unpaid'))).toMatchObject({ paidCents: 0, status: 'confirmed' })
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'done' })
  })

  it('keeps retrying a payment for a booking the relay does not know', async () => {
    await relay.control.stripe.checkoutCompleted({ clientReferenceId: 'bk_missing', amountTotal: 10_000, webhookUrl: relay.webhookUrl('stripe') })
    await relay.worker.drain()
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'BookingNotFoundError: No booking bk_missing for this Stripe payment' })
  })
})
