/**
 * Applies a device's pushed edits to the master copy in one transaction, following the conflict
 * policy in src/domain/sync. Edits that lose are returned as conflicts (the relay's state) and
 * recorded in `needsAttention` so the console can show both sides and re-apply.
 */
import { randomBytes } from 'node:crypto'
import { ownerOnlyCollections, type CollectionName } from '../../../src/domain/schemas'
import { resolvePush, type DocumentFields } from '../../../src/domain/sync/push-resolution'
import type { Device } from '../devices/device-registry'
import { DocumentValidationError, type DocumentStore, type SyncedDocument } from '../storage/document-store'
import { paymentMatchingFor } from '../matching'
import { bookingCapacityRefusal } from './booking-capacity'

export interface PushRow {
  assumedMasterState: (DocumentFields & { id: string }) | null
  newDocumentState: DocumentFields & { id: string }
}

export class PushValidationError extends Error {
  override name = 'PushValidationError'
}

const collectionLabels: Partial<Record<CollectionName, string>> = {
  bookings: 'a booking',
  customers: 'a customer',
  extensions: 'an extension',
  paymentMatches: 'a payment match',
  settings: 'the business settings',
  packages: 'a package',
  conversations: 'a conversation',
}

export function applyPush(
  store: DocumentStore,
  collection: CollectionName,
  rows: PushRow[],
  device: Device,
  now: () => Date,
): SyncedDocument[] {
  const conflicts: SyncedDocument[] = []
  try {
    store.transaction(() => {
      for (const row of rows) {
        const proposed = row.newDocumentState
        if (row.assumedMasterState && row.assumedMasterState.id !== proposed.id) {
          throw new PushValidationError(`assumedMasterState and newDocumentState name different documents (${proposed.id})`)
        }
        const master = store.get(collection, proposed.id)
        const decision = resolvePush(row.assumedMasterState, master, proposed)
        switch (decision.kind) {
          case 'unchanged':
            break
          case 'apply':
          case 'merge': {
            const refused =
              collection === 'bookings'
                ? bookingCapacityRefusal(store, decision.document, master)
                : collection === 'paymentMatches'
                  ? (paymentMatchingFor(store)?.refusalOfPushedMatch({ ...decision.document, id: proposed.id }, master, device) ?? null)
                  : null
            if (refused) {
              // The device learns the relay's state: the document as it was, or gone if it was new.
              conflicts.push(master ?? { ...proposed, updatedAt: now().toISOString(), _deleted: true })
              const label = collectionLabels[collection]!
              const fields = collection === 'bookings' ? ['eventDate', 'eventTime'] : ['manualPayment']
              recordRejectedEdit(store, collection, master, proposed, fields, device, now, `${capitalize(label)} from ${device.name} was not saved: ${refused}`)
              break
            }
            const { _deleted, ...fields } = decision.document
            store.put(collection, fields as DocumentFields & { id: string }, { deleted: _deleted === true })
            // A cash or check payment becomes money only here, once the relay has checked it.
            if (collection === 'paymentMatches') paymentMatchingFor(store)?.acceptPushedMatch({ ...decision.document, id: proposed.id }, master, device)
            break
          }
          case 'reject':
            conflicts.push(master!)
            recordRejectedEdit(store, collection, master!, proposed, decision.conflictingFields, device, now)
            break
        }
      }
    })
  } catch (error) {
    if (error instanceof DocumentValidationError) throw new PushValidationError(error.message)
    throw error
  }
  return conflicts
}

function recordRejectedEdit(
  store: DocumentStore,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  conflictingFields: string[],
  device: Device,
  now: () => Date,
  title?: string,
) {
  const label = collectionLabels[collection] ?? `a ${collection} record`
  store.put(
    'needsAttention',
    {
      id: `att_${randomBytes(9).toString('base64url')}`,
      updatedAt: '',
      kind: 'rejected_edit',
      title: (title ?? `A change to ${label} from ${device.name} was not applied: it was changed elsewhere first`).slice(0, 300),
      collectionName: collection,
      documentId: proposed.id,
      conflictingFields,
      serverState: master,
      rejectedEdit: proposed,
      deviceId: device.id,
      deviceName: device.name,
      createdAt: now().toISOString(),
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
    },
    { ownerOnly: ownerOnlyCollections.includes(collection) },
  )
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
