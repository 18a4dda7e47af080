/**
 * A Stripe simulator for the official SDK (`host`/`port`/`protocol` pointed here): webhook
 * endpoints, Checkout Sessions and events over the real REST shapes, and webhook deliveries
 * signed with the real `Stripe-Signature` scheme (HMAC-SHA256 of `t.body`, `whsec_` secret).
 *
 * Control endpoints (never used by real Stripe):
 * - `POST /__sim/stripe/checkout-completed` — complete a session and deliver the event
 * - `POST /__sim/stripe/pay/:sessionId` — "pay" a session created through the API
 * - `POST /__sim/stripe/redeliver` — send an event again, freshly signed (a Stripe retry)
 */
import type { FastifyReply } from 'fastify'
import Stripe from 'stripe'
import { deliverWebhook, randomId, startSimulatorServer, unixSeconds, type DeliveryResult } from '../simulator-server'
import { parseStripeForm } from './form-body'
import { buildCheckoutSession, buildCheckoutSessionCompletedEvent, type CheckoutSessionInput } from './payloads'

export interface StripeSimulatorOptions {
  webhookSecret: string
  now?: () => Date
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
    const event = buildCheckoutSessionCompletedEvent(session, now())
    // Stripe pretty-prints event bodies; the signature covers these exact bytes.
    const body = JSON.stringify(event, null, 2)
    events.set(event.id, { event, body })
    return { event, deliveries: await send(event, body, webhookUrl) }
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

    app.post('/v1/checkout/sessions', async (request) => {
      const params = (request.body ?? {}) as {
        client_reference_id?: string
        metadata?: Record<string, string>
        customer_email?: string
        success_url?: string
        line_items?: { quantity?: string; price_data?: { unit_amount?: string; currency?: string } }[]
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
          url: `${baseUrl}/__sim/stripe/pay/${sessionId}`,
        },
        now(),
      )
      sessions.set(session.id, session)
      return session
    })
    app.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', async (request, reply) => {
      return sessions.get(request.params.id) ?? missing(reply, 'checkout.session', request.params.id)
    })
    app.get<{ Params: { id: string } }>('/v1/events/:id', async (request, reply) => {
      return events.get(request.params.id)?.event ?? missing(reply, 'event', request.params.id)
    })

    app.post('/__sim/stripe/checkout-completed', async (request) => simulator.checkoutCompleted(request.body as CheckoutCompletedControl))
    app.post<{ Params: { sessionId: string } }>('/__sim/stripe/pay/:sessionId', async (request, reply) => {
      const session = sessions.get(request.params.sessionId)
      if (!session) return missing(reply, 'checkout.session', request.params.sessionId)
      const paid: Stripe.Checkout.Session = { ...session, payment_status: 'paid', status: 'complete', payment_intent: randomId('pi_') }
      return completeSession(paid)
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
