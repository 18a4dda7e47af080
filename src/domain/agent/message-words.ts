/**
 * Customers text the way people text: "hw much 4 20 ppl tmrw", "cancle my resevation". Before
 * anything reads a message, shorthand is spelled out and misspelt words we know are put right, so
 * the classifier and the entity readers see ordinary English. Words we do not know (names, places)
 * are left exactly as written.
 */
import { StemmerEn, TokenizerEn } from '@nlpjs/lang-en-min'

/** Texting shorthand → what it stands for. Only whole words are replaced. */
const shorthand: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  n: 'and',
  ppl: 'people',
  peeps: 'people',
  ppls: 'people',
  pls: 'please',
  plz: 'please',
  pleaze: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  ty: 'thank you',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tomm: 'tomorrow',
  '2morrow': 'tomorrow',
  '2day': 'today',
  tonite: 'tonight',
  bday: 'birthday',
  'b-day': 'birthday',
  wknd: 'weekend',
  wkend: 'weekend',
  nxt: 'next',
  abt: 'about',
  bc: 'because',
  cuz: 'because',
  b4: 'before',
  'w/': 'with',
  'w/o': 'without',
  lmk: 'let me know',
  idk: "i don't know",
  rn: 'right now',
  hw: 'how',
  wat: 'what',
  wut: 'what',
  wats: "what's",
  whats: "what's",
  wheres: "where's",
  hows: "how's",
  im: "i'm",
  ive: "i've",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  didnt: "didn't",
  doesnt: "doesn't",
  isnt: "isn't",
  wasnt: "wasn't",
  arent: "aren't",
  thats: "that's",
  theres: "there's",
  lets: "let's",
  youre: "you're",
  thru: 'through',
  resched: 'reschedule',
  appt: 'appointment',
  rsvp: 'reservation',
  avail: 'available',
  info: 'information',
  approx: 'approximately',
  xmas: 'christmas',
  nye: "new year's eve",
  veggie: 'vegetarian',
  veg: 'vegetarian',
  mins: 'minutes',
  hr: 'hour',
  hrs: 'hours',
  yr: 'year',
  yrs: 'years',
  ok: 'okay',
  k: 'okay',
  kk: 'okay',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  cancle: 'cancel',
  mcuh: 'much',
  mch: 'much',
  muc: 'much',
  hwo: 'how',
  waht: 'what',
  teh: 'the',
  cna: 'can',
  bok: 'book',
}

/**
 * Words a misspelling may be corrected to: what customers write to a caterer about. Corrections
 * only ever land on these, so a name or a place is never "corrected" into something else.
 */
export const domainWords: readonly string[] = [
  'available', 'availability', 'booking', 'book', 'reservation', 'reserve', 'cancel', 'cancellation',
  'reschedule', 'rescheduling', 'postpone', 'deposit', 'refundable', 'refund', 'policy', 'price', 'prices',
  'pricing', 'quote', 'estimate', 'much', 'cost', 'people', 'guests', 'adults', 'children', 'kids',
  'vegetarian', 'vegan', 'options', 'included', 'include', 'menu', 'chicken', 'steak', 'shrimp', 'salmon',
  'lobster', 'filet', 'tofu', 'noodles', 'gyoza', 'space', 'grill', 'setup', 'tables', 'chairs', 'plates',
  'rain', 'raining', 'rains', 'weather', 'indoors', 'outdoors', 'venmo', 'zelle', 'cash', 'card', 'payment',
  'travel', 'distance', 'miles', 'birthday', 'party', 'anniversary', 'graduation', 'tomorrow', 'saturday',
  'sunday', 'friday', 'december', 'january', 'february', 'weekend', 'tonight', 'hibachi', 'chef', 'please',
  'thanks', 'what', 'when', 'where', 'how', 'want', 'would', 'could', 'should', 'about', 'minimum', 'person',
  'human', 'manager', 'someone', 'complaint', 'disappointed', 'late', 'cold', 'receipt', 'invoice', 'balance',
  'allergy', 'allergic', 'question', 'schedule', 'change', 'move', 'date', 'time', 'tomorrow', 'tonight',
  'need', 'know', 'dinner', 'lunch', 'event', 'catering', 'cater', 'again', 'really', 'because', 'bring',
]

export interface NormalizedMessage {
  /** The message with shorthand spelled out and known misspellings corrected; other words keep their case. */
  text: string
  /** Its words (lower case, contractions split as the tokenizer splits them). */
  words: string[]
}

const stemmer = new StemmerEn()
const tokenizer = new TokenizerEn()

/** Straight quotes, spelled-out shorthand and corrected misspellings; other words as written. */
export function normalizeMessage(text: string, knownWords: ReadonlySet<string>, correctable: readonly string[] = domainWords): NormalizedMessage {
  const straight = text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"')
  const rewritten = straight.replace(/[A-Za-z0-9][A-Za-z0-9'/-]*/g, (written, offset: number) => {
    const word = written.toLowerCase()
    const spelled = shorthand[word]
    if (spelled !== undefined) return spelled
    // A capitalised word inside a sentence is a name ("Las Vegas", not "Las vegan").
    if (isNameLike(written, straight.slice(0, offset))) return written
    return correctSpelling(word, knownWords, correctable) ?? written
  })
  return { text: rewritten, words: tokenizeWords(rewritten.toLowerCase()) }
}

/** Capitalised (not shouted) and not the first word of a sentence. */
function isNameLike(written: string, before: string): boolean {
  const previous = before.trimEnd()
  return /^[A-Z][a-z]/.test(written) && previous !== '' && !/[.!?:]$/.test(previous)
}

/** A texting abbreviation we spell out ("ur", "ppl", "tmrw"). */
export function isShorthand(word: string): boolean {
  return Object.hasOwn(shorthand, word)
}

/** The words of already normalised text, as the classifier's tokenizer splits them. */
export function tokenizeWords(text: string): string[] {
  return (tokenizer.tokenize(text, false) as string[]).map((word) => word.toLowerCase()).filter((word) => word.length > 0)
}

export function stemOf(word: string): string {
  return stemmer.stemWord(word) as string
}

/**
 * The domain word a misspelling most likely meant, or null. Only words unknown to the vocabulary,
 * of five letters or more, starting with the same letter and within one edit (two for words of
 * eight letters or more; a swap of two neighbouring letters counts as one edit).
 */
export function correctSpelling(word: string, knownWords: ReadonlySet<string>, correctable: readonly string[]): string | null {
  if (word.length < 5 || !/^[a-z]+$/.test(word) || knownWords.has(word)) return null
  const allowed = word.length >= 8 ? 2 : 1
  let best: string | null = null
  let bestDistance = allowed + 1
  for (const candidate of correctable) {
    if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > allowed) continue
    const distance = editDistance(word, candidate, allowed)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of neighbouring letters), giving up
 * past `limit`: texting typos are mostly one slipped or swapped letter.
 */
function editDistance(a: string, b: string, limit: number): number {
  const rows = a.length + 1
  const columns = b.length + 1
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    let rowMinimum = Number.POSITIVE_INFINITY
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, table[i - 2]![j - 2]! + 1)
      table[i]![j] = value
      rowMinimum = Math.min(rowMinimum, value)
    }
    if (rowMinimum > limit) return limit + 1
  }
  return table[a.length]![b.length]!
}
