/**
 * Keeps personal data and credentials out of the logs. Three layers: fields whose *names* say they
 * hold a person's data, what someone said or a secret are replaced whole (names cannot be
 * recognised in free text); a field under any other name whose value reads like sentences (a text
 * message or a transcript logged under a key nobody foresaw) is replaced whole too; and every
 * other string is scrubbed of phone numbers, e-mail addresses and token-shaped values.
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

/**
 * Key names that hold what people said, recognised by their last word whatever the prefix or
 * case style: `smsText`, `reply_text`, `rawBody`, `transcriptText`, `afterCallSummary`, `notes`…
 * (`content-type` and `bodyLength` end in another word and stay).
 */
const spokenOrWrittenWords = new Set([
  'text', 'texts', 'body', 'subject', 'transcript', 'transcripts', 'transcription', 'utterance', 'utterances',
  'content', 'caption', 'prompt', 'reply', 'replies', 'note', 'notes', 'summary', 'comment', 'comments',
  'sentence', 'paragraph', 'words', 'messages',
])

function lastWordOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_.-]+/).filter(Boolean)
  return (words.at(-1) ?? key).toLowerCase()
}

/**
 * Free text, as people write it: four or more words of letters in a row. Operational fields say
 * things in a word or two (`status`, `kind`, ids), so a sentence in a field is someone's words.
 */
const prose = /(?:\p{L}[\p{L}'’]*[\s,;:.!?()-]+){3,}\p{L}/u

/** Fields the relay itself fills with explanations, kept readable (still pattern-scrubbed). */
const explanationKeys = new Set(['reason', 'error', 'lasterror', 'stack', 'hint', 'msg'])

function isSensitiveKey(key: string): boolean {
  return sensitiveKeys.has(key.toLowerCase()) || spokenOrWrittenWords.has(lastWordOf(key))
}

const textPatterns: [RegExp, string][] = [
  // Bearer and Basic credentials
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // Provider secrets and tokens: Stripe keys and webhook secrets, Plaid access tokens, JWTs
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{6,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]{6,}/g, REDACTED],
  // The relay's own device tokens
  [/\bsbd_[A-Za-z0-9_-]{16,}/g, REDACTED],
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
    if (item === null || item === undefined) copy[key] = item
    else if (isSensitiveKey(key)) copy[key] = REDACTED
    else if (typeof item === 'string' && !explanationKeys.has(key.toLowerCase()) && prose.test(item)) copy[key] = REDACTED
    else copy[key] = redactDeep(item, depth + 1, seen)
  }
  return copy
}
