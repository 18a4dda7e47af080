/**
 * What the owner types in "Offers & knowledge", checked and turned into documents. Each error
 * names the field and says what to fix.
 */
import { isCalendarDate } from '../matching/calendar-days'
import { typedDollarsToCents } from '../money'
import type { Package } from '../schemas/packages'
import type { Settings } from '../schemas/settings'

type FaqEntry = NonNullable<Settings['faqs']>[number]

export interface PackageDraft {
  name: string
  description: string
  /** Dollars as typed: "65" or "$65.50". */
  adultPrice: string
  childPrice: string
  validFrom: string
  /** Empty means open-ended. */
  validTo: string
  active: boolean
}

export type PackageDraftErrors = Partial<Record<keyof PackageDraft, string>>

export function draftFromPackage(offer: Package): PackageDraft {
  return {
    name: offer.name,
    description: offer.description,
    adultPrice: (offer.pricePerAdultCents / 100).toFixed(2),
    childPrice: (offer.pricePerChildCents / 100).toFixed(2),
    validFrom: offer.validFrom,
    validTo: offer.validTo ?? '',
    active: offer.active,
  }
}

/** Checks a draft; `base` is the id and `updatedAt` of the package being edited or added. */
export function validatePackageDraft(
  draft: PackageDraft,
  base: Pick<Package, 'id' | 'updatedAt'>,
): { ok: true; package: Package } | { ok: false; errors: PackageDraftErrors } {
  const errors: PackageDraftErrors = {}
  const name = draft.name.trim()
  if (name === '') errors.name = 'Give the package a name customers will recognise, like "Holiday feast".'
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters.'
  const description = draft.description.trim()
  if (description.length > 2000) errors.description = 'Keep the description under 2,000 characters.'
  const adult = typedDollarsToCents(draft.adultPrice)
  if (adult === null) errors.adultPrice = 'Enter the price per adult in dollars, like 65 or 65.50.'
  else if (adult === 0) errors.adultPrice = 'A package price must be more than $0: the AI would offer the party for free.'
  const child = typedDollarsToCents(draft.childPrice)
  if (child === null) errors.childPrice = 'Enter the price per child in dollars, like 35 or 35.50.'
  else if (child === 0) errors.childPrice = 'A package price must be more than $0: the AI would offer the party for free.'
  if (!isCalendarDate(draft.validFrom)) errors.validFrom = 'Pick the first day the package can be offered.'
  const validTo = draft.validTo.trim() === '' ? null : draft.validTo.trim()
  if (validTo !== null && !isCalendarDate(validTo)) errors.validTo = 'Pick the last day, or leave it empty for no end date.'
  else if (validTo !== null && errors.validFrom === undefined && validTo < draft.validFrom) {
    errors.validTo = 'The last day cannot be before the first day.'
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    package: {
      id: base.id,
      updatedAt: base.updatedAt,
      name,
      description,
      pricePerAdultCents: adult!,
      pricePerChildCents: child!,
      validFrom: draft.validFrom,
      validTo,
      active: draft.active,
    },
  }
}

export interface FaqDraft {
  question: string
  answer: string
  /** Comma-separated, as typed. */
  keywords: string
}

export type FaqDraftErrors = Partial<Record<keyof FaqDraft, string>>

export function draftFromFaq(entry: FaqEntry): FaqDraft {
  return { question: entry.question, answer: entry.answer, keywords: entry.keywords.join(', ') }
}

export function validateFaqDraft(draft: FaqDraft): { ok: true; faq: FaqEntry } | { ok: false; errors: FaqDraftErrors } {
  const errors: FaqDraftErrors = {}
  const question = draft.question.trim()
  if (question === '') errors.question = 'Write the question as a customer would ask it.'
  else if (question.length > 300) errors.question = 'Keep the question under 300 characters.'
  const answer = draft.answer.trim()
  if (answer === '') errors.answer = 'Write the answer the AI should send.'
  else if (answer.length > 2000) errors.answer = 'Keep the answer under 2,000 characters.'
  // Matching is case-insensitive substring search, so keywords are stored lower-case.
  const keywords = [...new Set(draft.keywords.split(',').map((keyword) => keyword.trim().toLowerCase()).filter((k) => k !== ''))]
  if (keywords.length === 0) errors.keywords = 'Add at least one word or phrase customers use, like "parking, park".'
  else if (keywords.length > 20) errors.keywords = 'Use at most 20 keywords.'
  else if (keywords.some((keyword) => keyword.length > 60)) errors.keywords = 'Keep each keyword under 60 characters.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, faq: { question, keywords, answer } }
}

/** A keyword of the draft that another answer also reacts to. */
export interface KeywordClash {
  keyword: string
  otherKeyword: string
  otherQuestion: string
}

/**
 * Keywords the draft shares with the other answers (`exceptIndex` is the answer being edited).
 * Matching is by substring, so "park" also fires on a message with "parking": a keyword that
 * contains another, either way round, clashes too. A customer whose message holds it gets both answers.
 */
export function faqKeywordClashes(keywordsTyped: string, faqs: readonly FaqEntry[], exceptIndex: number | null): KeywordClash[] {
  const keywords = [...new Set(keywordsTyped.split(',').map((keyword) => keyword.trim().toLowerCase()).filter((keyword) => keyword !== ''))]
  const clashes: KeywordClash[] = []
  for (const keyword of keywords) {
    faqs.forEach((faq, index) => {
      if (index === exceptIndex) return
      const other = faq.keywords.find((each) => {
        const otherKeyword = each.toLowerCase()
        return otherKeyword.includes(keyword) || keyword.includes(otherKeyword)
      })
      if (other) clashes.push({ keyword, otherKeyword: other, otherQuestion: faq.question })
    })
  }
  return clashes
}

/** "“park” is also an answer's keyword …": one sentence per clash, for the form and the list. */
export function describeKeywordClash(clash: KeywordClash): string {
  const same = clash.keyword === clash.otherKeyword.toLowerCase()
  const which = same ? `“${clash.keyword}” is also a keyword of` : `“${clash.keyword}” overlaps “${clash.otherKeyword}”, a keyword of`
  return `${which} “${clash.otherQuestion}”: a message containing it gets both answers.`
}
