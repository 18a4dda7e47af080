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

/**
 * Whether a number typed or pasted any way — as the console shows it ("(510) 555-0188"), with
 * dots, a country code, or just its last digits ("0188") — is (part of) `e164`. Fewer than three
 * digits match nothing, so a search for a name or a date is not read as a phone number.
 */
export function phoneMatchesQuery(e164: string | null, query: string): boolean {
  if (!e164) return false
  const digits = query.replace(/\D/g, '')
  if (digits.length < 3) return false
  if (e164.replace(/\D/g, '').includes(digits)) return true
  // A whole number in its national form abroad ("020 7946 0958" for +44 20 7946 0958).
  const parsed = parsePhoneNumberFromString(e164)
  return parsed !== undefined && toE164(query, parsed.country ?? 'US') === e164
}
