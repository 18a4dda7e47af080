import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../index'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'

let sandbox: Sandbox
let receiver: WebhookReceiver
let stripe: Stripe

beforeEach(async () => {
  sandbox = await startSandbox()
  receiver = await startWebhookReceiver()
  stripe = new Stripe(sandbox.secrets.stripe.secretKey, {
    host: '127.0.0.1',
    port: Number(new URL(sandbox.urls.stripe).port),
    protocol: 'http',
    maxNetworkRetries: 0,
  })
})
afterEach(async () => {
  await receiver.close()
  await sandbox.close()
})

describe('Stripe simulator', () => {
  it('serves Checkout Sessions to the SDK and signs the completion event the way Stripe does', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['checkout.session.completed'] })
    expect(endpoint.secret).toBe(sandbox.secrets.stripe.webhookSecret)
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      client_reference_id: 'bk_123',
      metadata: { bookingId: 'bk_123' },
      line_items: [{ price_data: { currency: 'usd', unit_amount: 10_000, product_data: { name: 'Deposit' } }, quantity: 1 }],
      success_url: 'https://example.com/thanks',
    })
    expect(session).toMatchObject({ client_reference_id: 'bk_123', amount_total: 10_000, metadata: { bookingId: 'bk_123' }, payment_status: 'unpaid' })
    expect(session.url).toContain(`/__sim/stripe/pay/${session.id}`)

    const paid = await fetch(session.url!, { method: 'POST' })
    expect(paid.status).toBe(200)
    expect(receiver.received).toHaveLength(1)
    const [delivery] = receiver.received
    const event = stripe.webhooks.constructEvent(delivery!.body, String(delivery!.headers['stripe-signature']), sandbox.secrets.stripe.webhookSecret, 300)
    expect(event.type).toBe('checkout.session.completed')
    const completed = (event as Stripe.CheckoutSessionCompletedEvent).data.object
    expect(completed).toMatchObject({ id: session.id, payment_status: 'paid', status: 'complete', amount_total: 10_000 })
    expect(() => stripe.webhooks.constructEvent(delivery!.body, String(delivery!.headers['stripe-signature']), 'whsec_other')).toThrow()
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid')
  })

  it('rejects requests without a secret key, with Stripe’s error shape', async () => {
    const response = await fetch(`${sandbox.urls.stripe}/v1/checkout/sessions/cs_x`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
    await expect(stripe.checkout.sessions.retrieve('cs_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('redelivers an event with the same body and a fresh signature', async () => {
    const { event } = await sandbox.stripe.checkoutCompleted({ clientReferenceId: 'bk_1', amountTotal: 5_000, webhookUrl: receiver.url })
    await sandbox.stripe.redeliver(event.id, receiver.url)
    expect(receiver.received).toHaveLength(2)
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body)
  })

  it('answers a repeated Idempotency-Key with the first response', async () => {
    const params = { mode: 'payment' as const, client_reference_id: 'bk_9', success_url: 'https://example.com/ok' }
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: 'same-key' })
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: 'same-key' })
    expect(second.id).toBe(first.id)
    expect((await stripe.checkout.sessions.create(params, { idempotencyKey: 'other-key' })).id).not.toBe(first.id)
  })
})
