import { describe, expect, it } from 'vitest'
import { draftFromFaq, draftFromPackage, validateFaqDraft, validatePackageDraft, type PackageDraft } from './offer-drafts'

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
