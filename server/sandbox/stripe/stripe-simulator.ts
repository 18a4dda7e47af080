/**
 * A Stripe simulator for the official SDK (`host`/`port`/`protocol` pointed here): webhook
 * endpoints, Checkout Sessions and events over the real REST shapes, and webhook deliveries
 * signed with the real `Stripe-Signature` scheme (HMAC-SHA256 of `t.body`, `whsec_` secret).
 *
 * Checkout: `POST /v1/checkout/sessions` answers with a `url` to the simulator's stand-in hosted
 * page, `GET /pay/:sessionId` (plain HTML, no external resources); its Pay button posts back to
 * the same address, which completes the session and delivers a signed `checkout.session.completed`.
 * `POST /v1/checkout/sessions/:id/expire` (or the session's `expires_at` passing) expires it, with
 * a `checkout.session.expired` event.
 *
 * Charges behind paid sessions: `GET /v1/charges/:id` (metadata from the session's
 * `payment_intent_data.metadata`, as Stripe copies PaymentIntent metadata to its charge) and
 * `GET /v1/checkout/sessions?payment_intent=…` find the booking of a refund or dispute.
 *
 * Control endpoints (never used by real Stripe):
 * - `POST /__sim/stripe/checkout-completed` — complete a session and deliver the event
 * - `POST /__sim/stripe/pay/:sessionId` `{delayed?: true}` — with `delayed`, a bank debit: the session
 *   completes `unpaid`, and `POST /__sim/stripe/async-payment/:sessionId` `{outcome}` settles it
 *   (`checkout.session.async_payment_succeeded` / `_failed`)
 * - `POST /__sim/stripe/refund/:sessionId` `{amount?}` — refunds the session's charge (`charge.refunded`)
 * - `POST /__sim/stripe/dispute/:sessionId` `{reason?}` — the customer's bank disputes the charge
 *   (`charge.dispute.created`, `charge.dispute.funds_withdrawn`); `POST /__sim/stripe/dispute/:disputeId/close`
 *   `{outcome: won|lost}` closes it (`charge.dispute.updated`, `charge.dispute.closed`, and
 *   `charge.dispute.funds_reinstated` when won)
 * - `POST /__sim/stripe/pay/:sessionId` — "pay" a session created through the API (as the page does)
 * - `POST /__sim/stripe/expire/:sessionId` — expire an open session (as if the customer walked away)
 * - `GET /__sim/stripe/checkout-sessions?client_reference_id=…` — the sessions made for a booking
 * - `POST /__sim/stripe/redeliver` — send an event again, freshly signed (a Stripe retry)
 */
import type { FastifyReply } from 'fastify'
import Stripe from 'stripe'
import { deliverWebhook, randomId, startSimulatorServer, unixSeconds, type DeliveryResult } from '../simulator-server'
import { parseStripeForm } from './form-body'
import {
  buildAsyncPaymentEvent,
  buildCharge,
  buildChargeRefundedEvent,
  buildCheckoutSession,
  buildCheckoutSessionCompletedEvent,
  buildCheckoutSessionExpiredEvent,
  buildDispute,
  buildDisputeEvent,
  type CheckoutSessionInput,
} from './payloads'
import { paidPage, paymentPage, unavailablePage } from './payment-page'

export interface StripeSimulatorOptions {
  webhookSecret: string
  now?: () => Date
  /** Shown on the stand-in payment page. */
  businessName?: string
}

export interface StripeWebhookEndpoint {
  id: string
  object: 'webhook_endpoint'
  url: string
  enabled_events: string[]
  status: 'enabled' | 'disabled'
  livemode: false
  created: number
  api_version: string | null
  metadata: Record<string, string>
  description: string | null
  application: null
  secret?: string
}

/** Body of `POST /__sim/stripe/checkout-completed`. */
export interface CheckoutCompletedControl extends CheckoutSessionInput {
  /** Also (or only, when no endpoint is registered) deliver here. */
  webhookUrl?: string
}

export interface DeliveredEvent {
  event: Stripe.Event
  deliveries: DeliveryResult[]
}

export interface StripeSimulator {
  url: string
  /** Every event built so far, by id. */
  events: Map<string, { event: Stripe.Event; body: string }>
  checkoutCompleted(input: CheckoutCompletedControl): Promise<DeliveredEvent>
  /** Every Checkout Session, by id. */
  sessions: Map<string, Stripe.Checkout.Session>
  /** The charge behind each paid session, by session id. */
  charges: Map<string, Stripe.Charge>
  disputes: Map<string, Stripe.Dispute>
  redeliver(eventId: string, webhookUrl?: string): Promise<DeliveredEvent>
  close(): Promise<void>
}

export async function startStripeSimulator(options: StripeSimulatorOptions): Promise<StripeSimulator> {
  const now = options.now ?? (() => new Date())
  const endpoints = new Map<string, StripeWebhookEndpoint>()
  const sessions = new Map<string, Stripe.Checkout.Session>()
  const events = new Map<string, { event: Stripe.Event; body: string }>()
  const charges = new Map<string, Stripe.Charge>()
  const disputes = new Map<string, Stripe.Dispute>()
  /** `payment_intent_data.metadata` per session: Stripe copies it to the PaymentIntent and its charge. */
  const paymentIntentMetadata = new Map<string, Record<string, string>>()
  /** Sessions completed with a delayed payment method, waiting for the bank's answer. */
  const awaitingFunds = new Set<string>()
  let baseUrl = ''

  async function send(event: Stripe.Event, body: string, extraUrl?: string): Promise<DeliveryResult[]> {
    const urls = [...endpoints.values()]
      .filter((endpoint) => endpoint.status === 'enabled')
      .filter((endpoint) => endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(event.type))
      .map((endpoint) => endpoint.url)
    if (extraUrl && !urls.includes(extraUrl)) urls.push(extraUrl)
    const results: DeliveryResult[] = []
    for (const url of urls) {
      // Signed at send time with the current clock, as Stripe does for every attempt.
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: options.webhookSecret,
        timestamp: unixSeconds(now()),
      })
      results.push(
        await deliverWebhook(url, body, {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        }),
      )
    }
    return results
  }

  async function completeSession(session: Stripe.Checkout.Session, webhookUrl?: string): Promise<DeliveredEvent> {
    sessions.set(session.id, session)
    return emit(buildCheckoutSessionCompletedEvent(session, now()), webhookUrl)
  }

  async function emit(event: Stripe.Event, webhookUrl?: string): Promise<DeliveredEvent> {
    // Stripe pretty-prints event bodies; the signature covers these exact bytes.
    const body = JSON.stringify(event, null, 2)
    events.set(event.id, { event, body })
    return { event, deliveries: await send(event, body, webhookUrl) }
  }

  /** An open session whose `expires_at` has passed is expired the moment anyone looks at it. */
  async function current(sessionId: string): Promise<Stripe.Checkout.Session | null> {
    const session = sessions.get(sessionId)
    if (!session) return null
    if (session.status === 'open' && session.expires_at <= unixSeconds(now())) await expire(session)
    return sessions.get(sessionId)!
  }

  async function expire(session: Stripe.Checkout.Session): Promise<DeliveredEvent> {
    const expired: Stripe.Checkout.Session = { ...session, status: 'expired', url: null }
    sessions.set(session.id, expired)
    return emit(buildCheckoutSessionExpiredEvent(expired, now()))
  }

  /**
   * Pays an open session; refuses (with Stripe's wording) one that is complete or expired. A
   * delayed method (a bank debit) completes the session `unpaid`; the money follows, or not, later.
   */
  async function pay(sessionId: string, delayed = false): Promise<DeliveredEvent | { refused: string }> {
    const session = await current(sessionId)
    if (!session) return { refused: 'missing' }
    if (session.status !== 'open') return { refused: session.status === 'complete' ? 'This Checkout Session is already paid.' : 'This Checkout Session has expired.' }
    const paid: Stripe.Checkout.Session = {
      ...session,
      payment_status: delayed ? 'unpaid' : 'paid',
      status: 'complete',
      payment_intent: randomId('pi_'),
      url: null,
    }
    if (delayed) awaitingFunds.add(paid.id)
    else recordCharge(paid)
    return completeSession(paid)
  }

  function recordCharge(session: Stripe.Checkout.Session): Stripe.Charge {
    const charge = buildCharge({
      paymentIntent: String(session.payment_intent),
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      amountRefunded: 0,
      disputed: false,
      // Not the session's metadata: Stripe does not copy that to payment objects.
      metadata: paymentIntentMetadata.get(session.id) ?? {},
      created: unixSeconds(now()),
      email: session.customer_details?.email ?? session.customer_email,
    })
    charges.set(session.id, charge)
    return charge
  }

  async function settleDelayedPayment(sessionId: string, outcome: 'succeeded' | 'failed'): Promise<DeliveredEvent | { refused: string }> {
    const session = sessions.get(sessionId)
    if (!session) return { refused: 'missing' }
    if (!awaitingFunds.delete(sessionId)) return { refused: 'This Checkout Session is not waiting for a delayed payment.' }
    const settled: Stripe.Checkout.Session = { ...session, payment_status: outcome === 'succeeded' ? 'paid' : 'unpaid' }
    sessions.set(sessionId, settled)
    if (outcome === 'succeeded') recordCharge(settled)
    return emit(buildAsyncPaymentEvent(outcome, settled, now()))
  }

  async function refund(sessionId: string, amount?: number): Promise<DeliveredEvent | { refused: string }> {
    const charge = charges.get(sessionId)
    if (!charge) return { refused: sessions.has(sessionId) ? 'This Checkout Session has no successful charge to refund.' : 'missing' }
    const refundable = charge.amount - charge.amount_refunded
    const requested = amount ?? refundable
    if (!Number.isInteger(requested) || requested < 1 || requested > refundable) return { refused: `Refund amount must be between 1 and ${refundable}.` }
    const refunded: Stripe.Charge = { ...charge, amount_refunded: charge.amount_refunded + requested, refunded: charge.amount_refunded + requested >= charge.amount }
    charges.set(sessionId, refunded)
    return emit(buildChargeRefundedEvent(refunded, now()))
  }

  async function openDispute(sessionId: string, reason: string): Promise<{ dispute: Stripe.Dispute; events: DeliveredEvent[] } | { refused: string }> {
    const charge = charges.get(sessionId)
    if (!charge) return { refused: sessions.has(sessionId) ? 'This Checkout Session has no successful charge to dispute.' : 'missing' }
    if (charge.disputed) return { refused: 'This charge is already disputed.' }
    charges.set(sessionId, { ...charge, disputed: true })
    const dispute = buildDispute({ charge, status: 'needs_response', reason, created: unixSeconds(now()) })
    disputes.set(dispute.id, dispute)
    return { dispute, events: [await emit(buildDisputeEvent('charge.dispute.created', dispute, now())), await emit(buildDisputeEvent('charge.dispute.funds_withdrawn', dispute, now()))] }
  }

  async function closeDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<{ dispute: Stripe.Dispute; events: DeliveredEvent[] } | { refused: string }> {
    const open = disputes.get(disputeId)
    if (!open) return { refused: 'missing' }
    if (open.status === 'won' || open.status === 'lost') return { refused: `This dispute is already ${open.status}.` }
    const reviewed: Stripe.Dispute = { ...open, status: 'under_review', evidence_details: { ...open.evidence_details, has_evidence: true, submission_count: 1, submission_method: 'manual' } }
    const closed: Stripe.Dispute = { ...reviewed, status: outcome }
    disputes.set(disputeId, closed)
    const events = [await emit(buildDisputeEvent('charge.dispute.updated', reviewed, now())), await emit(buildDisputeEvent('charge.dispute.closed', closed, now()))]
    if (outcome === 'won') events.push(await emit(buildDisputeEvent('charge.dispute.funds_reinstated', closed, now())))
    return { dispute: closed, events }
  }

  const server = await startSimulatorServer((app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, parseStripeForm(body as string)),
    )

    // Everything under /v1 needs a secret key, like Stripe.
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/v1/')) return
      const authorization = request.headers.authorization ?? ''
      if (!/^Bearer (sk|rk)_(test|live)_\S+$/.test(authorization)) {
        return stripeError(reply, 401, 'invalid_request_error', 'api_key_invalid', 'Invalid API Key provided.')
      }
    })

    // A repeated Idempotency-Key gets the first answer back, as Stripe does for SDK retries, but
    // only for the same request: the same key with other parameters (or on another endpoint) is an
    // `idempotency_error`. Only completed requests are remembered; a refused one may be retried.
    const idempotentAnswers = new Map<string, { fingerprint: string; status: number; payload: unknown }>()
    const fingerprintOf = (request: { method: string; url: string; body: unknown }) => JSON.stringify([request.method, request.url.split('?')[0], request.body ?? null])
    app.addHook('preHandler', async (request, reply) => {
      const key = request.method === 'POST' && request.url.startsWith('/v1/') ? request.headers['idempotency-key'] : undefined
      const stored = typeof key === 'string' ? idempotentAnswers.get(key) : undefined
      if (!stored) return
      if (stored.fingerprint !== fingerprintOf(request)) {
        return stripeError(
          reply,
          400,
          'idempotency_error',
          null,
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${String(key)}' if you meant to execute a different request.`,
        )
      }
      return reply.code(stored.status).header('idempotent-replayed', 'true').send(stored.payload)
    })
    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.method === 'POST' && request.url.startsWith('/v1/') ? request.headers['idempotency-key'] : undefined
      if (typeof key === 'string' && !idempotentAnswers.has(key) && typeof payload === 'string' && reply.statusCode < 400) {
        idempotentAnswers.set(key, { fingerprint: fingerprintOf(request), status: reply.statusCode, payload: JSON.parse(payload) as unknown })
      }
      return payload
    })

    app.post('/v1/webhook_endpoints', async (request, reply) => {
      const params = (request.body ?? {}) as { url?: string; enabled_events?: string[] | Record<string, string>; description?: string }
      if (!params.url) return stripeError(reply, 400, 'invalid_request_error', 'parameter_missing', 'Missing required param: url.', 'url')
      const enabled = Array.isArray(params.enabled_events) ? params.enabled_events : Object.values(params.enabled_events ?? {})
      const endpoint: StripeWebhookEndpoint = {
        id: randomId('we_'),
        object: 'webhook_endpoint',
        url: params.url,
        enabled_events: enabled.length > 0 ? enabled : ['*'],
        status: 'enabled',
        livemode: false,
        created: unixSeconds(now()),
        api_version: null,
        metadata: {},
        description: params.description ?? null,
        application: null,
      }
      endpoints.set(endpoint.id, endpoint)
      // Stripe shows the signing secret only in the create response.
      return { ...endpoint, secret: options.webhookSecret }
    })
    app.get('/v1/webhook_endpoints', async () => ({
      object: 'list',
      url: '/v1/webhook_endpoints',
      has_more: false,
      data: [...endpoints.values()],
    }))
    app.delete<{ Params: { id: string } }>('/v1/webhook_endpoints/:id', async (request, reply) => {
      if (!endpoints.delete(request.params.id)) return missing(reply, 'webhook_endpoint', request.params.id)
      return { id: request.params.id, object: 'webhook_endpoint', deleted: true }
    })

    app.post('/v1/checkout/sessions', async (request, reply) => {
      const params = (request.body ?? {}) as {
        client_reference_id?: string
        metadata?: Record<string, string>
        customer_email?: string
        success_url?: string
        expires_at?: string
        mode?: string
        payment_intent_data?: { metadata?: Record<string, string> }
        line_items?: { quantity?: string; price_data?: { unit_amount?: string; currency?: string } }[]
      }
      if (params.mode !== undefined && params.mode !== 'payment') {
        return stripeError(reply, 400, 'invalid_request_error', 'parameter_invalid_string', 'This simulator supports mode=payment only.', 'mode')
      }
      const expiresAt = params.expires_at === undefined ? null : Number(params.expires_at)
      const createdAt = unixSeconds(now())
      // Stripe accepts 30 minutes to 24 hours from creation.
      if (expiresAt !== null && (!Number.isInteger(expiresAt) || expiresAt < createdAt + 1800 || expiresAt > createdAt + 86_400)) {
        return stripeError(reply, 400, 'invalid_request_error', 'parameter_invalid_integer', 'expires_at must be 30 minutes to 24 hours from now.', 'expires_at')
      }
      const lineItems = params.line_items ?? []
      const amountTotal = lineItems.reduce((sum, item) => sum + Number(item.price_data?.unit_amount ?? 0) * Number(item.quantity ?? 1), 0)
      const sessionId = randomId('cs_test_')
      const session = buildCheckoutSession(
        {
          sessionId,
          clientReferenceId: params.client_reference_id ?? null,
          metadata: params.metadata ?? {},
          amountTotal,
          currency: lineItems[0]?.price_data?.currency ?? 'usd',
          customerEmail: params.customer_email ?? null,
          successUrl: params.success_url ?? null,
          paymentStatus: 'unpaid',
          url: `${baseUrl}/pay/${sessionId}`,
          expiresAt,
        },
        now(),
      )
      sessions.set(session.id, session)
      if (params.payment_intent_data?.metadata) paymentIntentMetadata.set(session.id, params.payment_intent_data.metadata)
      return session
    })
    // List, filtered as Stripe's `GET /v1/checkout/sessions` is by `payment_intent` (newest first).
    app.get<{ Querystring: { payment_intent?: string; limit?: string } }>('/v1/checkout/sessions', async (request, reply) => {
      const limit = request.query.limit === undefined ? 10 : Number(request.query.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return stripeError(reply, 400, 'invalid_request_error', 'parameter_invalid_integer', 'limit must be between 1 and 100.', 'limit')
      const matching = [...sessions.values()].filter((session) => !request.query.payment_intent || session.payment_intent === request.query.payment_intent).reverse()
      return { object: 'list', url: '/v1/checkout/sessions', has_more: matching.length > limit, data: matching.slice(0, limit) }
    })
    app.get<{ Params: { id: string } }>('/v1/charges/:id', async (request, reply) => {
      return [...charges.values()].find((charge) => charge.id === request.params.id) ?? missing(reply, 'charge', request.params.id)
    })
    app.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', async (request, reply) => {
      return (await current(request.params.id)) ?? missing(reply, 'checkout.session', request.params.id)
    })
    app.post<{ Params: { id: string } }>('/v1/checkout/sessions/:id/expire', async (request, reply) => {
      const session = await current(request.params.id)
      if (!session) return missing(reply, 'checkout.session', request.params.id)
      if (session.status !== 'open') {
        return stripeError(reply, 400, 'invalid_request_error', 'checkout_session_not_open', `Only Checkout Sessions with a status of open can be expired; this one is ${session.status}.`)
      }
      await expire(session)
      return sessions.get(session.id)
    })

    // The stand-in for checkout.stripe.com: a page a customer (or a test, like a browser) pays on.
    app.get<{ Params: { sessionId: string } }>('/pay/:sessionId', async (request, reply) => {
      const session = await current(request.params.sessionId)
      reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      if (!session) return reply.code(404).send(unavailablePage('This payment link is not valid.'))
      if (session.status !== 'open') {
        return reply.code(410).send(unavailablePage(session.status === 'complete' ? 'This deposit is already paid. Thank you!' : 'This payment link has expired. Ask us for a new one.'))
      }
      return paymentPage(session, options.businessName ?? 'Switchboard demo business')
    })
    app.post<{ Params: { sessionId: string } }>('/pay/:sessionId', async (request, reply) => {
      const result = await pay(request.params.sessionId)
      reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      if ('refused' in result) {
        return reply.code(result.refused === 'missing' ? 404 : 409).send(unavailablePage(result.refused === 'missing' ? 'This payment link is not valid.' : result.refused))
      }
      return paidPage(result.event.data.object as Stripe.Checkout.Session)
    })
    app.get<{ Params: { id: string } }>('/v1/events/:id', async (request, reply) => {
      return events.get(request.params.id)?.event ?? missing(reply, 'event', request.params.id)
    })

    app.post('/__sim/stripe/checkout-completed', async (request) => simulator.checkoutCompleted(request.body as CheckoutCompletedControl))
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/pay/:sessionId', async (request, reply) => {
      const result = await pay(request.params.sessionId, (request.body as { delayed?: unknown } | undefined)?.delayed === true)
      if (!('refused' in result)) return result
      if (result.refused === 'missing') return missing(reply, 'checkout.session', request.params.sessionId)
      return stripeError(reply, 409, 'invalid_request_error', 'checkout_session_not_open', result.refused)
    })
    const refusedOr = <T extends object>(reply: FastifyReply, id: string, object: string, result: T | { refused: string }) => {
      if (!('refused' in result)) return result
      if (result.refused === 'missing') return missing(reply, object, id)
      return stripeError(reply, 409, 'invalid_request_error', 'simulator_state', result.refused)
    }
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/async-payment/:sessionId', async (request, reply) => {
      const outcome = (request.body as { outcome?: unknown } | undefined)?.outcome
      if (outcome !== 'succeeded' && outcome !== 'failed') return stripeError(reply, 400, 'invalid_request_error', 'parameter_invalid', 'outcome must be succeeded or failed.', 'outcome')
      return refusedOr(reply, request.params.sessionId, 'checkout.session', await settleDelayedPayment(request.params.sessionId, outcome))
    })
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/refund/:sessionId', async (request, reply) => {
      const amount = (request.body as { amount?: unknown } | undefined)?.amount
      return refusedOr(reply, request.params.sessionId, 'checkout.session', await refund(request.params.sessionId, typeof amount === 'number' ? amount : undefined))
    })
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/dispute/:sessionId', async (request, reply) => {
      const reason = (request.body as { reason?: unknown } | undefined)?.reason
      return refusedOr(reply, request.params.sessionId, 'checkout.session', await openDispute(request.params.sessionId, typeof reason === 'string' ? reason : 'fraudulent'))
    })
    app.post<{ Params: { disputeId: string } }>('/__sim/stripe/dispute/:disputeId/close', async (request, reply) => {
      const outcome = (request.body as { outcome?: unknown } | undefined)?.outcome
      if (outcome !== 'won' && outcome !== 'lost') return stripeError(reply, 400, 'invalid_request_error', 'parameter_invalid', 'outcome must be won or lost.', 'outcome')
      return refusedOr(reply, request.params.disputeId, 'dispute', await closeDispute(request.params.disputeId, outcome))
    })
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/expire/:sessionId', async (request, reply) => {
      const session = await current(request.params.sessionId)
      if (!session) return missing(reply, 'checkout.session', request.params.sessionId)
      if (session.status !== 'open') return stripeError(reply, 409, 'invalid_request_error', 'checkout_session_not_open', `The session is ${session.status}.`)
      return expire(session)
    })
    app.get<{ Querystring: { client_reference_id?: string } }>('/__sim/stripe/checkout-sessions', async (request) => {
      const reference = request.query.client_reference_id
      const matching = [...sessions.values()].filter((session) => !reference || session.client_reference_id === reference)
      return { object: 'list', data: await Promise.all(matching.map(async (session) => (await current(session.id))!)) }
    })
    app.post('/__sim/stripe/redeliver', async (request, reply) => {
      const { eventId, webhookUrl } = (request.body ?? {}) as { eventId?: string; webhookUrl?: string }
      if (!eventId || !events.has(eventId)) return missing(reply, 'event', String(eventId))
      return simulator.redeliver(eventId, webhookUrl)
    })
  })
  baseUrl = server.url

  const simulator: StripeSimulator = {
    url: server.url,
    events,
    sessions,
    charges,
    disputes,
    checkoutCompleted: ({ webhookUrl, ...input }) => {
      const session = buildCheckoutSession({ paymentStatus: 'paid', ...input }, now())
      if (session.payment_status === 'paid') recordCharge(session)
      return completeSession(session, webhookUrl)
    },
    async redeliver(eventId, webhookUrl) {
      const stored = events.get(eventId)
      if (!stored) throw new Error(`No event ${eventId} in the Stripe simulator`)
      return { event: stored.event, deliveries: await send(stored.event, stored.body, webhookUrl) }
    },
    close: () => server.close(),
  }
  return simulator
}

/** Stripe's error body; `idempotency_error` carries no `code`. */
function stripeError(reply: FastifyReply, status: number, type: string, code: string | null, message: string, param?: string) {
  return reply.code(status).send({ error: { type, ...(code ? { code } : {}), message, ...(param ? { param } : {}) } })
}

function missing(reply: FastifyReply, object: string, id: string) {
  return stripeError(reply, 404, 'invalid_request_error', 'resource_missing', `No such ${object}: '${id}'`, 'id')
}
