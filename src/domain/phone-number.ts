/**
 * Phone numbers as people type them ("(408) 555-0199", "408.555.0199", "+1 408 555 0199") turned
 * into the E.164 form providers and our schemas use (`+14085550199`).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

/** E.164, or null when the input is not a possible phone number. */
export function toE164(input: string, defaultCountry: CountryCode = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry)
  return parsed?.isPossible() ? parsed.number : null
}

/** `+14085550199` → `(408) 555-0199` for people to read. */
export function formatPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164)
  return parsed ? (parsed.country === 'US' ? parsed.formatNational() : parsed.formatInternational()) : e164
}
