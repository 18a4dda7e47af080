/**
 * What every provider's webhook verifier takes and gives back, so the webhook routes can store
 * a delivery without knowing any provider's field names.
 */

export interface IncomingWebhook {
  /** The exact bytes received; signatures cover these, never a re-serialisation. */
  rawBody: Buffer
  headers: Record<string, string | string[] | undefined>
  receivedAt: Date
}

export interface VerifiedWebhook {
  /** The provider's id for this event: the inbox dedupes on it. */
  eventId: string
  /** Headers worth keeping for an audit (signatures, user agent); never a shared secret. */
  auditHeaders: Record<string, string>
}

/**
 * A delivery the relay refuses. `unauthenticated` means it cannot be shown to come from the
 * provider; `malformed` means it did, but the body is not what the provider sends.
 */
export class WebhookRefusedError extends Error {
  constructor(
    readonly kind: 'unauthenticated' | 'malformed',
    /** A stable code for the audit log and the 4xx body. */
    readonly reason: string,
    message: string,
  ) {
    super(message)
    this.name = 'WebhookRefusedError'
  }
}

export function headerValue(headers: IncomingWebhook['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Picks the named headers that are present, for the audit trail. */
export function pickHeaders(headers: IncomingWebhook['headers'], names: string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of names) {
    const value = headerValue(headers, name)
    if (value !== undefined) picked[name] = value.slice(0, 2048)
  }
  return picked
}

/** JSON.parse for a verified body, turning a syntax error into a `malformed` refusal. */
export function parseJsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8')) as unknown
  } catch {
    throw new WebhookRefusedError('malformed', 'malformed_json', 'The body is not valid JSON.')
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
