/**
 * Provider webhooks (architecture §5): `POST /webhooks/ringcentral`, `/webhooks/stripe`,
 * `/webhooks/plaid`.
 *
 * An encapsulated plugin, so its raw-body parser and rate limit apply to these routes only. Each
 * request is verified on the exact bytes received, stored in the inbox, and only then answered
 * 2xx; processing happens afterwards in the inbox worker. A refused request stores nothing but an
 * audit record.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RelayApp } from '../../app'
import { InboxStore, type WebhookProvider } from '../../inbox/inbox-store'
import { createPlaidClient } from '../../providers/plaid/plaid-client'
import { PlaidKeyUnavailableError, PlaidWebhookVerifier } from '../../providers/plaid/verify-webhook'
import { handshakeTokenOf, verifyRingCentralWebhook } from '../../providers/ringcentral/verify-webhook'
import { verifyStripeWebhook } from '../../providers/stripe/verify-webhook'
import {
  isRecord,
  parseJsonBody,
  WebhookRefusedError,
  type IncomingWebhook,
  type VerifiedWebhook,
} from '../../providers/webhook-delivery'

export interface WebhookRouteOptions {
  /** The clock for signature ages and inbox timestamps (tests fix it). */
  now?: () => Date
  /** Requests allowed per source address and window; generous by default. */
  rateLimit?: { max: number; timeWindowMs: number }
  /** Called once a new event is stored and answered: the inbox worker's `notify`. */
  onEventStored?: () => void
}

/** Webhook bodies may be up to 1 MiB (architecture §5). */
export const webhookBodyLimitBytes = 1024 * 1024

const defaultRateLimit = { max: 600, timeWindowMs: 60_000 }

/** What a refused delivery is answered with, by provider: Stripe's contract says 400, the others 401. */
const unauthenticatedStatus: Record<WebhookProvider, 400 | 401> = { ringcentral: 401, stripe: 400, plaid: 401 }

/** A validation token we echo must be a plain header value (it goes straight back out). */
const echoableToken = /^[\x21-\x7e]{1,512}$/

const AcceptedResponse = Type.Object({ received: Type.Literal(true), duplicate: Type.Boolean() })
const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() })
const responses = {
  200: AcceptedResponse,
  400: ErrorResponse,
  401: ErrorResponse,
  415: ErrorResponse,
  503: ErrorResponse,
}
/**
 * RingCentral's handshake (a `Validation-Token` and no event) is answered `{}`: well under its
 * 1024-byte limit for the response. A notification is verified even when it carries that header.
 */
const ringCentralResponses = { ...responses, 200: Type.Union([AcceptedResponse, Type.Object({}, { additionalProperties: false })]) }

interface RequestOutcome {
  provider: WebhookProvider
  refusal?: string
  isStored?: boolean
}

export async function webhookRoutes(app: RelayApp, options: WebhookRouteOptions) {
  const now = options.now ?? (() => new Date())
  const inbox = new InboxStore(app.db, now)
  const providers = app.relayConfig.providers
  const plaidVerifier = new PlaidWebhookVerifier(createPlaidClient(providers.plaid), now)
  const outcomes = new WeakMap<FastifyRequest, RequestOutcome>()

  // Verification needs the exact bytes, so JSON is not parsed here. Other types are read too (so a
  // RingCentral handshake succeeds whatever its content type) but a notification in them is a 415.
  const unsupportedType = new WeakSet<FastifyRequest>()
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: webhookBodyLimitBytes }, (_request, body, done) =>
    done(null, body),
  )
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhookBodyLimitBytes }, (request, body, done) => {
    unsupportedType.add(request)
    done(null, body)
  })

  // The root registers @fastify/rate-limit with `global: false`; these routes opt in, per source address.
  const limit = options.rateLimit ?? defaultRateLimit
  const routeConfig = {
    rateLimit: {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request: FastifyRequest) => request.ip,
      errorResponseBuilder: (_request: FastifyRequest, context: { statusCode: number }) =>
        Object.assign(new Error('Too many webhook requests from this address; slow down.'), {
          statusCode: context.statusCode,
          code: 'rate_limited',
        }),
    },
  }

  // Framework refusals (413, 415, 429, bad content length) carry their reason as the error code.
  app.addHook('onError', async (request, _reply, error: Error & { code?: string }) => {
    const outcome = outcomes.get(request)
    if (outcome && !outcome.refusal) outcome.refusal = error.code ?? 'error'
  })
  app.addHook('onRequest', async (request) => {
    outcomes.set(request, { provider: providerOf(request.url) })
  })
  app.addHook('onResponse', async (request, reply) => {
    const outcome = outcomes.get(request)
    if (!outcome) return
    if (reply.statusCode >= 400) auditRefusal(outcome, reply.statusCode)
    else if (outcome.isStored) options.onEventStored?.()
  })

  function auditRefusal(outcome: RequestOutcome, status: number): void {
    try {
      // Never personal data or secrets here: provider, status and a stable reason code only.
      app.db
        .prepare('INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, ?)')
        .run(
          now().toISOString(),
          'webhook_refused',
          JSON.stringify({ provider: outcome.provider, status, reason: outcome.refusal ?? 'refused' }),
        )
    } catch (error) {
      app.log.error({ err: error }, 'could not write the webhook audit record')
    }
  }

  /** Verifies, stores and answers one delivery; any refusal is answered 4xx with a stable code. */
  async function accept(
    provider: WebhookProvider,
    request: FastifyRequest,
    reply: FastifyReply,
    verify: (webhook: IncomingWebhook) => VerifiedWebhook | Promise<VerifiedWebhook>,
  ) {
    const outcome = outcomes.get(request) ?? { provider }
    if (unsupportedType.has(request)) {
      outcome.refusal = 'unsupported_media_type'
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'Webhooks must be sent as application/json.' })
    }
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const webhook: IncomingWebhook = { rawBody, headers: request.headers, receivedAt: now() }
    let verified: VerifiedWebhook
    try {
      verified = await verify(webhook)
    } catch (error) {
      if (error instanceof WebhookRefusedError) {
        outcome.refusal = error.reason
        const status = error.kind === 'malformed' ? 400 : unauthenticatedStatus[provider]
        request.log.warn({ provider, reason: error.reason }, 'webhook refused')
        return reply.code(status).send({ error: error.reason, message: error.message })
      }
      if (error instanceof PlaidKeyUnavailableError) {
        outcome.refusal = 'key_unavailable'
        return reply
          .code(503)
          .send({ error: 'verification_unavailable', message: 'The webhook cannot be verified right now; retry later.' })
      }
      throw error
    }
    const { isDuplicate } = inbox.record({ provider, eventId: verified.eventId, headers: verified.auditHeaders, body: rawBody })
    outcome.isStored = !isDuplicate
    return reply.code(200).send({ received: true, duplicate: isDuplicate })
  }

  app.post('/webhooks/ringcentral', { schema: { response: ringCentralResponses }, config: routeConfig }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const validationToken = handshakeTokenOf({ headers: request.headers, rawBody })
    if (validationToken !== null) {
      // Subscription handshake: echo the token, 200, small response, JSON content type (providers §1.4).
      if (!echoableToken.test(validationToken)) {
        outcomes.get(request)!.refusal = 'bad_validation_token'
        return reply.code(400).send({ error: 'bad_validation_token', message: 'The Validation-Token is not a valid header value.' })
      }
      return reply.code(200).header('Validation-Token', validationToken).header('Content-Type', 'application/json').send({})
    }
    return accept('ringcentral', request, reply, (webhook) =>
      verifyRingCentralWebhook(webhook, providers.ringCentral.webhookToken),
    )
  })

  app.post('/webhooks/stripe', { schema: { response: responses }, config: routeConfig }, async (request, reply) =>
    accept('stripe', request, reply, (webhook) => verifyStripeWebhook(webhook, providers.stripe.webhookSecret)),
  )

  app.post('/webhooks/plaid', { schema: { response: responses }, config: routeConfig }, async (request, reply) =>
    accept('plaid', request, reply, async (webhook) => {
      const verified = await plaidVerifier.verify(webhook)
      // Plaid signs the hash of whatever was sent; the body must still be a webhook object.
      if (!isRecord(parseJsonBody(webhook.rawBody))) {
        throw new WebhookRefusedError('malformed', 'malformed_json', 'The body is not a JSON object.')
      }
      return verified
    }),
  )
}

function providerOf(url: string): WebhookProvider {
  if (url.startsWith('/webhooks/stripe')) return 'stripe'
  if (url.startsWith('/webhooks/plaid')) return 'plaid'
  return 'ringcentral'
}
