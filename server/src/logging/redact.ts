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
  // E-mail addresses
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, REDACTED],
  // Phone numbers: E.164 and common North American forms
  [/\+\d{7,15}\b/g, REDACTED],
  [/(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g, REDACTED],
]

function scrubPatterns(text: string): string {
  let result = text
  for (const [pattern, replacement] of textPatterns) result = result.replace(pattern, replacement)
  return result
}

/**
 * Decodes `%XX` escapes (repeatedly, for double encoding) wherever they form valid UTF-8, and
 * leaves anything else as it is: `Octavia%20Brightwater`, `%2B14155550142`, `dana%40example.com`.
 */
export function percentDecoded(text: string): string {
  let current = text
  for (let round = 0; round < 3 && /%[0-9A-Fa-f]{2}/.test(current); round++) {
    const next = current.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
    if (next === current) break
    current = next
  }
  return current
}

/** A form-encoded query component: `+` is a space there, then percent escapes. */
const formDecoded = (component: string) => percentDecoded(component.replace(/\+/g, ' '))

/** `key=value` in a query string or form body, recognised after `?`, `&` or `;`. */
const queryParameter = /([?&;])([^=&;#\s?]+)=([^&;#\s]*)/g

/**
 * Scrubs free text. Query parameters named for personal data or secrets (`?phone=`, `&token=`,
 * `;name=`) lose their value, however encoded; a value that reads as a phone number, an e-mail
 * or a credential once decoded is replaced whole. Elsewhere, text that hides one behind percent
 * escapes is logged decoded and scrubbed.
 */
export function redactText(text: string): string {
  const withParameters = text.replace(queryParameter, (whole, separator: string, key: string, value: string) => {
    if (value === '') return whole
    const decodedKey = formDecoded(key)
    const decodedValue = formDecoded(value)
    // Words with spaces between them in a query value are something someone wrote: a name, a message.
    const isSensitive = isSensitiveKey(decodedKey) || /\s/.test(decodedValue.trim()) || scrubPatterns(decodedValue) !== decodedValue
    return isSensitive ? `${separator}${scrubPatterns(key)}=${REDACTED}` : whole
  })
  const withSegments = withParameters.replace(/[^\s/?&=#;"'<>]+/g, (segment) => (isEncodedText(segment) ? REDACTED : segment))
  const decoded = percentDecoded(withSegments)
  if (decoded !== withSegments) {
    const scrubbedDecoded = scrubPatterns(decoded)
    if (scrubbedDecoded !== decoded) return scrubbedDecoded
  }
  return scrubPatterns(withSegments)
}

/**
 * A piece of a path or message that is encoded text: escapes that decode to spaces or an `@`, or
 * words joined by `+` (`Octavia%20Brightwater`, `Octavia+Brightwater`, `Hi%2C+this+is`). Ids,
 * dates and the relay's own path segments never look like that.
 */
function isEncodedText(segment: string): boolean {
  if (!/%[0-9A-Fa-f]{2}|\p{L}\+\p{L}/u.test(segment)) return false
  const decoded = percentDecoded(segment)
  return /[\s@]/.test(decoded) || /\p{L}\+\p{L}/u.test(decoded)
}

/** Query keys whose values are operational (paging, a Checkout Session id) and are kept, scrubbed. */
const safeQueryKeys = new Set(['checkpoint', 'limit', 'session_id', 'status', 'type', 'page', 'perpage'])

/**
 * A request URL safe to log: the path scrubbed (decoded where it hides something), and every
 * query value replaced unless its key is a known operational one. The relay's own routes carry
 * nothing personal in their URLs; anything else someone puts there is not worth the risk.
 */
export function redactUrl(url: string): string {
  const [withoutFragment = ''] = url.split('#')
  const queryStart = withoutFragment.indexOf('?')
  const path = redactText(queryStart === -1 ? withoutFragment : withoutFragment.slice(0, queryStart))
  if (queryStart === -1) return path
  const parameters = withoutFragment
    .slice(queryStart + 1)
    .split(/[&;]/)
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=')
      const key = equals === -1 ? pair : pair.slice(0, equals)
      const safeKey = redactText(key) === key && percentDecoded(key) === key ? key : REDACTED
      if (equals === -1) return safeKey
      const value = pair.slice(equals + 1)
      return safeQueryKeys.has(formDecoded(key).toLowerCase()) ? `${safeKey}=${redactText(value)}` : `${safeKey}=${REDACTED}`
    })
  return `${path}?${parameters.join('&')}`
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
