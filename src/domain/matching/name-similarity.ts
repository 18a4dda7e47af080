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
const titlesAndSuffixes = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'jr', 'sr', 'ii', 'iii', 'iv', 'and', 'the', 'inc', 'llc', 'corp', 'co'])

/** Below this fuzzball ratio two name parts are different names, not typos of one name. */
const typoRatio = 80
/** Short names are too easily confused ("Lee"/"Li", "Ann"/"Jan") to forgive typos. */
const typoMinimumLength = 4

export function nameTokens(name: string): string[] {
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

function isTypo(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= typoMinimumLength && ratio(a, b) >= typoRatio
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
  if (best.score < 0.9 && Math.min(booked.length, paid.length) >= 3) {
    const overlap = token_set_ratio(booked.join(' '), paid.join(' '))
    if (overlap >= 95) {
      return { score: 0.9, explanation: 'the same words in both names' }
    }
  }
  return { score: Math.max(0, best.score), explanation: best.explanation }
}
