/**
 * `POST /webhooks/ringcentral` checks. RingCentral signs nothing: a subscription's creation is
 * confirmed by echoing `Validation-Token`, and every notification carries the verification token
 * given at creation, compared here in constant time (architecture §5, providers §1.4).
 *
 * RingCentral's own pages disagree on the header that carries that token on notifications:
 * "Creating Webhooks" and the API reference name `Verification-Token`, "Receiving Webhooks" shows it
 * in `Validation-Token`. So a request counts as the handshake only when it carries no event, and a
 * notification is verified by the configured token in whichever of the two headers holds it.
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

/**
 * The `Validation-Token` of a subscription handshake, or null for a notification. The handshake
 * has no event in its body (RingCentral sends it empty); anything with a `uuid` or an `event` is a
 * notification to verify and store, whatever headers it also has.
 */
export function handshakeTokenOf(webhook: Pick<IncomingWebhook, 'headers' | 'rawBody'>): string | null {
  const token = headerValue(webhook.headers, 'validation-token')
  if (token === undefined) return null
  return carriesEvent(webhook.rawBody) ? null : token
}

function carriesEvent(rawBody: Buffer): boolean {
  if (rawBody.toString('utf8').trim() === '') return false
  let parsed: unknown
  try {
    parsed = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return true // not JSON: verified and refused as malformed, never echoed as a handshake
  }
  return !isRecord(parsed) || 'uuid' in parsed || 'event' in parsed || 'body' in parsed
}

/** Equal-length digests make the comparison constant-time whatever the lengths given. */
export function isSameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b) && given.length === expected.length
}

/** The headers a notification's verification token may arrive in (see the note at the top). */
const tokenHeaders = ['verification-token', 'validation-token'] as const

export function verifyRingCentralWebhook(webhook: IncomingWebhook, expectedToken: string | undefined): VerifiedWebhook {
  if (!expectedToken) {
    throw new WebhookRefusedError('unauthenticated', 'not_configured', 'RingCentral webhooks are not configured on this relay.')
  }
  const given = tokenHeaders.map((name) => headerValue(webhook.headers, name)).filter((value): value is string => value !== undefined)
  if (given.length === 0) throw new WebhookRefusedError('unauthenticated', 'missing_token', 'Missing Verification-Token header.')
  // Every candidate is compared, so the time taken does not tell which header matched.
  const matches = given.map((token) => isSameSecret(token, expectedToken))
  if (!matches.includes(true)) {
    throw new WebhookRefusedError('unauthenticated', 'bad_token', 'The Verification-Token does not match.')
  }
  const envelope = parseJsonBody(webhook.rawBody)
  const uuid = isRecord(envelope) ? envelope.uuid : undefined
  if ((typeof uuid !== 'string' && typeof uuid !== 'number') || String(uuid).length === 0 || String(uuid).length > 255) {
    throw new WebhookRefusedError('malformed', 'missing_event_id', 'The notification has no uuid.')
  }
  return { eventId: String(uuid), auditHeaders: pickHeaders(webhook.headers, ['user-agent', 'content-type']) }
}
