/**
 * The business settings the relay works with: the owner's synced settings document, or null
 * while the business is not set up. Nothing stands in for them: outside demo mode (which seeds
 * its own settings) the relay never answers a customer with another business's name or prices.
 */
import type { Settings } from '../../../src/domain/schemas'
import type { DocumentStore } from './document-store'

export function businessSettings(documents: DocumentStore): Settings | null {
  return documents.settings.live('business')
}

/**
 * The business's time zone for dates and hours; this computer's own while the business is not
 * set up (the relay runs where the business is, and the owner's settings name the zone exactly).
 */
export function businessTimeZone(documents: DocumentStore): string {
  return businessSettings(documents)?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
}
