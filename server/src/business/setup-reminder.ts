/**
 * While the business is not set up, the relay neither quotes nor answers customers by itself;
 * it keeps one needs-attention item open that says so, and resolves it once the owner saves the
 * business settings.
 */
import { setupReminderId, setupReminderTitle } from '../../../src/domain/setup-reminder'
import type { NeedsAttention } from '../../../src/domain/schemas'
import type { DocumentSync } from '../storage/contracts'
import type { DocumentStore } from '../storage/document-store'

export { setupReminderId, setupReminderTitle }

/**
 * Opens the one "Finish setting up the business" item (again, if it was dismissed while the
 * business is still not set up). `why` says what is waiting, e.g. a customer's text.
 */
export function remindToFinishSetup(documents: DocumentStore, now: Date, why: string): void {
  const existing = documents.get('needsAttention', setupReminderId)
  if (existing && !existing._deleted && existing.status === 'open') return
  documents.put('needsAttention', setupReminder(now, why))
}

/** `remindToFinishSetup` through the storage contracts (either engine): opened once however many relays ask. */
export async function remindToFinishSetupThrough(documents: DocumentSync, now: Date, why: string): Promise<void> {
  await documents.update('needsAttention', setupReminderId, (existing) => (existing?.status === 'open' ? null : setupReminder(now, why)))
}

/** The "Finish setting up the business" item, open, saying what is waiting. */
export function setupReminder(now: Date, why: string): Omit<NeedsAttention, 'updatedAt'> {
  return {
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
}

/**
 * Resolves the reminder as soon as business settings are stored, whichever relay stored them
 * (either engine); returns the unsubscribe. A failed write is retried at the next settings change.
 */
export function resolveSetupReminderWhenSetUp(documents: DocumentSync, now: () => Date = () => new Date(), onError: (error: unknown) => void = () => {}): () => void {
  return documents.onChange((collection, changed) => {
    if (collection !== 'settings' || !changed.some((document) => document.id === 'business' && !document._deleted)) return
    documents
      .update('needsAttention', setupReminderId, (current) =>
        current?.status === 'open' ? { ...current, status: 'dismissed' as const, resolvedBy: 'relay: the business is set up', resolvedAt: now().toISOString() } : null,
      )
      .catch(onError)
  })
}
