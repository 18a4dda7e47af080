/**
 * While the business is not set up, the relay neither quotes nor answers customers by itself;
 * it keeps one needs-attention item open that says so, and resolves it once the owner saves the
 * business settings.
 */
import { setupReminderId, setupReminderTitle } from '../../../src/domain/setup-reminder'
import type { NeedsAttention } from '../../../src/domain/schemas'
import type { DocumentStore } from '../storage/document-store'

export { setupReminderId, setupReminderTitle }

/**
 * Opens the one "Finish setting up the business" item (again, if it was dismissed while the
 * business is still not set up). `why` says what is waiting, e.g. a customer's text.
 */
export function remindToFinishSetup(documents: DocumentStore, now: Date, why: string): void {
  const existing = documents.get('needsAttention', setupReminderId)
  if (existing && !existing._deleted && existing.status === 'open') return
  const item: Omit<NeedsAttention, 'updatedAt'> = {
    id: setupReminderId,
    kind: 'failed_job',
    title: setupReminderTitle,
    collectionName: 'settings',
    documentId: 'business',
    conflictingFields: [],
    serverState: null,
    rejectedEdit: {
      why: `${why} Until the owner enters the business's name, prices and hours in Settings, the relay does not quote or answer customers by itself: their messages wait for staff.`,
    },
    deviceId: null,
    deviceName: null,
    createdAt: now.toISOString(),
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
  }
  documents.put('needsAttention', item)
}

/** Resolves the reminder as soon as business settings are stored; returns the unsubscribe. */
export function resolveSetupReminderWhenSetUp(documents: DocumentStore, now: () => Date = () => new Date()): () => void {
  return documents.onChange((collection, changed) => {
    if (collection !== 'settings' || !changed.some((document) => document.id === 'business' && !document._deleted)) return
    documents.changeLive('needsAttention', setupReminderId, (current) =>
      current.status === 'open' ? { ...current, status: 'dismissed' as const, resolvedBy: 'relay: the business is set up', resolvedAt: now().toISOString() } : null,
    )
  })
}
