/**
 * The owner's first-run setup (and later edits) of the business: what they type in Settings,
 * checked field by field with messages that say what to fix, and turned into the settings
 * document. A new business starts from its own answers and neutral defaults, never from the
 * demo business.
 */
import { defaultMessageTemplates } from './bookings/message-templates'
import { defaultQuietHours } from './bookings/message-schedule'
import { typedDollarsToCents } from './money'
import { buildQuote, type Quote, type QuoteRules } from './pricing/quote'
import { toE164 } from './phone-number'
import type { Settings } from './schemas/settings'

/** Tips on balance payments usually fall in this range, in percent (architecture §4). */
export const usualTipPercentRange = { min: 5, max: 50 } as const

/** Phrases that hand a conversation to a person in any business (architecture §4). */
export const defaultEscalationPhrases = ['speak to a human', 'talk to a person', 'representative', 'manager'] as const

export interface SlotDraft {
  name: string
  /** HH:MM, 24-hour. */
  start: string
  /** Parties the business can serve in this slot on one date, as typed. */
  capacity: string
}

/** Everything as typed: money in dollars ("55", "$1,650.50"), distances in whole miles. */
export interface BusinessSetupDraft {
  businessName: string
  contactPhone: string
  /** Optional. */
  contactEmail: string
  timeZone: string
  city: string
  state: string
  zip: string
  serviceAreaMiles: string
  adultPrice: string
  childPrice: string
  childAgeMin: string
  childAgeMax: string
  partyMinimum: string
  deposit: string
  travelFreeMiles: string
  travelPerMile: string
  /** Automatic texts go out between these times, local time (HH:MM). */
  textingFrom: string
  textingUntil: string
  slots: SlotDraft[]
  /** Optional: where review requests send customers. */
  reviewUrl: string
}

export type BusinessSetupField = Exclude<keyof BusinessSetupDraft, 'slots'> | 'slots' | `slots.${number}.${keyof SlotDraft}`
export type BusinessSetupErrors = Partial<Record<BusinessSetupField, string>>

/** The fields the setup form owns; the rest of the settings document is kept as it is. */
export type BusinessSetupFields = Pick<
  Settings,
  | 'businessName'
  | 'contactPhone'
  | 'contactEmail'
  | 'timeZone'
  | 'baseLocation'
  | 'serviceAreaMiles'
  | 'adultPriceCents'
  | 'childPriceCents'
  | 'childAgeRange'
  | 'partyMinimumCents'
  | 'depositCents'
  | 'travelFreeMiles'
  | 'travelCentsPerMile'
  | 'timeSlots'
  | 'quietHours'
> & { reviewUrl: string | null }

const maxSlots = 12
const clockTime = /^([01]\d|2[0-3]):[0-5]\d$/

/** A blank form: only the time zone (this computer's) and the usual texting hours are filled in. */
export function emptyBusinessSetupDraft(timeZone: string): BusinessSetupDraft {
  return {
    businessName: '',
    contactPhone: '',
    contactEmail: '',
    timeZone,
    city: '',
    state: '',
    zip: '',
    serviceAreaMiles: '',
    adultPrice: '',
    childPrice: '',
    childAgeMin: '',
    childAgeMax: '',
    partyMinimum: '',
    deposit: '',
    travelFreeMiles: '',
    travelPerMile: '',
    textingFrom: defaultQuietHours.end,
    textingUntil: defaultQuietHours.start,
    slots: [{ name: '', start: '', capacity: '' }],
    reviewUrl: '',
  }
}

const dollars = (cents: number) => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2))

/** The form filled from stored settings, for editing them. */
export function draftFromSettings(settings: Settings): BusinessSetupDraft {
  const quiet = settings.quietHours ?? defaultQuietHours
  return {
    businessName: settings.businessName,
    contactPhone: settings.contactPhone,
    contactEmail: settings.contactEmail,
    timeZone: settings.timeZone,
    city: settings.baseLocation.city,
    state: settings.baseLocation.state,
    zip: settings.baseLocation.zip,
    serviceAreaMiles: String(settings.serviceAreaMiles),
    adultPrice: dollars(settings.adultPriceCents),
    childPrice: dollars(settings.childPriceCents),
    childAgeMin: String(settings.childAgeRange.min),
    childAgeMax: String(settings.childAgeRange.max),
    partyMinimum: dollars(settings.partyMinimumCents),
    deposit: dollars(settings.depositCents),
    travelFreeMiles: String(settings.travelFreeMiles),
    travelPerMile: dollars(settings.travelCentsPerMile),
    textingFrom: quiet.end,
    textingUntil: quiet.start,
    slots: settings.timeSlots.map((slot) => ({ name: slot.name, start: slot.start, capacity: String(slot.capacity) })),
    reviewUrl: settings.reviewUrl ?? '',
  }
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(zone)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function wholeNumber(typed: string, min: number, max: number): number | null {
  const cleaned = typed.trim().replace(/,/g, '')
  if (!/^\d{1,5}$/.test(cleaned)) return null
  const value = Number(cleaned)
  return value >= min && value <= max ? value : null
}

/** Checks every field; each error names what to fix. */
export function validateBusinessSetup(draft: BusinessSetupDraft): { ok: true; fields: BusinessSetupFields } | { ok: false; errors: BusinessSetupErrors } {
  const errors: BusinessSetupErrors = {}

  const businessName = draft.businessName.trim()
  if (businessName === '') errors.businessName = 'Enter the business name customers know you by; texts are signed with it.'
  else if (businessName.length > 200) errors.businessName = 'Keep the business name under 200 characters.'

  const contactPhone = toE164(draft.contactPhone)
  if (contactPhone === null) errors.contactPhone = 'Enter the phone number customers call, like (510) 555-0100.'

  const contactEmail = draft.contactEmail.trim()
  if (contactEmail !== '' && (contactEmail.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail))) {
    errors.contactEmail = 'Enter an e-mail address like hello@example.com, or leave it empty.'
  }

  const timeZone = draft.timeZone.trim()
  if (!isTimeZone(timeZone)) errors.timeZone = 'Enter the time zone the business works in, like America/Los_Angeles.'

  const city = draft.city.trim()
  if (city === '') errors.city = 'Enter the city your chefs start from.'
  else if (city.length > 100) errors.city = 'Keep the city under 100 characters.'
  const state = draft.state.trim().toUpperCase()
  if (!/^[A-Z]{2}$/.test(state)) errors.state = 'Enter the two-letter state, like CA.'
  const zip = draft.zip.trim()
  if (!/^\d{5}$/.test(zip)) errors.zip = 'Enter the 5-digit ZIP code of your base; travel is measured from it.'

  const serviceAreaMiles = wholeNumber(draft.serviceAreaMiles, 1, 1000)
  if (serviceAreaMiles === null) errors.serviceAreaMiles = 'Enter how far you travel, in whole miles from 1 to 1,000.'

  const adultPriceCents = typedDollarsToCents(draft.adultPrice)
  if (adultPriceCents === null || adultPriceCents === 0) errors.adultPrice = 'Enter the price per adult in dollars, like 55 or 55.50.'
  const childPriceCents = typedDollarsToCents(draft.childPrice)
  if (childPriceCents === null) errors.childPrice = 'Enter the price per child in dollars, like 30 (0 if children eat free).'

  const childAgeMin = wholeNumber(draft.childAgeMin, 0, 17)
  const childAgeMax = wholeNumber(draft.childAgeMax, 0, 17)
  if (childAgeMin === null) errors.childAgeMin = 'Enter the youngest age that pays the child price, from 0 to 17.'
  if (childAgeMax === null) errors.childAgeMax = 'Enter the oldest age that pays the child price, from 0 to 17.'
  else if (childAgeMin !== null && childAgeMax < childAgeMin) errors.childAgeMax = 'The oldest child age cannot be below the youngest.'

  const partyMinimumCents = typedDollarsToCents(draft.partyMinimum)
  if (partyMinimumCents === null) errors.partyMinimum = 'Enter the smallest total you cook for, in dollars (0 for none).'
  const depositCents = typedDollarsToCents(draft.deposit)
  if (depositCents === null) errors.deposit = 'Enter the deposit that holds a date, in dollars (0 for none).'
  else if (partyMinimumCents !== null && partyMinimumCents > 0 && depositCents > partyMinimumCents) {
    errors.deposit = 'The deposit cannot be more than the party minimum.'
  }

  const travelFreeMiles = wholeNumber(draft.travelFreeMiles, 0, 1000)
  if (travelFreeMiles === null) errors.travelFreeMiles = 'Enter how many miles you travel for free, in whole miles (0 for none).'
  else if (serviceAreaMiles !== null && travelFreeMiles > serviceAreaMiles) errors.travelFreeMiles = 'Free travel cannot reach beyond the service area.'
  const travelCentsPerMile = typedDollarsToCents(draft.travelPerMile)
  if (travelCentsPerMile === null) errors.travelPerMile = 'Enter the charge per mile beyond the free miles, in dollars, like 2 or 1.50.'

  const textingFrom = draft.textingFrom.trim()
  const textingUntil = draft.textingUntil.trim()
  if (!clockTime.test(textingFrom)) errors.textingFrom = 'Enter a time like 08:00.'
  if (!clockTime.test(textingUntil)) errors.textingUntil = 'Enter a time like 21:00.'
  else if (textingUntil === textingFrom) errors.textingUntil = 'Texting hours need an end different from their start.'

  const slots = draft.slots.map((slot) => ({ name: slot.name.trim(), start: slot.start.trim(), capacity: wholeNumber(slot.capacity, 1, 100) }))
  if (slots.length === 0) errors.slots = 'Add at least one time slot parties can start in.'
  if (slots.length > maxSlots) errors.slots = `Keep it to ${maxSlots} time slots or fewer.`
  slots.forEach((slot, index) => {
    if (slot.name === '') errors[`slots.${index}.name`] = 'Name the slot, like Lunch or Dinner.'
    else if (slot.name.length > 50) errors[`slots.${index}.name`] = 'Keep the slot name under 50 characters.'
    if (!clockTime.test(slot.start)) errors[`slots.${index}.start`] = 'Enter the start time like 17:00.'
    else if (slots.findIndex((other) => other.start === slot.start) < index) errors[`slots.${index}.start`] = 'Another slot already starts at this time.'
    if (slot.capacity === null) errors[`slots.${index}.capacity`] = 'Enter how many parties you can serve in this slot, from 1 to 100.'
  })

  const reviewUrl = draft.reviewUrl.trim()
  if (reviewUrl !== '' && (reviewUrl.length > 500 || !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(reviewUrl))) {
    errors.reviewUrl = 'Enter the full review link, starting with https://, or leave it empty.'
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    fields: {
      businessName,
      contactPhone: contactPhone!,
      contactEmail,
      timeZone,
      baseLocation: { city, state, zip },
      serviceAreaMiles: serviceAreaMiles!,
      adultPriceCents: adultPriceCents!,
      childPriceCents: childPriceCents!,
      childAgeRange: { min: childAgeMin!, max: childAgeMax! },
      partyMinimumCents: partyMinimumCents!,
      depositCents: depositCents!,
      travelFreeMiles: travelFreeMiles!,
      travelCentsPerMile: travelCentsPerMile!,
      timeSlots: slots.map((slot) => ({ name: slot.name, start: slot.start, capacity: slot.capacity! })),
      // Quiet hours are the complement: from the end of texting to its next start.
      quietHours: { start: textingUntil, end: textingFrom },
      reviewUrl: reviewUrl === '' ? null : reviewUrl,
    },
  }
}

/**
 * The settings document to save: the form's fields over what is already stored (FAQs, message
 * templates, escalation phrases and tip range stay as the owner left them), or, for a new
 * business, over neutral defaults with no FAQs.
 */
export function settingsFromSetup(fields: BusinessSetupFields, existing: Settings | null, updatedAt: string): Settings {
  const { reviewUrl, ...rest } = fields
  const base: Settings = existing ?? {
    id: 'business',
    updatedAt,
    ...rest,
    tipPercentRange: { ...usualTipPercentRange },
    escalationPhrases: [...defaultEscalationPhrases],
    faqs: [],
    messageTemplates: { ...defaultMessageTemplates },
  }
  const { reviewUrl: _previous, ...kept } = base
  return { ...kept, ...rest, id: 'business', updatedAt, ...(reviewUrl === null ? {} : { reviewUrl }) }
}

export interface SampleParty {
  adults: number
  kids: number
  /** Miles from the base. */
  miles: number
}

/**
 * The quote a sample party would get under the rules being typed, for the form's live preview,
 * or which fields still keep it from being priced.
 */
export function previewQuote(
  draft: BusinessSetupDraft,
  party: SampleParty,
): { quote: Quote; depositCents: number } | { missing: BusinessSetupField[] } {
  const rules = {
    adultPriceCents: typedDollarsToCents(draft.adultPrice),
    childPriceCents: typedDollarsToCents(draft.childPrice),
    partyMinimumCents: typedDollarsToCents(draft.partyMinimum),
    travelFreeMiles: wholeNumber(draft.travelFreeMiles, 0, 1000),
    travelCentsPerMile: typedDollarsToCents(draft.travelPerMile),
    serviceAreaMiles: wholeNumber(draft.serviceAreaMiles, 1, 1000),
  }
  const fieldOf: Record<keyof typeof rules, BusinessSetupField> = {
    adultPriceCents: 'adultPrice',
    childPriceCents: 'childPrice',
    partyMinimumCents: 'partyMinimum',
    travelFreeMiles: 'travelFreeMiles',
    travelCentsPerMile: 'travelPerMile',
    serviceAreaMiles: 'serviceAreaMiles',
  }
  const missing = (Object.keys(rules) as (keyof typeof rules)[]).filter((key) => rules[key] === null).map((key) => fieldOf[key])
  const depositCents = typedDollarsToCents(draft.deposit)
  if (depositCents === null) missing.push('deposit')
  if (missing.length > 0) return { missing }
  const quote = buildQuote({ adults: party.adults, kids: party.kids }, { miles: party.miles, isEstimate: false }, rules as QuoteRules)
  return { quote, depositCents: depositCents! }
}
