/**
 * How likely a payer name on a bank line and the name on a booking belong to the same person,
 * or the same household. Copes with nicknames, initials, "LAST FIRST" order, typos and a
 * spouse who shares the surname. Letter-level similarity comes from fuzzball (a port of the
 * widely used TheFuzz library); the rules here decide what a given similarity means for names.
 */
import { ratio, token_set_ratio } from 'fuzzball'
import { areNicknameForms } from './nicknames'

export interface NameSimilarity {
  /** 0 (different people) to 1 (same name). */
  score: number
  /** Why, for a person reading the match queue. */
  explanation: string
}

interface PersonName {
  givenNames: string[]
  surname: string
}

/** Words that say nothing about who someone is: titles, suffixes, company forms. */
const titlesAndSuffixes = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'jr', 'sr', 'ii', 'iii', 'iv', 'and', 'or', 'the', 'inc', 'llc', 'corp', 'co'])

/** Below this fuzzball ratio two name parts are different names, not typos of one name. */
const typoRatio = 80
/** Short names are too easily confused ("Lee"/"Li", "Ann"/"Jan") to forgive typos. */
const typoMinimumLength = 4

/** Names recur (every booking is compared with many payers): their words are worked out once. */
const tokensByName = new Map<string, readonly string[]>()
const tokensKept = 50_000

export function nameTokens(name: string): string[] {
  let tokens = tokensByName.get(name)
  if (!tokens) {
    tokens = tokenize(name)
    if (tokensByName.size >= tokensKept) tokensByName.clear()
    tokensByName.set(name, tokens)
  }
  return [...tokens]
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

/** Both readings of a payer's tokens: "ROBERT SMITH" and "SMITH ROBERT" are both common. */
function readings(tokens: string[]): PersonName[] {
  if (tokens.length < 2) return []
  const inOrder = { givenNames: tokens.slice(0, -1), surname: tokens.at(-1)! }
  const surnameFirst = { givenNames: tokens.slice(1), surname: tokens[0]! }
  return [inOrder, surnameFirst]
}

interface PartMatch {
  score: number
  how: string
}

function compareSurnames(booked: string, paid: string): PartMatch {
  if (booked === paid) return { score: 1, how: `surname "${booked}" matches` }
  // Hyphenated or double surnames: one shared part is enough.
  const bookedParts = booked.split('-')
  const paidParts = paid.split('-')
  if (bookedParts.some((part) => paidParts.includes(part))) {
    return { score: 0.9, how: `surnames "${booked}" and "${paid}" share a part` }
  }
  if (isTypo(booked, paid)) return { score: 0.85, how: `surname "${paid}" looks like a typo of "${booked}"` }
  return { score: 0, how: `surname "${paid}" differs from "${booked}"` }
}

function compareGivenNames(booked: string, paid: string): PartMatch {
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

/** Word pairs already judged: the same surnames and given names meet again and again. */
const typoVerdicts = new Map<string, boolean>()
const typoVerdictsKept = 50_000

function isTypo(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < typoMinimumLength) return false
  // Banks cut long names to fit a fixed-width line: "WILLIAMSO" is "Williamson".
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a]
  if (longer.startsWith(shorter)) return true
  // Words whose lengths differ this much are never within the typo ratio.
  if ((2 * shorter.length * 100) / (shorter.length + longer.length) < typoRatio) return false
  const key = `${shorter}\u0000${longer}`
  let verdict = typoVerdicts.get(key)
  if (verdict === undefined) {
    verdict = ratio(a, b, { full_process: false }) >= typoRatio
    if (typoVerdicts.size >= typoVerdictsKept) typoVerdicts.clear()
    typoVerdicts.set(key, verdict)
  }
  return verdict
}

/** Whether two name words could be the same name at all: equal, nickname forms, an initial, a typo. */
function areRelated(a: string, b: string): boolean {
  if (a === b) return true
  if (a.length === 1 || b.length === 1) return a[0] === b[0]
  return areNicknameForms(a, b) || isTypo(a, b)
}

function bestGivenMatch(booked: PersonName, paid: PersonName): PartMatch {
  const bookedFirst = booked.givenNames[0]!
  let best: PartMatch = { score: 0, how: `no first name fits "${bookedFirst}"` }
  // A joint account ("ROBERT & JANE SMITH") lists several given names; any may be the booker.
  for (const given of paid.givenNames) {
    const match = compareGivenNames(bookedFirst, given)
    if (match.score > best.score) best = match
  }
  if (best.score === 0 && paid.givenNames.length > 0) {
    best = { score: 0, how: `first name "${paid.givenNames.join(' ')}" differs from "${bookedFirst}"` }
  }
  return best
}

function combine(surname: PartMatch, given: PartMatch): NameSimilarity {
  if (surname.score > 0 && given.score > 0) {
    return { score: (surname.score + given.score) / 2, explanation: `${given.how}; ${surname.how}` }
  }
  if (surname.score > 0) {
    return {
      score: 0.55 * surname.score,
      explanation: `${surname.how} but ${given.how} (a family member?)`,
    }
  }
  if (given.score >= 0.95) return { score: 0.3, explanation: `${given.how} but ${surname.how}` }
  return { score: 0, explanation: `${given.how}; ${surname.how}` }
}

/** Compares the name on a booking with a payer name taken from a bank transaction. */
export function compareNames(bookedName: string, payerName: string): NameSimilarity {
  const booked = nameTokens(bookedName)
  const paid = nameTokens(payerName)
  if (booked.length === 0 || paid.length === 0) {
    return { score: 0, explanation: 'no usable name to compare' }
  }
  // Most payers share no word with most bookings: say so before any closer look.
  if (!booked.some((bookedWord) => paid.some((paidWord) => areRelated(bookedWord, paidWord)))) {
    return { score: 0, explanation: `"${payerName}" shares no name with "${bookedName}"` }
  }
  const whole = compareTokens(booked, paid, bookedName, payerName)
  if (whole.score >= 0.95 || (booked.length < 3 && paid.length < 3)) return whole
  // Extra words on either side — a city after the name on a wire, a second surname, a middle
  // name — hide a match of the rest: try the names without them, a little less sure.
  let best = whole
  for (const bookedPart of prefixesOf(booked)) {
    for (const paidPart of [...prefixesOf(paid), ...suffixesOf(paid)]) {
      if (bookedPart.length === booked.length && paidPart.length === paid.length) continue
      const part = compareTokens(bookedPart, paidPart, bookedName, payerName)
      const score = part.score - partialPenalty
      if (score > best.score) best = { score, explanation: `${part.explanation} (leaving out "${extraWords(booked, bookedPart, paid, paidPart)}")` }
    }
  }
  return best
}

/** Taken off a match found after leaving words out of a name. */
const partialPenalty = 0.05

/**
 * The name and its first two or more words. A booked name keeps its first (given) name: "Maria
 * de la Cruz" is not "Jose de la Cruz" just because the surnames agree. Names are short; at most
 * six words are looked at.
 */
function prefixesOf(tokens: string[]): string[][] {
  const words = tokens.slice(0, 6)
  return Array.from({ length: Math.max(0, words.length - 1) }, (_, index) => words.slice(0, words.length - index))
}

/** A payer's last two or more words: "GARCIA LOPEZ MARIA" written surname first. */
function suffixesOf(tokens: string[]): string[][] {
  const words = tokens.slice(0, 6)
  return Array.from({ length: Math.max(0, words.length - 2) }, (_, index) => words.slice(index + 1))
}

function extraWords(booked: string[], bookedPart: string[], paid: string[], paidPart: string[]): string {
  return [...booked.filter((word) => !bookedPart.includes(word)), ...paid.filter((word) => !paidPart.includes(word))].join(' ')
}

function compareTokens(booked: string[], paid: string[], bookedName: string, payerName: string): NameSimilarity {
  if (booked.join(' ') === paid.join(' ')) return { score: 1, explanation: 'same name' }

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
      : { score: 0, explanation: `"${payerName}" shares no name with "${bookedName}"` }
  }

  const bookedPerson: PersonName = { givenNames: booked.slice(0, -1), surname: booked.at(-1)! }
  let best: NameSimilarity = { score: -1, explanation: '' }
  for (const reading of readings(paid)) {
    const result = combine(compareSurnames(bookedPerson.surname, reading.surname), bestGivenMatch(bookedPerson, reading))
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
  return { score: Math.max(0, best.score), explanation: best.explanation }
}
