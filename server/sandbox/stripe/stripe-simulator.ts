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
 * Control endpoints (never used by real Stripe):
 * - `POST /__sim/stripe/checkout-completed` — complete a session and deliver the event
 * - `POST /__sim/stripe/pay/:sessionId` — "pay" a session created through the API (as the page does)
 * - `POST /__sim/stripe/expire/:sessionId` — expire an open session (as if the customer walked away)
 * - `GET /__sim/stripe/checkout-sessions?client_reference_id=…` — the sessions made for a booking
 * - `POST /__sim/stripe/redeliver` — send an event again, freshly signed (a Stripe retry)
 */
import type { FastifyReply } from 'fastify'
import Stripe from 'stripe'
import { deliverWebhook, randomId, startSimulatorServer, unixSeconds, type DeliveryResult } from '../simulator-server'
import { parseStripeForm } from './form-body'
import { buildCheckoutSession, buildCheckoutSessionCompletedEvent, buildCheckoutSessionExpiredEvent, type CheckoutSessionInput } from './payloads'
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
  redeliver(eventId: string, webhookUrl?: string): Promise<DeliveredEvent>
  close(): Promise<void>
}

export async function startStripeSimulator(options: StripeSimulatorOptions): Promise<StripeSimulator> {
  const now = options.now ?? (() => new Date())
  const endpoints = new Map<string, StripeWebhookEndpoint>()
  const sessions = new Map<string, Stripe.Checkout.Session>()
  const events = new Map<string, { event: Stripe.Event; body: string }>()
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

  /** Pays an open session; refuses (with Stripe's wording) one that is complete or expired. */
  async function pay(sessionId: string): Promise<DeliveredEvent | { refused: string }> {
    const session = await current(sessionId)
    if (!session) return { refused: 'missing' }
    if (session.status !== 'open') return { refused: session.status === 'complete' ? 'This Checkout Session is already paid.' : 'This Checkout Session has expired.' }
    const paid: Stripe.Checkout.Session = {
      ...session,
      payment_status: 'paid',
      status: 'complete',
      payment_intent: randomId('pi_'),
      url: null,
    }
    return completeSession(paid)
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

    // A repeated Idempotency-Key gets the first answer back, as Stripe does for SDK retries.
    const idempotentAnswers = new Map<string, { status: number; payload: unknown }>()
    app.addHook('preHandler', async (request, reply) => {
      const key = request.method === 'POST' ? request.headers['idempotency-key'] : undefined
      const stored = typeof key === 'string' ? idempotentAnswers.get(key) : undefined
      if (stored) return reply.code(stored.status).header('idempotent-replayed', 'true').send(stored.payload)
    })
    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.method === 'POST' && request.url.startsWith('/v1/') ? request.headers['idempotency-key'] : undefined
      if (typeof key === 'string' && !idempotentAnswers.has(key) && typeof payload === 'string') {
        idempotentAnswers.set(key, { status: reply.statusCode, payload: JSON.parse(payload) as unknown })
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
      return session
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
      const result = await pay(request.params.sessionId)
      if (!('refused' in result)) return result
      if (result.refused === 'missing') return missing(reply, 'checkout.session', request.params.sessionId)
      return stripeError(reply, 409, 'invalid_request_error', 'checkout_session_not_open', result.refused)
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
    checkoutCompleted: ({ webhookUrl, ...input }) =>
      completeSession(buildCheckoutSession({ paymentStatus: 'paid', ...input }, now()), webhookUrl),
    async redeliver(eventId, webhookUrl) {
      const stored = events.get(eventId)
      if (!stored) throw new Error(`No event ${eventId} in the Stripe simulator`)
      return { event: stored.event, deliveries: await send(stored.event, stored.body, webhookUrl) }
    },
    close: () => server.close(),
  }
  return simulator
}

function stripeError(reply: FastifyReply, status: number, type: string, code: string, message: string, param?: string) {
  return reply.code(status).send({ error: { type, code, message, ...(param ? { param } : {}) } })
}

function missing(reply: FastifyReply, object: string, id: string) {
  return stripeError(reply, 404, 'invalid_request_error', 'resource_missing', `No such ${object}: '${id}'`, 'id')
}
