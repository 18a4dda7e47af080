/**
 * The business rules a front-desk console needs to price and place a booking draft: prices,
 * party minimum, deposit, travel rules, service area, time slots and texting hours. Front desk
 * may not read the settings document (architecture §6); the relay serves it this read-only
 * projection instead, which leaves out everything else (contact details, review link, message
 * templates, FAQs, tip range: nothing about money received or the bank).
 */
import { Type, type Static } from 'typebox'
import { SettingsDocument, type Settings } from './schemas/settings'

export const businessRuleFields = [
  'updatedAt',
  'businessName',
  'timeZone',
  'baseLocation',
  'serviceAreaMiles',
  'adultPriceCents',
  'childPriceCents',
  'childAgeRange',
  'partyMinimumCents',
  'depositCents',
  'travelFreeMiles',
  'travelCentsPerMile',
  'timeSlots',
  'quietHours',
] as const satisfies readonly (keyof Settings)[]

export const BusinessRules = Type.Pick(SettingsDocument, businessRuleFields, { additionalProperties: false })
export type BusinessRules = Static<typeof BusinessRules>

/** `rules` is null while the business is not set up. */
export const BusinessRulesResponse = Type.Object({ rules: Type.Union([BusinessRules, Type.Null()]) }, { additionalProperties: false })
export type BusinessRulesResponse = Static<typeof BusinessRulesResponse>

export function businessRulesOf(settings: Settings): BusinessRules {
  const rules: Record<string, unknown> = {}
  for (const field of businessRuleFields) if (settings[field] !== undefined) rules[field] = settings[field]
  return rules as BusinessRules
}
