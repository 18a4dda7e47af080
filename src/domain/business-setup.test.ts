import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from './business-profile'
import {
  draftFromSettings,
  emptyBusinessSetupDraft,
  isTimeZone,
  previewQuote,
  settingsFromSetup,
  validateBusinessSetup,
  type BusinessSetupDraft,
} from './business-setup'
import { SettingsDocument } from './schemas/settings'

const at = '2026-11-22T10:00:00.000Z'

/** A new business, typed the way an owner would. */
const teppanTom: BusinessSetupDraft = {
  businessName: "  Teppan Tom's Hibachi ",
  contactPhone: '(916) 555-0142',
  contactEmail: '',
  timeZone: 'America/Los_Angeles',
  city: 'Sacramento',
  state: 'ca',
  zip: '95814',
  serviceAreaMiles: '60',
  adultPrice: '$62.50',
  childPrice: '35',
  childAgeMin: '4',
  childAgeMax: '11',
  partyMinimum: '$700',
  deposit: '150',
  travelFreeMiles: '20',
  travelPerMile: '1.50',
  textingFrom: '09:00',
  textingUntil: '20:00',
  slots: [
    { name: 'Afternoon', start: '13:00', capacity: '1' },
    { name: 'Evening', start: '18:00', capacity: '2' },
  ],
  reviewUrl: 'https://g.page/teppan-tom/review',
}

describe('first-run business setup', () => {
  it('turns what the owner typed into a valid settings document of their own, with no demo data', () => {
    const result = validateBusinessSetup(teppanTom)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const settings = settingsFromSetup(result.fields, null, at)
    expect(Value.Errors(SettingsDocument, settings)).toEqual([])
    expect(settings).toMatchObject({
      id: 'business',
      businessName: "Teppan Tom's Hibachi",
      contactPhone: '+19165550142',
      baseLocation: { city: 'Sacramento', state: 'CA', zip: '95814' },
      adultPriceCents: 6250,
      childPriceCents: 3500,
      childAgeRange: { min: 4, max: 11 },
      partyMinimumCents: 70000,
      depositCents: 15000,
      travelFreeMiles: 20,
      travelCentsPerMile: 150,
      serviceAreaMiles: 60,
      quietHours: { start: '20:00', end: '09:00' },
      reviewUrl: 'https://g.page/teppan-tom/review',
      faqs: [],
    })
    const demo = demoBusinessProfile(at)
    const text = JSON.stringify(settings)
    for (const leak of [demo.businessName, demo.contactEmail, demo.reviewUrl!, demo.faqs![0]!.answer, 'Fremont']) expect(text).not.toContain(leak)
  })

  it('keeps what the form does not show (FAQs, templates) when the owner edits later', () => {
    const existing = { ...demoBusinessProfile(at), faqs: [{ question: 'Parking?', keywords: ['park'], answer: 'Street parking.' }] }
    const draft = { ...draftFromSettings(existing), adultPrice: '60', reviewUrl: '' }
    const result = validateBusinessSetup(draft)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const saved = settingsFromSetup(result.fields, existing, at)
    expect(saved.adultPriceCents).toBe(6000)
    expect(saved.faqs).toEqual(existing.faqs)
    expect(saved.messageTemplates).toEqual(existing.messageTemplates)
    expect(saved).not.toHaveProperty('reviewUrl')
    // The form shows the stored values as they were typed.
    expect(validateBusinessSetup(draftFromSettings(existing))).toMatchObject({ ok: true, fields: { adultPriceCents: 5500, quietHours: existing.quietHours } })
  })

  it('names every field that is wrong, with what to type instead', () => {
    const result = validateBusinessSetup(emptyBusinessSetupDraft('America/Chicago'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        'adultPrice', 'businessName', 'childAgeMax', 'childAgeMin', 'childPrice', 'city', 'contactPhone', 'deposit', 'partyMinimum',
        'serviceAreaMiles', 'slots.0.capacity', 'slots.0.name', 'slots.0.start', 'state', 'travelFreeMiles', 'travelPerMile', 'zip',
      ].sort(),
    )
    expect(result.errors.zip).toBe('Enter the 5-digit ZIP code of your base; travel is measured from it.')
  })

  it.each([
    ['an unknown time zone', { timeZone: 'Pacific Time' }, 'timeZone'],
    ['a phone that is not one', { contactPhone: '555' }, 'contactPhone'],
    ['a bad e-mail', { contactEmail: 'tom at example' }, 'contactEmail'],
    ['a three-letter state', { state: 'CAL' }, 'state'],
    ['a ZIP+4 typo', { zip: '9581' }, 'zip'],
    ['a free adult price', { adultPrice: '0' }, 'adultPrice'],
    ['cents beyond two places', { childPrice: '35.555' }, 'childPrice'],
    ['ages the wrong way round', { childAgeMin: '12', childAgeMax: '5' }, 'childAgeMax'],
    ['a deposit above the minimum', { deposit: '800' }, 'deposit'],
    ['free miles beyond the service area', { travelFreeMiles: '80' }, 'travelFreeMiles'],
    ['texting hours that end where they start', { textingUntil: '09:00' }, 'textingUntil'],
    ['a review link without https', { reviewUrl: 'g.page/review' }, 'reviewUrl'],
  ] as const)('refuses %s', (_, change, field) => {
    const result = validateBusinessSetup({ ...teppanTom, ...change })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([field])
  })

  it('checks each time slot: a name, a start time once, and a capacity', () => {
    const result = validateBusinessSetup({
      ...teppanTom,
      slots: [
        { name: 'Afternoon', start: '13:00', capacity: '1' },
        { name: '', start: '13:00', capacity: '0' },
      ],
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['slots.1.capacity', 'slots.1.name', 'slots.1.start'])
    const none = validateBusinessSetup({ ...teppanTom, slots: [] })
    expect(none.ok === false && none.errors.slots).toBe('Add at least one time slot parties can start in.')
  })

  it('previews the quote a sample party gets under the prices being typed', () => {
    const preview = previewQuote(teppanTom, { adults: 20, kids: 4, miles: 30 })
    expect(preview).toEqual({
      depositCents: 15000,
      quote: expect.objectContaining({ subtotalCents: 20 * 6250 + 4 * 3500, travelFeeCents: 1500, totalCents: 139000 + 1500, declined: false }),
    })
    // The party minimum applies to a small party; beyond the service area it is declined.
    expect(previewQuote(teppanTom, { adults: 5, kids: 0, miles: 0 })).toMatchObject({ quote: { subtotalCents: 70000 } })
    expect(previewQuote(teppanTom, { adults: 20, kids: 0, miles: 75 })).toMatchObject({ quote: { declined: true } })
    expect(previewQuote({ ...teppanTom, adultPrice: '', deposit: 'lots' }, { adults: 20, kids: 0, miles: 0 })).toEqual({ missing: ['adultPrice', 'deposit'] })
  })

  it('knows a time zone from a place name', () => {
    expect(isTimeZone('America/New_York')).toBe(true)
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('America/Atlantis')).toBe(false)
    expect(isTimeZone('PST')).toBe(false)
  })
})
