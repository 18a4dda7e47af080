/**
 * The business settings the relay works with: the owner's synced settings document, or null
 * while the business is not set up. Nothing stands in for them: outside demo mode (which seeds
 * its own settings) the relay never answers a customer with another business's name or prices.
 */
import type { Settings } from '../../../src/domain/schemas'
import type { DocumentReads } from './contracts'
import type { DocumentStore } from './document-store'

export function businessSettings(documents: DocumentStore): Settings | null {
  // Read for every booking a service touches: parsed again only when the owner changed them.
  const version = documents.settings.versionOf('business')
  const known = parsedSettings.get(documents)
  if (known && known.version === version) return known.settings
  const settings = version === null ? null : deepFreeze(documents.settings.live('business'))
  parsedSettings.set(documents, { version: settings?.updatedAt ?? null, settings })
  return settings
}

/** The same through the storage contracts (either engine): parsed again only when the owner changed them. */
export async function businessSettingsFrom(settingsDocuments: DocumentReads<'settings'>): Promise<Settings | null> {
  const version = await settingsDocuments.versionOf('business')
  const known = parsedSettings.get(settingsDocuments)
  if (known && known.version === version) return known.settings
  const settings = version === null ? null : deepFreeze(await settingsDocuments.live('business'))
  parsedSettings.set(settingsDocuments, { version: settings?.updatedAt ?? null, settings })
  return settings
}

/** The settings last read from each store, with the `updatedAt` they were read at: shared, so frozen. */
const parsedSettings = new WeakMap<DocumentStore | DocumentReads<'settings'>, { version: string | null; settings: Settings | null }>()

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * The business's time zone for dates and hours; this computer's own while the business is not
 * set up (the relay runs where the business is, and the owner's settings name the zone exactly).
 */
export function businessTimeZone(documents: DocumentStore): string {
  return businessSettings(documents)?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
}
