/**
 * Provider webhooks (architecture §5): `POST /webhooks/ringcentral`, `/webhooks/stripe`,
 * `/webhooks/plaid`.
 *
 * An encapsulated plugin, so its raw-body parser applies to these routes only. Each request is
 * verified on the exact bytes received, stored in the inbox through the group commit (on disk,
 * fsynced), and only then answered 2xx; processing happens afterwards in the inbox worker. A
 * refused request stores nothing but its share of an aggregated audit record (`refusals.ts`),
 * and only refusals are limited per source: verified deliveries are never throttled.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RelayApp } from '../../app'
import type { WebhookProvider } from '../../storage/inbox-store'
import { jsonBodyProblem } from '../../plugins/json-body'
import { sourceOf } from '../../plugins/request-source'
import { createPlaidClient } from '../../providers/plaid/plaid-client'
import { PlaidKeyLookupsExhaustedError, PlaidKeyUnavailableError, PlaidWebhookVerifier } from '../../providers/plaid/verify-webhook'
import { handshakeTokenOf, verifyRingCentralWebhook } from '../../providers/ringcentral/verify-webhook'
import { verifyStripeWebhook } from '../../providers/stripe/verify-webhook'
import {
  isRecord,
  parseJsonBody,
  WebhookRefusedError,
  type IncomingWebhook,
  type VerifiedWebhook,
} from '../../providers/webhook-delivery'
import { StorageUnavailableError } from '../../storage/contracts'
import type { WebhookRefusals } from './refusals'

export interface WebhookRouteOptions {
  /** The clock for signature ages and inbox timestamps (tests fix it). */
  now?: () => Date
  /** How refused requests are limited and audited (built with the relay: `app.webhookRefusals`). */
  refusals: WebhookRefusals
  /** Called once a new event is stored and answered: the inbox worker's `notify`. */
  onEventStored?: () => void
}

/** Webhook bodies may be up to 1 MiB (architecture §5). */
export const webhookBodyLimitBytes = 1024 * 1024

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
  429: ErrorResponse,
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
  const inbox = app.storage.inbox
  const providers = app.relayConfig.providers
  const plaidVerifier = new PlaidWebhookVerifier(createPlaidClient(providers.plaid), now)
  const { refusals } = options
  app.addHook('onClose', async () => refusals.close())
  const outcomes = new WeakMap<FastifyRequest, RequestOutcome>()

  // Verification needs the exact bytes, so JSON is not parsed here; it is only checked for what no
  // provider sends (invalid UTF-8, absurd nesting). Other types are read too (so a RingCentral
  // handshake succeeds whatever its content type) but a notification in them is a 415.
  const unsupportedType = new WeakSet<FastifyRequest>()
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: webhookBodyLimitBytes }, (_request, body, done) => {
    const problem = jsonBodyProblem(body as Buffer)
    if (problem) return done(problem, undefined)
    done(null, body)
  })
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhookBodyLimitBytes }, (request, body, done) => {
    unsupportedType.add(request)
    done(null, body)
  })

  // Framework refusals (413, 415, a body that is too deep or not UTF-8) carry their reason as the error code.
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
    if (reply.statusCode >= 400) {
      // Never personal data or secrets here: provider, status, a stable reason code and the source.
      refusals.record({ source: sourceOf(request), provider: outcome.provider, reason: outcome.refusal ?? 'refused', status: reply.statusCode })
    } else if (outcome.isStored) {
      options.onEventStored?.()
    }
  })

  /** Answers a refusal: its own status, or 429 once its source is past the refusal limit. */
  function refuse(request: FastifyRequest, reply: FastifyReply, status: number, error: string, message: string) {
    outcomes.get(request)!.refusal = error
    const lockedMs = refusals.lockedFor(sourceOf(request))
    if (lockedMs > 0) {
      return reply
        .code(429)
        .header('Retry-After', String(Math.ceil(lockedMs / 1000)))
        .send({ error: 'too_many_refusals', message: `Too many refused webhook requests from this address (last: ${error}); slow down.` })
    }
    return reply.code(status).send({ error, message })
  }

  /** Verifies, stores and answers one delivery; any refusal is answered 4xx with a stable code. */
  async function accept(
    provider: WebhookProvider,
    request: FastifyRequest,
    reply: FastifyReply,
    verify: (webhook: IncomingWebhook) => VerifiedWebhook | Promise<VerifiedWebhook>,
  ) {
    if (unsupportedType.has(request)) {
      return refuse(request, reply, 415, 'unsupported_media_type', 'Webhooks must be sent as application/json.')
    }
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const webhook: IncomingWebhook = { rawBody, headers: request.headers, receivedAt: now() }
    let verified: VerifiedWebhook
    try {
      verified = await verify(webhook)
    } catch (error) {
      if (error instanceof WebhookRefusedError) {
        return refuse(request, reply, error.kind === 'malformed' ? 400 : unauthenticatedStatus[provider], error.reason, error.message)
      }
      if (error instanceof PlaidKeyLookupsExhaustedError) {
        outcomes.get(request)!.refusal = 'key_lookups_exhausted'
        return reply
          .code(429)
          .header('Retry-After', String(error.retryAfterSeconds))
          .send({ error: 'key_lookups_exhausted', message: error.message })
      }
      if (error instanceof PlaidKeyUnavailableError) {
        outcomes.get(request)!.refusal = 'key_unavailable'
        return reply
          .code(503)
          .header('Retry-After', '60')
          .send({ error: 'verification_unavailable', message: 'The webhook cannot be verified right now; retry later.' })
      }
      throw error
    }
    let isDuplicate: boolean
    try {
      // Resolves once the event is durably stored; concurrent deliveries share the commit.
      ;({ isDuplicate } = await inbox.record({ provider, eventId: verified.eventId, headers: verified.auditHeaders, body: rawBody }))
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error
      outcomes.get(request)!.refusal = 'storage_unavailable'
      request.log.error({ err: error.cause }, 'webhook: the inbox could not commit')
      return reply.code(503).header('Retry-After', '5').send({ error: 'storage_unavailable', message: 'The event could not be stored; retry later.' })
    }
    outcomes.get(request)!.isStored = !isDuplicate
    return reply.code(200).send({ received: true, duplicate: isDuplicate })
  }

  app.post('/webhooks/ringcentral', { schema: { response: ringCentralResponses } }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const validationToken = handshakeTokenOf({ headers: request.headers, rawBody })
    if (validationToken !== null) {
      // Subscription handshake: echo the token, 200, small response, JSON content type (providers §1.4).
      if (!echoableToken.test(validationToken)) {
        return refuse(request, reply, 400, 'bad_validation_token', 'The Validation-Token is not a valid header value.')
      }
      return reply.code(200).header('Validation-Token', validationToken).header('Content-Type', 'application/json').send({})
    }
    return accept('ringcentral', request, reply, (webhook) =>
      verifyRingCentralWebhook(webhook, providers.ringCentral.webhookToken),
    )
  })

  app.post('/webhooks/stripe', { schema: { response: responses } }, async (request, reply) =>
    accept('stripe', request, reply, (webhook) => verifyStripeWebhook(webhook, providers.stripe.webhookSecret)),
  )

  app.post('/webhooks/plaid', { schema: { response: responses } }, async (request, reply) =>
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
