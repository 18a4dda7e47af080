import { describe, expect, it } from 'vitest'
import {
  describeKeywordClash,
  draftFromFaq,
  draftFromPackage,
  faqKeywordClashes,
  validateFaqDraft,
  validatePackageDraft,
  type PackageDraft,
} from './offer-drafts'

const base = { id: 'pkg_1', updatedAt: '2026-11-22T00:00:00.000Z' }
const draft: PackageDraft = {
  name: ' Holiday feast ', description: 'Lobster tails.', adultPrice: '$65.50', childPrice: '35',
  validFrom: '2026-12-01', validTo: '2026-12-31', active: true,
}

describe('validatePackageDraft', () => {
  it('turns dollars into integer cents and trims the name', () => {
    const result = validatePackageDraft(draft, base)
    expect(result).toEqual({
      ok: true,
      package: { ...base, name: 'Holiday feast', description: 'Lobster tails.', pricePerAdultCents: 6550, pricePerChildCents: 3500, validFrom: '2026-12-01', validTo: '2026-12-31', active: true },
    })
    if (result.ok) expect(draftFromPackage(result.package)).toMatchObject({ adultPrice: '65.50', childPrice: '35.00' })
  })

  it('treats an empty last day as open-ended', () => {
    const result = validatePackageDraft({ ...draft, validTo: '' }, base)
    expect(result.ok && result.package.validTo).toBeNull()
  })

  it('reports each bad field with what to fix', () => {
    const result = validatePackageDraft({ ...draft, name: ' ', adultPrice: '65.555', childPrice: 'ten', validFrom: '2026-02-30' }, base)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['adultPrice', 'childPrice', 'name', 'validFrom'])
  })

  it('refuses a $0 price: the AI would offer the party for free', () => {
    for (const zero of ['0', '$0', '0.00']) {
      const result = validatePackageDraft({ ...draft, adultPrice: zero, childPrice: zero }, base)
      expect(result).toEqual({
        ok: false,
        errors: {
          adultPrice: 'A package price must be more than $0: the AI would offer the party for free.',
          childPrice: 'A package price must be more than $0: the AI would offer the party for free.',
        },
      })
    }
    expect(validatePackageDraft({ ...draft, childPrice: '0.01' }, base).ok).toBe(true)
  })

  it('refuses a last day before the first day', () => {
    const result = validatePackageDraft({ ...draft, validTo: '2026-11-30' }, base)
    expect(result).toEqual({ ok: false, errors: { validTo: 'The last day cannot be before the first day.' } })
  })
})

describe('validateFaqDraft', () => {
  it('splits, trims, lower-cases and de-duplicates keywords', () => {
    const result = validateFaqDraft({ question: 'Where do you park? ', answer: ' On the street. ', keywords: 'Parking, park , ,PARKING' })
    expect(result).toEqual({ ok: true, faq: { question: 'Where do you park?', answer: 'On the street.', keywords: ['parking', 'park'] } })
    if (result.ok) expect(draftFromFaq(result.faq).keywords).toBe('parking, park')
  })

  it('needs a question, an answer and a keyword', () => {
    const result = validateFaqDraft({ question: '', answer: '  ', keywords: ' , ' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['answer', 'keywords', 'question'])
  })
})

describe('FAQ keywords shared by two answers', () => {
  const faqs = [
    { question: 'Where should the chef park?', keywords: ['parking', 'driveway'], answer: 'Anywhere close.' },
    { question: 'Do you bring tables?', keywords: ['tables', 'chairs'], answer: 'No.' },
  ]

  it('finds a keyword another answer already uses, and one that contains or is contained in another', () => {
    expect(faqKeywordClashes('Tables, grill', faqs, null)).toEqual([{ keyword: 'tables', otherKeyword: 'tables', otherQuestion: 'Do you bring tables?' }])
    expect(faqKeywordClashes('park', faqs, null)).toEqual([{ keyword: 'park', otherKeyword: 'parking', otherQuestion: 'Where should the chef park?' }])
    expect(faqKeywordClashes('grill, menu', faqs, null)).toEqual([])
  })

  it('leaves out the answer being edited', () => {
    expect(faqKeywordClashes('parking, driveway', faqs, 0)).toEqual([])
    expect(faqKeywordClashes('parking, chairs', faqs, 0).map((clash) => clash.otherQuestion)).toEqual(['Do you bring tables?'])
  })

  it('says what happens in one sentence', () => {
    expect(describeKeywordClash({ keyword: 'tables', otherKeyword: 'tables', otherQuestion: 'Do you bring tables?' })).toBe(
      '“tables” is also a keyword of “Do you bring tables?”: a message containing it gets both answers.',
    )
    expect(describeKeywordClash({ keyword: 'park', otherKeyword: 'parking', otherQuestion: 'Where should the chef park?' })).toBe(
      '“park” overlaps “parking”, a keyword of “Where should the chef park?”: a message containing it gets both answers.',
    )
  })
})
