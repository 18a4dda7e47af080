/**
 * `POST /webhooks/ringcentral` checks. RingCentral signs nothing: a subscription's creation is
 * confirmed by echoing `Validation-Token`, and every notification carries the `Verification-Token`
 * given at creation, compared here in constant time (architecture §5, providers §1.4).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import {
  headerValue,
  isRecord,
  parseJsonBody,
  pickHeaders,
  WebhookRefusedError,
  type IncomingWebhook,
  type VerifiedWebhook,
} from '../webhook-delivery'

/** The `Validation-Token` of a subscription handshake, or null for an ordinary notification. */
export function validationTokenOf(headers: IncomingWebhook['headers']): string | null {
  const token = headerValue(headers, 'validation-token')
  return token === undefined ? null : token
}

/** Equal-length digests make the comparison constant-time whatever the lengths given. */
export function isSameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b) && given.length === expected.length
}

export function verifyRingCentralWebhook(webhook: IncomingWebhook, expectedToken: string | undefined): VerifiedWebhook {
  const token = headerValue(webhook.headers, 'verification-token')
  if (!expectedToken) {
    throw new WebhookRefusedError('unauthenticated', 'not_configured', 'RingCentral webhooks are not configured on this relay.')
  }
  if (token === undefined) throw new WebhookRefusedError('unauthenticated', 'missing_token', 'Missing Verification-Token header.')
  if (!isSameSecret(token, expectedToken)) {
    throw new WebhookRefusedError('unauthenticated', 'bad_token', 'The Verification-Token does not match.')
  }
  const envelope = parseJsonBody(webhook.rawBody)
  const uuid = isRecord(envelope) ? envelope.uuid : undefined
  if ((typeof uuid !== 'string' && typeof uuid !== 'number') || String(uuid).length === 0 || String(uuid).length > 255) {
    throw new WebhookRefusedError('malformed', 'missing_event_id', 'The notification has no uuid.')
  }
  return { eventId: String(uuid), auditHeaders: pickHeaders(webhook.headers, ['user-agent', 'content-type']) }
}
