/**
 * Keeps personal data and credentials out of the logs. Two layers: fields whose *names* say they
 * hold a person's data or a secret are replaced whole (names cannot be recognised in free text),
 * and every other string is scrubbed of phone numbers, e-mail addresses and token-shaped values.
 */

export const REDACTED = '[redacted]'

/** Field names (case-insensitive) whose values are never logged. */
const sensitiveKeys = new Set(
  [
    // people
    'name', 'firstName', 'lastName', 'customerName', 'employeeName', 'payerName', 'counterpartyName',
    'phone', 'phoneNumber', 'customerPhone', 'alertPhone', 'fromNumber', 'toNumber', 'email',
    'customerEmail', 'address',
    // what people said
    'text', 'body', 'subject', 'transcript', 'message_body', 'messages',
    // credentials
    'authorization', 'cookie', 'set-cookie', 'token', 'accessToken', 'access_token', 'refreshToken',
    'refresh_token', 'password', 'secret', 'clientSecret', 'client_secret', 'apiKey', 'api_key',
    'jwt', 'code', 'verification-token', 'validation-token', 'stripe-signature', 'plaid-verification',
    'x-api-key',
  ].map((key) => key.toLowerCase()),
)

const textPatterns: [RegExp, string][] = [
  // Bearer and Basic credentials
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Provider secrets and tokens: Stripe keys and webhook secrets, Plaid access tokens, JWTs
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{6,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]{6,}/g, REDACTED],
  [/\baccess-(sandbox|development|production)-[A-Za-z0-9-]{6,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Secrets in query strings
  [/([?&](?:token|code|key|secret|signature|access_token)=)[^&\s#]+/gi, `$1${REDACTED}`],
  // E-mail addresses
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, REDACTED],
  // Phone numbers: E.164 and common North American forms
  [/\+\d{7,15}\b/g, REDACTED],
  [/(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g, REDACTED],
]

export function redactText(text: string): string {
  let result = text
  for (const [pattern, replacement] of textPatterns) result = result.replace(pattern, replacement)
  return result
}

/** Returns a copy of `value` safe to log. Handles cycles and stops at a sane depth. */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined }
  }
  if (seen.has(value) || depth > 8) return '[…]'
  seen.add(value)
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen))
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = sensitiveKeys.has(key.toLowerCase()) && item !== null && item !== undefined
      ? REDACTED
      : redactDeep(item, depth + 1, seen)
  }
  return copy
}
