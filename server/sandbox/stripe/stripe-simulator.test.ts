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
    expect(session.url).toBe(`${sandbox.urls.stripe}/pay/${session.id}`)

    // The stand-in hosted page shows the amount and a form; its button posts back, like a browser.
    const page = await fetch(session.url!)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('$100.00')
    expect(html).toContain(`<form method="post" action="/pay/${session.id}">`)
    expect(html).not.toMatch(/<script|https?:\/\//)
    const paid = await fetch(session.url!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
    expect(paid.status).toBe(200)
    expect(await paid.text()).toContain('Payment received')
    expect(receiver.received).toHaveLength(1)
    const [delivery] = receiver.received
    const event = stripe.webhooks.constructEvent(delivery!.body, String(delivery!.headers['stripe-signature']), sandbox.secrets.stripe.webhookSecret, 300)
    expect(event.type).toBe('checkout.session.completed')
    const completed = (event as Stripe.CheckoutSessionCompletedEvent).data.object
    expect(completed).toMatchObject({ id: session.id, payment_status: 'paid', status: 'complete', amount_total: 10_000 })
    expect(() => stripe.webhooks.constructEvent(delivery!.body, String(delivery!.headers['stripe-signature']), 'whsec_other')).toThrow()
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid')

    // A paid session cannot be paid again: no second event.
    const again = await fetch(session.url!, { method: 'POST' })
    expect(again.status).toBe(409)
    expect(receiver.received).toHaveLength(1)
  })

  it('expires an open session through the SDK with a signed checkout.session.expired, and refuses to pay it', async () => {
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['checkout.session.completed', 'checkout.session.expired'] })
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      client_reference_id: 'bk_7',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 10_000, product_data: { name: 'Deposit' } }, quantity: 1 }],
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      success_url: 'https://example.com/thanks',
    })
    expect(session.status).toBe('open')
    const expired = await stripe.checkout.sessions.expire(session.id)
    expect(expired).toMatchObject({ id: session.id, status: 'expired', url: null })
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 })

    expect(receiver.received).toHaveLength(1)
    const event = stripe.webhooks.constructEvent(receiver.received[0]!.body, String(receiver.received[0]!.headers['stripe-signature']), sandbox.secrets.stripe.webhookSecret)
    expect(event).toMatchObject({ type: 'checkout.session.expired', data: { object: { id: session.id, client_reference_id: 'bk_7', status: 'expired' } } })

    const page = await fetch(`${sandbox.urls.stripe}/pay/${session.id}`)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('expired')
    expect((await fetch(`${sandbox.urls.stripe}/pay/${session.id}`, { method: 'POST' })).status).toBe(409)
    expect(receiver.received).toHaveLength(1)
  })

  it('expires a session whose expires_at has passed, and validates expires_at and mode like Stripe', async () => {
    let now = Date.now()
    const clocked = await (await import('./stripe-simulator')).startStripeSimulator({ webhookSecret: 'whsec_test', now: () => new Date(now) })
    try {
      const client = new Stripe('sk_test_x', { host: '127.0.0.1', port: Number(new URL(clocked.url).port), protocol: 'http', maxNetworkRetries: 0 })
      const created = await client.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com', expires_at: Math.floor(now / 1000) + 1800 })
      now += 1801_000
      expect((await client.checkout.sessions.retrieve(created.id)).status).toBe('expired')
      await expect(client.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com', expires_at: Math.floor(now / 1000) + 60 })).rejects.toMatchObject({
        statusCode: 400,
        param: 'expires_at',
      })
      await expect(client.checkout.sessions.create({ mode: 'subscription', success_url: 'https://example.com' })).rejects.toMatchObject({ param: 'mode' })
    } finally {
      await clocked.close()
    }
  })

  it('escapes what it shows on the payment page', async () => {
    const { paymentPage } = await import('./payment-page')
    const html = paymentPage({ id: 'cs_1', amount_total: 100 } as never, '<b>Evil & Co</b>')
    expect(html).toContain('&lt;b&gt;Evil &amp; Co&lt;/b&gt;')
    expect(html).not.toContain('<b>Evil')
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
