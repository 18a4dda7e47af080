/**
 * Which parts of a message are negated: "No, I don't want to talk to a human, just tell me the
 * price" mentions a human but does not ask for one. compromise tags the negations ("not", "don't",
 * "never", "no"); a negation reaches to the end of its clause (a comma, a full stop, or a word
 * such as "just" or "but" that turns the sentence round).
 */
import nlp from 'compromise'

export interface TextSpan {
  start: number
  end: number
}

interface Term {
  text: string
  pre: string
  post: string
  tags: string[]
  offset: { start: number; length: number }
}

/** Words that start a new thought, ending the reach of a negation before them. */
const clauseTurners = new Set(['but', 'just', 'only', 'so', 'though', 'however', 'instead', 'and', 'because', 'since', 'except', 'rather'])
/** Negations compromise leaves untagged or that it splits from their verb. */
const negationWords = new Set(['no', 'not', 'never', 'without', 'nothing', 'none', 'nobody', 'neither', 'nor', "don't", "dont", "didn't", "won't", "can't", "doesn't", "isn't", "wasn't", "aren't", "never"])

/** Cheap test first: most messages negate nothing, and parsing costs milliseconds. */
const mayNegate = /\b(?:no|not|never|without|nothing|none|nobody|neither|nor|dont|cant|wont|didnt|doesnt|isnt|wasnt|arent|cannot)\b|n't\b|n’t\b/i

/** The character spans of `text` that sit under a negation. */
export function negatedSpans(text: string): TextSpan[] {
  if (!mayNegate.test(text)) return []
  // The tokenizer alone (no full tagging) splits contractions and marks their "not": enough here, and fast.
  const terms = (nlp.tokenize(text).json({ offset: true }) as { terms: Term[] }[]).flatMap((sentence) => sentence.terms)
  const spans: TextSpan[] = []
  let open: TextSpan | null = null
  for (const term of terms) {
    const word = term.text.toLowerCase()
    const start = term.offset.start
    const end = start + term.offset.length
    if (open && (clauseTurners.has(word) || /[,;:.!?]/.test(term.pre))) {
      spans.push(open)
      open = null
    }
    const negates = term.tags.includes('Negative') || negationWords.has(word)
    // "No, the chef was late": an answer, not a negation of what follows.
    const isAnswer = word === 'no' && /^[,.!]/.test(term.post.trim())
    if (negates && !isAnswer) open ??= { start, end }
    if (open) open.end = Math.max(open.end, end)
    if (open && /[,;:.!?]/.test(term.post)) {
      spans.push(open)
      open = null
    }
  }
  if (open) spans.push(open)
  return spans
}

/** True when the span [start, end) lies under a negation in `spans`. */
export function isNegated(spans: readonly TextSpan[], start: number, end: number): boolean {
  return spans.some((span) => start >= span.start && end <= span.end + 1)
}
