/**
 * `POST /webhooks/stripe` verification: the `Stripe-Signature` header over the raw body, with the
 * SDK's own helper and a 300 s tolerance (architecture §5).
 */
import Stripe from 'stripe'
import {
  headerValue,
  pickHeaders,
  WebhookRefusedError,
  type IncomingWebhook,
  type VerifiedWebhook,
} from '../webhook-delivery'

export const stripeSignatureToleranceSeconds = 300

export function verifyStripeWebhook(webhook: IncomingWebhook, webhookSecret: string | undefined): VerifiedWebhook {
  const signature = headerValue(webhook.headers, 'stripe-signature')
  if (!webhookSecret) {
    throw new WebhookRefusedError('unauthenticated', 'not_configured', 'Stripe webhooks are not configured on this relay.')
  }
  if (!signature) throw new WebhookRefusedError('unauthenticated', 'missing_signature', 'Missing Stripe-Signature header.')
  let event: Stripe.Event
  try {
    event = Stripe.webhooks.constructEvent(
      webhook.rawBody,
      signature,
      webhookSecret,
      stripeSignatureToleranceSeconds,
      undefined,
      webhook.receivedAt.getTime(),
    )
  } catch (error) {
    // The SDK parses only after the signature matched, so a SyntaxError means a signed but bad body.
    if (error instanceof SyntaxError) {
      throw new WebhookRefusedError('malformed', 'malformed_json', 'The body is not valid JSON.')
    }
    const isStale = error instanceof Error && /tolerance/i.test(error.message)
    throw new WebhookRefusedError(
      'unauthenticated',
      isStale ? 'stale_signature' : 'bad_signature',
      isStale ? 'The Stripe-Signature timestamp is too old.' : 'The Stripe-Signature does not match the body.',
    )
  }
  if (typeof event?.id !== 'string' || event.id.length === 0 || event.id.length > 255) {
    throw new WebhookRefusedError('malformed', 'missing_event_id', 'The event has no id.')
  }
  return { eventId: event.id, auditHeaders: pickHeaders(webhook.headers, ['stripe-signature', 'user-agent', 'content-type']) }
}
