import type { PlaceDirectory } from '../geo/place-directory'
import type { AgentEntities } from './agent-result'
import { findEventWhen } from './event-date'
import { addOns, distinctNames, findMenuTerms, proteins } from './menu-vocabulary'
import { countPattern, parseCount } from './number-words'

export interface ExtractionContext {
  /** The instant relative dates resolve against. */
  now: Date
  timeZone: string
  /** Confirms city names; without it, capitalised words after "in"/"at" are taken as a city. */
  places: PlaceDirectory | null
  /** Assumed when a city is named without a state. */
  defaultState: string
  /** We just asked where the party is, so a message starting with a place name means that place. */
  expectingPlace?: boolean
  /**
   * True for ordinary English words ("orange", "cool"), so a city named anywhere in a message
   * ("20 ppl, milpitas") is found without taking every word that is also a town for one.
   */
  isCommonWord?: (word: string) => boolean
  /** An event date already agreed in the thread: "the 16th" then means that month's 16th. */
  referenceDate?: string | null
}

export interface ExtractedMessage {
  entities: AgentEntities
  /** A state named with the city ("Reno, NV"), for the distance lookup; null when not said. */
  locationState: string | null
}

export const emptyEntities: AgentEntities = {
  adults: null,
  kids: null,
  guestCount: null,
  date: null,
  time: null,
  location: null,
  zip: null,
  proteins: [],
  addOns: [],
}

/** Largest party we believe from loose phrasings like "for 25"; beyond it, it is probably a year. */
const plausiblePartySize = 500
/** No private chef party is this big: "2026 people" is a typo or a year, not a guest count. */
const largestGuestCount = 1000

interface Span {
  start: number
  end: number
}

export function extractEntities(text: string, context: ExtractionContext): ExtractedMessage {
  const normalized = text.replace(/[’‘]/g, "'")
  const claimed: Span[] = []
  const counts = findGuestCounts(normalized, claimed)
  const zip = findZip(normalized, claimed)
  const city = findCity(normalized, context)
  const when = findEventWhen(maskSpans(normalized, claimed), context.now, context.timeZone, context.referenceDate ?? null)
  const addOnMatches = findMenuTerms(normalized, addOns)
  const proteinMatches = findMenuTerms(normalized, proteins, addOnMatches)
  return {
    entities: {
      ...counts,
      date: when.date,
      time: when.time,
      location: city?.name ?? null,
      zip,
      proteins: distinctNames(proteinMatches),
      addOns: distinctNames(addOnMatches),
    },
    locationState: city?.state ?? null,
  }
}

type GuestCounts = Pick<AgentEntities, 'adults' | 'kids' | 'guestCount'>

const approximately = '(?:about|around|roughly|approximately|approx\\.?|maybe|like|up\\s+to|over|under|~)?\\s*'
const count = `(${countPattern})`

const adultPattern = new RegExp(`\\b${count}\\s+(?:adults?|grown[-\\s]?ups?|big\\s+kids|parents|moms|dads|grandparents)\\b`, 'gi')
const kidPattern = new RegExp(`\\b${count}\\s+(?:of\\s+(?:them|those|the\\s+guests)\\s+(?:are|will\\s+be|would\\s+be)\\s+)?(?:kids?|children|child|little\\s+ones|kiddos|minors)\\b`, 'gi')
const totalPatterns = [
  new RegExp(`\\b(?:party|group|table|crowd)\\s+of\\s+${approximately}${count}\\b`, 'gi'),
  new RegExp(`\\b${approximately}${count}\\s*(?:\\+\\s*|ish\\s*)?(?:people|persons|person|guests?|ppl|pax|folks|heads|of\\s+us|girls|guys|ladies|friends|employees|coworkers|co-workers|colleagues|attendees|family members|relatives|students|players|members)\\b(?!\\s+(?:felt|got\\s+sick|left|complained|had\\s+to|didn'?t|did\\s+not|couldn'?t|could\\s+not|never)\\b)`, 'gi'),
  new RegExp(`\\b(?:party|group|we|it|there)\\s+(?:would|will|should|might)\\s+be\\s+${approximately}${count}\\b(?!\\s*(?:am|pm|:|miles?|minutes?|hours?|days?|weeks?|%))`, 'gi'),
  new RegExp(`\\b(?:we\\s+are|we're|there\\s+are|there'll\\s+be)\\s+${approximately}${count}\\b(?!\\s*(?:am|pm|:|miles?|minutes?|hours?|days?|weeks?|%|years?))`, 'gi'),
  new RegExp(`\\b(?:head\\s*count|guest\\s+count|guest\\s+list)\\s+(?:is|of|will\\s+be|=|:)?\\s*${approximately}${count}\\b`, 'gi'),
]
// "for 25" / "feed 40": only when nothing more specific was said, and never a time or a date.
const looseTotalPattern = new RegExp(
  `\\b(?:for|feed|feeding|serve|serving|hosting|expecting)\\s+${approximately}${count}(?:ish)?\\b(?!\\s*(?:am|pm|a\\.m|p\\.m|o'?clock|:|/|-\\d|th\\b|st\\b|nd\\b|rd\\b|miles?|mi\\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|dollars|bucks|%|\\$|adults?|kids?|children|tables?|chairs?|grills?|chefs?|courses?|proteins?|trays?|items?|options?|dishes|plates|of\\s+(?:the|our|them|those|us)\\b))`,
  'gi',
)

function findGuestCounts(text: string, claimed: Span[]): GuestCounts {
  const adults = sumMatches(text, adultPattern, claimed)
  const kids = sumMatches(text, kidPattern, claimed)
  let total: number | null = null
  for (const pattern of totalPatterns) {
    total ??= firstMatch(text, pattern, claimed)
  }
  if (total === null && adults === null && kids === null) {
    const loose = firstMatch(text, looseTotalPattern, claimed)
    if (loose !== null && loose > 0 && loose <= plausiblePartySize) total = loose
  }
  // "One guest is allergic" is about a guest, not the party's size.
  if (total !== null && total < 2) total = null
  if (total === null) {
    if (adults === null && kids === null) return { adults: null, kids: null, guestCount: null }
    return { adults, kids, guestCount: (adults ?? 0) + (kids ?? 0) }
  }
  // "The two of us plus our 3 kids": "us" are the adults.
  if (adults === null && kids !== null && new RegExp(`\\b${count}\\s+of\\s+us\\b`, 'i').test(text)) {
    return { adults: total, kids, guestCount: total + kids }
  }
  // "25 people including 5 kids": the rest are adults (and the other way round).
  const derivedAdults = adults ?? (kids !== null && total >= kids ? total - kids : null)
  const derivedKids = kids ?? (adults !== null && total >= adults ? total - adults : null)
  return { adults: derivedAdults, kids: derivedKids, guestCount: total }
}

function sumMatches(text: string, pattern: RegExp, claimed: Span[]): number | null {
  let total: number | null = null
  for (const match of text.matchAll(pattern)) {
    const value = parseCount(match[1]!)
    if (value === null || value > largestGuestCount || overlaps(match, claimed)) continue
    claimed.push(spanOf(match))
    total = (total ?? 0) + value
  }
  return total
}

function firstMatch(text: string, pattern: RegExp, claimed: Span[]): number | null {
  for (const match of text.matchAll(pattern)) {
    const value = parseCount(match[1]!)
    if (value === null || value > largestGuestCount || overlaps(match, claimed)) continue
    claimed.push(spanOf(match))
    return value
  }
  return null
}

function findZip(text: string, claimed: Span[]): string | null {
  for (const match of text.matchAll(/(?<![\d$.,-])(\d{5})(?:-\d{4})?(?![\d,.]\d|\s*(?:people|guests|adults|kids|dollars))/g)) {
    if (overlaps(match, claimed)) continue
    claimed.push(spanOf(match))
    return match[1]!
  }
  return null
}

interface NamedCity {
  name: string
  state: string | null
}

const placePreposition = /\b(?:in|at|near|around|from|outside(?:\s+of)?|out\s+in|over\s+in|located\s+in|live\s+in)\s+(?:the\s+)?/gi
// "travel to Sacramento": "to" precedes too many non-places ("to book") to trust without a directory.
const placePrepositionWithTo = /\b(?:in|at|near|around|from|to|outside(?:\s+of)?|out\s+in|over\s+in|located\s+in|live\s+in)\s+(?:the\s+)?/gi
// "San Jose, ca" or "Reno NV"; a bare lower-case "or"/"in" after a city is a word, not a state.
const stateSuffix = /^(?:\s*,\s*([A-Za-z]{2})|\s+([A-Z]{2}))\b/
const usStates = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(' '),
)
const notCities = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sunday', 'the', 'my', 'our', 'a', 'an', 'home', 'noon', 'night', 'evening', 'morning',
  'afternoon', 'backyard', 'house', 'park', 'i', 'we',
])

const commonReplyWords = new Set(['cool', 'ok', 'okay', 'great', 'perfect', 'likely', 'hope', 'yes', 'no', 'sure', 'thanks', 'nice', 'fine', 'weed', 'volcano'])

/**
 * Tries the words after "in", "at", "near"... longest first, so "in San Jose" is San Jose and
 * not "San". With a directory only real cities count; without one, capitalised words do.
 */
function findCity(text: string, context: ExtractionContext): NamedCity | null {
  const candidates: { words: string[]; rest: string }[] = []
  for (const match of text.matchAll(context.places === null ? placePreposition : placePrepositionWithTo)) {
    const after = text.slice(match.index + match[0].length)
    candidates.push(...wordRuns(after))
  }
  // A message that is only a place ("San Jose", "Gilroy, CA"), or, right after we asked where,
  // one that starts with a place ("San Jose, on Dec 12"). Otherwise "Cool, thanks" would be
  // Cool, CA, so an unprompted bare place must be capitalised and not a common reply word.
  const bare = text.trim().replace(/[.!?]+$/, '')
  const onlyWords = /^[A-Za-z][A-Za-z .'-]{1,40}(?:,\s*[A-Za-z]{2})?$/.test(bare) && bare.split(/\s+/).length <= 4
  if (context.expectingPlace === true) {
    candidates.push(...wordRuns(bare))
  } else if (onlyWords && /^[A-Z]/.test(bare) && !commonReplyWords.has(bare.split(/[\s,]+/)[0]!.toLowerCase())) {
    // Unprompted, the whole message must be the place: "Orange chicken" is not Orange, CA.
    const whole = wordRuns(bare)[0]
    if (whole !== undefined && /^\s*(?:,\s*[A-Za-z]{2})?\s*$/.test(whole.rest)) candidates.push(whole)
  }
  if (context.places !== null && context.isCommonWord !== undefined) candidates.push(...placeNamesAnywhere(text, context.isCommonWord))
  for (const { words, rest } of candidates) {
    const name = words.join(' ')
    if (notCities.has(words[0]!.toLowerCase())) continue
    const suffix = stateSuffix.exec(rest)
    const stateWord = (suffix?.[1] ?? suffix?.[2])?.toUpperCase()
    const said = stateWord !== undefined && usStates.has(stateWord) ? stateWord : null
    if (context.places !== null) {
      const place = context.places.byCity(name, said ?? context.defaultState)
      if (place !== null) return { name: place.city, state: said }
      continue
    }
    if (words.every((word) => /^[A-Z]/.test(word))) return { name, state: said }
  }
  return null
}

/**
 * Every run of one to three words that could name a town: runs of two or three words, and single
 * words that are not ordinary English. Longest first at each position, left to right.
 */
function placeNamesAnywhere(text: string, isCommonWord: (word: string) => boolean): { words: string[]; rest: string }[] {
  const words = [...text.matchAll(/[A-Za-z][A-Za-z.'-]*/g)].map((match) => ({ word: match[0].replace(/[.'-]+$/, ''), end: match.index + match[0].length }))
  const runs: { words: string[]; rest: string }[] = []
  for (let start = 0; start < words.length; start++) {
    for (let length = Math.min(3, words.length - start); length >= 1; length--) {
      const run = words.slice(start, start + length)
      if (length === 1 && (run[0]!.word.length < 3 || isCommonWord(run[0]!.word.toLowerCase()))) continue
      if (run.some((entry) => notCities.has(entry.word.toLowerCase()))) continue
      runs.push({ words: run.map((entry) => entry.word), rest: text.slice(run.at(-1)!.end) })
    }
  }
  return runs
}

/** The first 1–4 words of `text`, longest run first, with the text that follows each run. */
function wordRuns(text: string): { words: string[]; rest: string }[] {
  const words: { word: string; end: number }[] = []
  const wordPattern = /\s*([A-Za-z][A-Za-z.'-]*)/y
  while (words.length < 4) {
    const match = wordPattern.exec(text)
    if (match === null) break
    words.push({ word: match[1]!.replace(/[.'-]+$/, ''), end: wordPattern.lastIndex })
  }
  return words
    .map((_, index) => ({ words: words.slice(0, index + 1).map((entry) => entry.word), rest: text.slice(words[index]!.end) }))
    .reverse()
}

function overlaps(match: RegExpExecArray | RegExpMatchArray, claimed: readonly Span[]): boolean {
  const span = spanOf(match)
  return claimed.some((other) => span.start < other.end && other.start < span.end)
}

function spanOf(match: RegExpExecArray | RegExpMatchArray): Span {
  return { start: match.index!, end: match.index! + match[0].length }
}

/** Blanks out already-understood numbers so the date parser does not read "25 people" as a time. */
function maskSpans(text: string, spans: readonly Span[]): string {
  let masked = text
  for (const { start, end } of spans) masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end)
  return masked
}
