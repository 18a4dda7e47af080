/**
 * Stripe simulator against Stripe's published API reference: API version 2026-10-28.endive, as the
 * OpenAPI description (github.com/stripe/openapi) is generated into stripe-node 23.1.0's types
 * (`resources/Checkout/Sessions.d.ts`, `Charges.d.ts`, `Disputes.d.ts`, `Events.d.ts`,
 * `WebhookEndpoints.d.ts`), plus the API reference pages on errors, idempotent requests,
 * pagination and webhook signatures. Required fields below are the non-optional properties of those
 * types, copied as names only; enums are the types' literal unions.
 *
 * Covered: every endpoint and event the project uses or the lifecycle needs — webhook endpoints
 * (create, list, delete), Checkout Sessions (create, retrieve, expire), events (retrieve), the
 * idempotency rules, error shapes and status codes, and the signed webhook deliveries of
 * `checkout.session.completed`, `.expired`, `.async_payment_succeeded`, `.async_payment_failed`,
 * `charge.refunded` and `charge.dispute.*`.
 */
import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../index'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'
import { expectRequired } from '../testing/conformance'

const sessionRequired = `id object adaptive_pricing after_expiration allow_promotion_codes allowed_payment_method_types amount_subtotal amount_total automatic_tax billing_address_collection cancel_url client_reference_id client_secret collected_information consent consent_collection created currency currency_conversion custom_fields custom_text customer customer_account customer_creation customer_details customer_email discounts expires_at integration_identifier invoice invoice_creation livemode locale managed_payments metadata mode origin_context payment_intent payment_link payment_method_collection payment_method_configuration_details payment_method_options payment_method_types payment_status permissions recovered_from saved_payment_method_options setup_intent shipping_address_collection shipping_cost shipping_options status submit_type subscription success_url total_details ui_mode url wallet_options`
const chargeRequired = `id object amount amount_captured amount_refunded application application_fee application_fee_amount balance_transaction billing_details calculated_statement_descriptor captured created currency customer description disputed failure_balance_transaction failure_code failure_message fraud_details livemode metadata on_behalf_of outcome paid payment_intent payment_method payment_method_details receipt_email receipt_number receipt_url refunded review shipping source source_transfer statement_descriptor statement_descriptor_suffix status transfer_data transfer_group`
const disputeRequired = `id object amount balance_transactions charge created currency enhanced_eligibility_types evidence evidence_details intended_submission_method is_charge_refundable livemode metadata payment_intent reason status`
const eventRequired = `id object api_version created data livemode pending_webhooks request type`
const webhookEndpointRequired = `id object api_version application created description enabled_events livemode metadata status url`

const enums = {
  sessionStatus: ['complete', 'expired', 'open'],
  sessionPaymentStatus: ['no_payment_required', 'paid', 'unpaid'],
  sessionMode: ['payment', 'setup', 'subscription'],
  sessionUiMode: ['elements', 'embedded_page', 'form', 'hosted_page'],
  chargeStatus: ['failed', 'pending', 'succeeded'],
  disputeStatus: ['appeal_needs_response', 'appeal_under_review', 'lost', 'needs_response', 'prevented', 'under_review', 'warning_closed', 'warning_needs_response', 'warning_under_review', 'won'],
  errorType: ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'],
}


let sandbox: Sandbox
let receiver: WebhookReceiver
let stripe: Stripe
const port = () => Number(new URL(sandbox.urls.stripe).port)

beforeEach(async () => {
  sandbox = await startSandbox()
  receiver = await startWebhookReceiver()
  stripe = new Stripe(sandbox.secrets.stripe.secretKey, { host: '127.0.0.1', port: port(), protocol: 'http', maxNetworkRetries: 0 })
  await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] })
})
afterEach(async () => {
  await receiver.close()
  await sandbox.close()
})

const depositParams = (amount = 10_000): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  client_reference_id: 'bk_conf',
  metadata: { booking_id: 'bk_conf' },
  line_items: [{ price_data: { currency: 'usd', unit_amount: amount, product_data: { name: 'Deposit' } }, quantity: 1 }],
  success_url: 'https://example.com/thanks',
})

/** Every delivery so far, verified with the SDK exactly as the relay verifies it. */
function deliveredEvents(): Stripe.Event[] {
  return receiver.received.map((delivery) => {
    expect(delivery.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(delivery.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)')
    expect(delivery.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    return stripe.webhooks.constructEvent(delivery.body, String(delivery.headers['stripe-signature']), sandbox.secrets.stripe.webhookSecret)
  })
}

async function control(path: string, body: unknown = {}): Promise<Response> {
  return fetch(`${sandbox.urls.stripe}/__sim/stripe/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

describe('Stripe conformance (API 2026-10-28.endive)', () => {
  it('Checkout Sessions: create, retrieve and expire carry every required field and the reference enums', async () => {
    const created = await stripe.checkout.sessions.create(depositParams())
    expectRequired(created, sessionRequired)
    expect(created.object).toBe('checkout.session')
    expect(created.id).toMatch(/^cs_test_/)
    expect(enums.sessionStatus).toContain(created.status)
    expect(enums.sessionPaymentStatus).toContain(created.payment_status)
    expect(enums.sessionMode).toContain(created.mode)
    // The gap this suite was written for: `hosted` is not a value of this API version's enum.
    expect(enums.sessionUiMode).toContain(created.ui_mode)
    expect(created.ui_mode).toBe('hosted_page')
    expect([created.status, created.payment_status, created.amount_total, created.currency]).toEqual(['open', 'unpaid', 10_000, 'usd'])

    const retrieved = await stripe.checkout.sessions.retrieve(created.id)
    expectRequired(retrieved, sessionRequired)
    expect(retrieved.id).toBe(created.id)

    const expired = await stripe.checkout.sessions.expire(created.id)
    expect([expired.status, expired.url]).toEqual(['expired', null])
    const again = await stripe.checkout.sessions.expire(created.id).catch((error: unknown) => error)
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect((again as Stripe.errors.StripeError).statusCode).toBe(400)
  })

  it('errors: 401 without a key, 404 resource_missing with param, each in the reference error shape', async () => {
    const anonymous = await fetch(`${sandbox.urls.stripe}/v1/checkout/sessions/cs_test_x`)
    expect(anonymous.status).toBe(401)
    const unauthorised = (await anonymous.json()) as { error: Record<string, unknown> }
    expect(enums.errorType).toContain(unauthorised.error.type)
    expect(unauthorised.error.message).toEqual(expect.any(String))

    const missing = (await stripe.checkout.sessions.retrieve('cs_test_missing').catch((error: unknown) => error)) as Stripe.errors.StripeError
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect([missing.statusCode, missing.code, missing.param, missing.type]).toEqual([404, 'resource_missing', 'id', 'StripeInvalidRequestError'])
  })

  it('webhook endpoints: create shows the secret once, list is a list object, delete answers deleted', async () => {
    const created = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['charge.refunded'] })
    expectRequired(created, webhookEndpointRequired)
    expect(created.secret).toMatch(/^whsec_/)
    const list = (await (await fetch(`${sandbox.urls.stripe}/v1/webhook_endpoints`, { headers: { authorization: `Bearer ${sandbox.secrets.stripe.secretKey}` } })).json()) as Record<string, unknown>
    expect(list).toMatchObject({ object: 'list', url: '/v1/webhook_endpoints', has_more: false })
    for (const endpoint of list.data as Record<string, unknown>[]) {
      expectRequired(endpoint, webhookEndpointRequired)
      expect(endpoint.secret).toBeUndefined()
    }
    expect(await stripe.webhookEndpoints.del(created.id)).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true })
  })

  it('idempotency: the same key and parameters replay the answer; other parameters are an idempotency_error', async () => {
    const first = await stripe.checkout.sessions.create(depositParams(), { idempotencyKey: 'deposit-bk_conf-1' })
    const replayed = await stripe.checkout.sessions.create(depositParams(), { idempotencyKey: 'deposit-bk_conf-1' })
    expect(replayed.id).toBe(first.id)
    const changed = (await stripe.checkout.sessions.create(depositParams(12_000), { idempotencyKey: 'deposit-bk_conf-1' }).catch((error: unknown) => error)) as Stripe.errors.StripeError
    expect(changed).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect([changed.statusCode, changed.rawType]).toEqual([400, 'idempotency_error'])
    expect(changed.message).toMatch(/same parameters/)
    // The same key on another endpoint is a different request too.
    const elsewhere = await stripe.webhookEndpoints.create({ url: 'https://example.com/x', enabled_events: ['*'] }, { idempotencyKey: 'deposit-bk_conf-1' }).catch((error: unknown) => error)
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
  })

  it('events: a paid session sends checkout.session.completed, retrievable from /v1/events, signed like Stripe', async () => {
    const session = await stripe.checkout.sessions.create(depositParams())
    expect((await control(`pay/${session.id}`)).status).toBe(200)
    const [completed] = deliveredEvents()
    expectRequired(completed, eventRequired)
    expect(completed).toMatchObject({ object: 'event', type: 'checkout.session.completed', api_version: Stripe.API_VERSION, livemode: false, request: { id: null, idempotency_key: null } })
    expectRequired(completed!.data.object, sessionRequired)
    expect(completed!.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' })
    expect((await stripe.events.retrieve(completed!.id)).id).toBe(completed!.id)
  })

  it('events: a delayed payment method completes unpaid, then async_payment_succeeded or async_payment_failed', async () => {
    const settles = await stripe.checkout.sessions.create(depositParams())
    const fails = await stripe.checkout.sessions.create(depositParams(20_000))
    await control(`pay/${settles.id}`, { delayed: true })
    await control(`pay/${fails.id}`, { delayed: true })
    expect((await control(`async-payment/${settles.id}`, { outcome: 'succeeded' })).status).toBe(200)
    expect((await control(`async-payment/${fails.id}`, { outcome: 'failed' })).status).toBe(200)
    // Settled once only.
    expect((await control(`async-payment/${fails.id}`, { outcome: 'succeeded' })).status).toBe(409)
    const events = deliveredEvents()
    expect(events.map((event) => [event.type, (event.data.object as Stripe.Checkout.Session).id, (event.data.object as Stripe.Checkout.Session).payment_status])).toEqual([
      ['checkout.session.completed', settles.id, 'unpaid'],
      ['checkout.session.completed', fails.id, 'unpaid'],
      ['checkout.session.async_payment_succeeded', settles.id, 'paid'],
      ['checkout.session.async_payment_failed', fails.id, 'unpaid'],
    ])
    for (const event of events) expectRequired(event.data.object, sessionRequired)
  })

  it('events: expiring sends checkout.session.expired; a refund sends charge.refunded with the amounts', async () => {
    const walkedAway = await stripe.checkout.sessions.create(depositParams())
    await stripe.checkout.sessions.expire(walkedAway.id)
    const paid = await stripe.checkout.sessions.create(depositParams())
    await control(`pay/${paid.id}`)
    expect((await control(`refund/${paid.id}`, { amount: 4_000 })).status).toBe(200)
    expect((await control(`refund/${paid.id}`)).status).toBe(200)
    expect((await control(`refund/${paid.id}`)).status).toBe(409) // nothing left to refund
    const events = deliveredEvents()
    expect(events.map((event) => event.type)).toEqual(['checkout.session.expired', 'checkout.session.completed', 'charge.refunded', 'charge.refunded'])
    const refunds = events.filter((event): event is Stripe.ChargeRefundedEvent => event.type === 'charge.refunded').map((event) => event.data.object)
    for (const charge of refunds) {
      expectRequired(charge, chargeRequired)
      expect(enums.chargeStatus).toContain(charge.status)
      expect(charge.payment_intent).toBe((events[1]!.data.object as Stripe.Checkout.Session).payment_intent)
    }
    expect(refunds.map((charge) => [charge.amount, charge.amount_refunded, charge.refunded])).toEqual([
      [10_000, 4_000, false],
      [10_000, 10_000, true],
    ])
  })

  it('events: a dispute goes created → funds_withdrawn, then updated → closed (→ funds_reinstated when won)', async () => {
    const won = await stripe.checkout.sessions.create(depositParams())
    const lost = await stripe.checkout.sessions.create(depositParams())
    await control(`pay/${won.id}`)
    await control(`pay/${lost.id}`)
    const opened = (await (await control(`dispute/${won.id}`, { reason: 'product_not_received' })).json()) as { dispute: Stripe.Dispute }
    const openedLost = (await (await control(`dispute/${lost.id}`)).json()) as { dispute: Stripe.Dispute }
    expect((await control(`dispute/${won.id}`)).status).toBe(409) // one dispute per charge
    await control(`dispute/${opened.dispute.id}/close`, { outcome: 'won' })
    await control(`dispute/${openedLost.dispute.id}/close`, { outcome: 'lost' })
    const disputeEvents = deliveredEvents().filter((event) => event.type.startsWith('charge.dispute.'))
    expect(disputeEvents.map((event) => [event.type, (event.data.object as Stripe.Dispute).id, (event.data.object as Stripe.Dispute).status])).toEqual([
      ['charge.dispute.created', opened.dispute.id, 'needs_response'],
      ['charge.dispute.funds_withdrawn', opened.dispute.id, 'needs_response'],
      ['charge.dispute.created', openedLost.dispute.id, 'needs_response'],
      ['charge.dispute.funds_withdrawn', openedLost.dispute.id, 'needs_response'],
      ['charge.dispute.updated', opened.dispute.id, 'under_review'],
      ['charge.dispute.closed', opened.dispute.id, 'won'],
      ['charge.dispute.funds_reinstated', opened.dispute.id, 'won'],
      ['charge.dispute.updated', openedLost.dispute.id, 'under_review'],
      ['charge.dispute.closed', openedLost.dispute.id, 'lost'],
    ])
    for (const event of disputeEvents) {
      const dispute = event.data.object as Stripe.Dispute
      expectRequired(dispute, disputeRequired)
      expect(enums.disputeStatus).toContain(dispute.status)
      expect(dispute.charge).toMatch(/^ch_/)
      expect(dispute.reason).toEqual(expect.any(String))
    }
  })

  it("charges and sessions lookups: a dispute's charge carries the PaymentIntent metadata, and its Checkout Session is found by payment_intent", async () => {
    const paid = await stripe.checkout.sessions.create({ ...depositParams(), payment_intent_data: { metadata: { booking_id: 'bk_conf' } } })
    await control(`pay/${paid.id}`)
    const opened = (await (await control(`dispute/${paid.id}`)).json()) as { dispute: Stripe.Dispute }
    const charge = await stripe.charges.retrieve(String(opened.dispute.charge))
    expectRequired(charge, chargeRequired)
    expect(charge.metadata).toEqual({ booking_id: 'bk_conf' }) // the PaymentIntent's, not the session's
    expect(charge.disputed).toBe(true)
    const sessions = await stripe.checkout.sessions.list({ payment_intent: String(charge.payment_intent), limit: 1 })
    expect(sessions.object).toBe('list')
    expect(sessions.data.map((session) => session.id)).toEqual([paid.id])
    expectRequired(sessions.data[0], sessionRequired)
    expect((await stripe.checkout.sessions.list({ payment_intent: 'pi_unknown' })).data).toEqual([])
    const missing = await stripe.charges.retrieve('ch_missing').catch((error: unknown) => error)
    expect(missing).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' })
  })
})
