/**
 * The business settings the relay works with: the owner's synced settings, or the built-in demo
 * profile until an owner has saved any (a fresh relay answers with sensible defaults).
 */
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import type { Settings } from '../../../src/domain/schemas'
import { withoutSyncFlags, type DocumentStore } from './document-store'

export function businessSettings(documents: DocumentStore, now: Date = new Date()): Settings {
  const stored = documents.get('settings', 'business')
  return stored && !stored._deleted ? (withoutSyncFlags(stored) as Settings) : demoBusinessProfile(now.toISOString())
}
