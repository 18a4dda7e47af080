/**
 * How likely a payer name on a bank line and the name on a booking belong to the same person,
 * or the same household. Copes with nicknames, initials, "LAST FIRST" order, typos and a
 * spouse who shares the surname. Letter-level similarity comes from fuzzball (a port of the
 * widely used TheFuzz library); the rules here decide what a given similarity means for names.
 */
import { ratio, token_set_ratio } from 'fuzzball'
import { BoundedMemo, PairMemo } from './bounded-memo'
import { areNicknameForms } from './nicknames'

export interface NameSimilarity {
  /** 0 (different people) to 1 (same name). */
  score: number
  /** Why, for a person reading the match queue. */
  explanation: string
}

interface PersonName {
  givenNames: readonly string[]
  /** The given names as one key, for remembering comparisons. */
  givenKey: string
  surname: string
}

/** Words that say nothing about who someone is: titles, suffixes, company forms. */
const titlesAndSuffixes = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'jr', 'sr', 'ii', 'iii', 'iv', 'and', 'or', 'the', 'inc', 'llc', 'corp', 'co'])

/** Below this fuzzball ratio two name parts are different names, not typos of one name. */
const typoRatio = 80
/** Short names are too easily confused ("Lee"/"Li", "Ann"/"Jan") to forgive typos. */
const typoMinimumLength = 4

/** Names recur (every booking is compared with many payers): their words are worked out once. */
const tokensByName = new BoundedMemo<string, readonly string[]>(50_000)

/** The words of a name, lower case, without accents, titles or company forms (shared: do not modify). */
export function nameTokens(name: string): readonly string[] {
  return tokensByName.get(name, tokenize)
}

function tokenize(name: string): string[] {
  let text = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  // "SMITH, ROBERT J" is surname first: put it back in given-name order.
  const commaParts = text.split(',')
  if (commaParts.length === 2 && commaParts[1]!.trim() !== '') {
    text = `${commaParts[1]} ${commaParts[0]}`
  }
  return text
    .replace(/&/g, ' ')
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .map((token) => token.replace(/^-+|-+$/g, ''))
    .filter((token) => token !== '' && !titlesAndSuffixes.has(token))
}

function personName(givenNames: readonly string[], surname: string): PersonName {
  return { givenNames, givenKey: givenNames.join(' '), surname }
}

/** Readings per list of words: the lists are shared (see nameTokens), and each payer is read many times. */
const readingsByTokens = new WeakMap<readonly string[], readonly PersonName[]>()

/** Both readings of a payer's tokens: "ROBERT SMITH" and "SMITH ROBERT" are both common. */
/** Which of `readings` takes the first word for the surname ("GARCIA MARIA"). */
const surnameFirst = 1

function readings(tokens: readonly string[]): readonly PersonName[] {
  if (tokens.length < 2) return []
  let both = readingsByTokens.get(tokens)
  if (!both) {
    both = [personName(tokens.slice(0, -1), tokens.at(-1)!), personName(tokens.slice(1), tokens[0]!)]
    readingsByTokens.set(tokens, both)
  }
  return both
}

interface PartMatch {
  score: number
  how: string
  /** Matched only as the start of the other name, as a bank's fixed-width line cuts the last word. */
  cutShort?: true
}

const surnameMatches = new PairMemo<PartMatch>(100_000)
const givenNameMatches = new PairMemo<PartMatch>(100_000)

function compareSurnames(booked: string, paid: string): PartMatch {
  return surnameMatches.get(booked, paid, judgeSurnames)
}

function compareGivenNames(booked: string, paid: string): PartMatch {
  return givenNameMatches.get(booked, paid, judgeGivenNames)
}

function judgeSurnames(booked: string, paid: string): PartMatch {
  if (booked === paid) return { score: 1, how: `surname "${booked}" matches` }
  // Hyphenated or double surnames: one shared part is enough.
  const bookedParts = booked.split('-')
  const paidParts = paid.split('-')
  if (bookedParts.some((part) => paidParts.includes(part))) {
    return { score: 0.9, how: `surnames "${booked}" and "${paid}" share a part` }
  }
  if (isMisspelt(booked, paid)) return { score: 0.85, how: `surname "${paid}" looks like a typo of "${booked}"` }
  if (isCutShort(booked, paid)) return { score: 0.85, how: `surname "${paid}" looks like "${booked}" cut short`, cutShort: true }
  return { score: 0, how: `surname "${paid}" differs from "${booked}"` }
}

function judgeGivenNames(booked: string, paid: string): PartMatch {
  if (booked === paid) return { score: 1, how: `first name "${booked}" matches` }
  if (areNicknameForms(booked, paid)) {
    return { score: 0.95, how: `"${paid}" is a nickname form of "${booked}"` }
  }
  if (booked.length === 1 || paid.length === 1) {
    return booked[0] === paid[0]
      ? { score: 0.7, how: `initial "${paid[0]!.toUpperCase()}" fits "${booked}"` }
      : { score: 0, how: `initial "${paid[0]!.toUpperCase()}" does not fit "${booked}"` }
  }
  if (isTypo(booked, paid)) return { score: 0.85, how: `"${paid}" looks like a typo of "${booked}"` }
  return { score: 0, how: `first name "${paid}" differs from "${booked}"` }
}

/** Word pairs already judged, shorter word then longer: the same surnames and given names meet again and again. */
const typoVerdicts = new PairMemo<boolean>(100_000)

const isWithinTypoRatio = (a: string, b: string) => ratio(a, b, { full_process: false }) >= typoRatio

function isTypo(a: string, b: string): boolean {
  return isCutShort(a, b) || isMisspelt(a, b)
}

/** Banks cut long names to fit a fixed-width line: "WILLIAMSO" is "Williamson". */
function isCutShort(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < typoMinimumLength) return false
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a]
  return longer.startsWith(shorter)
}

function isMisspelt(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < typoMinimumLength) return false
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a]
  // Words whose lengths differ this much are never within the typo ratio.
  if ((2 * shorter.length * 100) / (shorter.length + longer.length) < typoRatio) return false
  return typoVerdicts.get(shorter, longer, isWithinTypoRatio)
}

/** Whether two name words could be the same name at all: equal, nickname forms, an initial, a typo. */
function areRelated(a: string, b: string): boolean {
  if (a === b) return true
  if (a.length === 1 || b.length === 1) return a[0] === b[0]
  return areNicknameForms(a, b) || isTypo(a, b)
}

const givenMatches = new PairMemo<PartMatch>(100_000)

function bestGivenMatch(booked: PersonName, paid: PersonName): PartMatch {
  return givenMatches.get(booked.givenNames[0]!, paid.givenKey, () => judgeGivenMatch(booked.givenNames[0]!, paid.givenNames))
}

function judgeGivenMatch(bookedFirst: string, givenNames: readonly string[]): PartMatch {
  let best: PartMatch = { score: 0, how: `no first name fits "${bookedFirst}"` }
  // A joint account ("ROBERT & JANE SMITH") lists several given names; any may be the booker.
  for (const given of givenNames) {
    const match = compareGivenNames(bookedFirst, given)
    if (match.score > best.score) best = match
  }
  if (best.score === 0 && givenNames.length > 0) {
    best = { score: 0, how: `first name "${givenNames.join(' ')}" differs from "${bookedFirst}"` }
  }
  return best
}

/** What a shared surname alone is worth: a family member, not the customer. */
const familyOnly = 0.55

/** The score of a payer who shares only the customer's surname, spelled the same. */
export const familyNameScore = familyOnly

/** A first name and a surname judged together; worded only when read (a batch judges hundreds of thousands). */
class CombinedName implements NameSimilarity {
  readonly score: number

  constructor(
    private readonly surname: PartMatch,
    private readonly given: PartMatch,
  ) {
    if (surname.score > 0 && given.score > 0) this.score = (surname.score + given.score) / 2
    else if (surname.score > 0) this.score = familyOnly * surname.score
    else if (given.score >= 0.95) this.score = 0.3
    else this.score = 0
  }

  get explanation(): string {
    const { surname, given } = this
    if (surname.score > 0 && given.score > 0) return `${given.how}; ${surname.how}`
    if (surname.score > 0) return `${surname.how} but ${given.how} (a family member?)`
    if (given.score >= 0.95) return `${given.how} but ${surname.how}`
    return `${given.how}; ${surname.how}`
  }
}

/**
 * Whether `compareNames(bookedName, payerName)` can score above 0.55: only when the booked first
 * name fits a word of the payer's (the same, a nickname form, an initial, a typo). Below that a
 * shared surname is all there is. A cheap test before the full comparison, which most namesakes fail.
 */
export function couldNameTheSamePerson(bookedName: string, payerName: string): boolean {
  const first = nameTokens(bookedName)[0]
  return first !== undefined && firstNameFits.get(first, payerName, fitsAWordOf)
}

/** By booked first name, then payer name as written: a payer meets many namesakes of few first names. */
const firstNameFits = new PairMemo<boolean>(200_000)

const fitsAWordOf = (first: string, payerName: string) => nameTokens(payerName).some((word) => areRelated(first, word))

/**
 * `couldNameTheSamePerson` for one transaction's payers against the first names of many bookings:
 * the payers' words are read once and each booked first name (a word of `nameTokens`) is judged
 * once, where a common surname brings dozens of bookings with a few dozen first names.
 */
export function firstNameFitTest(payerNames: readonly string[]): (bookedFirst: string) => boolean {
  const words = [...new Set(payerNames.flatMap((name) => nameTokens(name)))]
  const verdicts = new Map<string, boolean>()
  return (bookedFirst) => {
    let fits = verdicts.get(bookedFirst)
    if (fits === undefined) verdicts.set(bookedFirst, (fits = bookedFirst !== '' && words.some((word) => areRelated(bookedFirst, word))))
    return fits
  }
}

/** Compares the name on a booking with a payer name taken from a bank transaction. */
export function compareNames(bookedName: string, payerName: string): NameSimilarity {
  const booked = nameTokens(bookedName)
  const paid = nameTokens(payerName)
  if (booked.length === 0 || paid.length === 0) {
    return { score: 0, explanation: 'no usable name to compare' }
  }
  return compareWords(booked, paid)
}

function compareWords(booked: readonly string[], paid: readonly string[]): NameSimilarity {
  // Most payers share no word with most bookings: say so before any closer look.
  if (!booked.some((bookedWord) => paid.some((paidWord) => areRelated(bookedWord, paidWord)))) {
    return { score: 0, explanation: 'the names have no word in common' }
  }
  const whole = compareTokens(booked, paid)
  if (whole.score >= 0.95 || (booked.length < 3 && paid.length < 3)) return whole
  // Every part keeps the booked first name; when no payer word fits it, a part scores at most a
  // shared surname less the penalty, which a whole of that much already beats.
  if (whole.score >= familyOnly - partialPenalty && !paid.some((word) => areRelated(booked[0]!, word))) return whole
  // Extra words on either side — a city after the name on a wire, a second surname, a middle
  // name — hide a match of the rest: try the names without them, a little less sure.
  let best = whole
  for (const bookedPart of prefixesOf(booked)) {
    for (const paidPart of [...prefixesOf(paid), ...suffixesOf(paid)]) {
      if (bookedPart.length === booked.length && paidPart.length === paid.length) continue
      const part = compareTokens(bookedPart, paidPart)
      const score = part.score - partialPenalty
      if (score > best.score) best = new PartialName(score, part, extraWords(booked, bookedPart, paid, paidPart))
    }
  }
  return best
}

const sameName: NameSimilarity = { score: 1, explanation: 'same name' }

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return false
  return true
}

/** A match of part of the names, worded only when read. */
class PartialName implements NameSimilarity {
  constructor(
    readonly score: number,
    private readonly part: NameSimilarity,
    private readonly leftOut: string,
  ) {}

  get explanation(): string {
    return `${this.part.explanation} (leaving out "${this.leftOut}")`
  }
}

/** Taken off a match found after leaving words out of a name. */
const partialPenalty = 0.05

/**
 * The name and its first two or more words. A booked name keeps its first (given) name: "Maria
 * de la Cruz" is not "Jose de la Cruz" just because the surnames agree. Names are short; at most
 * six words are looked at.
 */
function prefixesOf(tokens: readonly string[]): string[][] {
  const words = tokens.slice(0, 6)
  return Array.from({ length: Math.max(0, words.length - 1) }, (_, index) => words.slice(0, words.length - index))
}

/** A payer's last two or more words: "GARCIA LOPEZ MARIA" written surname first. */
function suffixesOf(tokens: readonly string[]): string[][] {
  const words = tokens.slice(0, 6)
  return Array.from({ length: Math.max(0, words.length - 2) }, (_, index) => words.slice(index + 1))
}

function extraWords(booked: readonly string[], bookedPart: readonly string[], paid: readonly string[], paidPart: readonly string[]): string {
  return [...booked.filter((word) => !bookedPart.includes(word)), ...paid.filter((word) => !paidPart.includes(word))].join(' ')
}

function compareTokens(booked: readonly string[], paid: readonly string[]): NameSimilarity {
  if (sameWords(booked, paid)) return sameName

  if (booked.length === 1 || paid.length === 1) {
    // One word alone ("SMITH", "Bob") identifies nobody for sure.
    const lone = booked.length === 1 ? booked[0]! : paid[0]!
    const others = booked.length === 1 ? paid : booked
    const surnameMatch = compareSurnames(others.at(-1)!, lone)
    if (surnameMatch.score > 0) {
      return { score: 0.5 * surnameMatch.score, explanation: `only one name given; ${surnameMatch.how}` }
    }
    const givenMatch = compareGivenNames(others[0]!, lone)
    return givenMatch.score > 0
      ? { score: 0.25 * givenMatch.score, explanation: `only one name given; ${givenMatch.how}` }
      : { score: 0, explanation: 'the names have no word in common' }
  }

  const bookedPerson = readings(booked)[0]!
  let best: NameSimilarity = { score: -1, explanation: '' }
  const paidReadings = readings(paid)
  for (let at = 0; at < paidReadings.length; at++) {
    const reading = paidReadings[at]!
    let surname = compareSurnames(bookedPerson.surname, reading.surname)
    // Read surname first, the surname is the payer's first word, which no line width cuts: "JOHN HADDAD" is no "Johnson".
    if (at === surnameFirst && surname.cutShort) surname = { score: 0, how: `surname "${reading.surname}" differs from "${bookedPerson.surname}"` }
    const result = new CombinedName(surname, bestGivenMatch(bookedPerson, reading))
    if (result.score > best.score) best = result
  }

  // Long names (companies, "The Smith Family Trust") compared as bags of words.
  // The booked first word must be among them, or "Jose de la Cruz" would pass for "Maria de la Cruz".
  if (best.score < 0.9 && Math.min(booked.length, paid.length) >= 3 && paid.includes(booked[0]!)) {
    const overlap = token_set_ratio(booked.join(' '), paid.join(' '))
    if (overlap >= 95) {
      return { score: 0.9, explanation: 'the same words in both names' }
    }
  }
  return best
}
