/**
 * Carrier-style SMS keywords (architecture §4). A keyword counts only when it is the whole
 * message, give or take case, spacing and trailing punctuation: "cancel" opts out, but
 * "I need to cancel my booking" is about a booking.
 */
export type SmsKeyword = 'opt_out' | 'help' | 'opt_in'

const keywordsByKind: Record<SmsKeyword, readonly string[]> = {
  opt_out: ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout'],
  help: ['help', 'info'],
  opt_in: ['start', 'unstop'],
}

/** Plain-language requests to stop texting, e.g. "please stop texting me", "remove me from your list". */
const plainLanguageOptOut: readonly RegExp[] = [
  // "Stop sending me the same answer" is a complaint about the answers, not an opt-out.
  /\bstop\s+(?:texting|messaging|sending|contacting|txting|calling)\b(?!\s+(?:me\s+)?(?:the\s+same|useless|automated|generic|wrong|these\s+(?:automated|useless)))/,
  // "Don't text me before 5" is a scheduling wish, not an opt-out: only whole-sentence refusals.
  /\b(?:don'?t|do not|never)\s+(?:text|message|contact|call)\s+(?:me|us|this number)(?:\s+(?:again|anymore|any more))?\s*(?:[.!]|$)/,
  /\bno more\s+(?:texts|text messages|messages)\b/,
  /\bremove\s+(?:me|my number|this number)\b/,
  /\btake\s+(?:me|my number)\s+off\b/,
  /\bunsubscribe\s+(?:me|this number|my number)\b/,
  /\bopt\s*-?\s*(?:me\s+)?out\b/,
]

export function smsKeyword(message: string): SmsKeyword | null {
  // Spaces inside are dropped too, so "OPT OUT", "opt-out" and "S T O P" all read as one word.
  const word = message
    .toLowerCase()
    .replace(/[\s\-_]+/g, '')
    .replace(/[.!?,;:'"]+$/g, '')
    .replace(/^[.!?,;:'"]+/g, '')
  for (const [kind, keywords] of Object.entries(keywordsByKind) as [SmsKeyword, readonly string[]][]) {
    if (keywords.includes(word)) return kind
  }
  return null
}

/** True for a plain-language request to stop texting (keywords are `smsKeyword`'s job). */
export function isOptOutRequest(message: string): boolean {
  const lower = message.toLowerCase().replace(/[’‘]/g, "'")
  return plainLanguageOptOut.some((pattern) => pattern.test(lower))
}
