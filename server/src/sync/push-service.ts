/**
 * Applies a device's pushed edits to the master copy in one transaction. A device only proposes:
 *
 * 1. conflicts follow the policy in src/domain/sync (apply, merge field-wise, or keep the relay's);
 * 2. what would be stored must be within the device's role (src/domain/sync/write-policy):
 *    money received, Stripe links, inbound messages, call records, derived status and
 *    needs-attention items are the relay's;
 * 3. what the edit sets in motion (texts, deposit links) must fit the device's hourly quotas;
 * 4. a booking that takes a new place must fit the owner's slot capacity.
 *
 * An edit that fails any of these is not applied: the device gets the relay's state back as a
 * conflict, and the edit is kept under "needs attention" with the reason, for the device and the
 * owner to see. Nothing is dropped silently. Accepted edits are stamped with the device that
 * made them and recorded in `device_changes`.
 */
import { createHash, randomBytes } from 'node:crypto'
import { ownerOnlyCollections, type Booking, type CollectionName } from '../../../src/domain/schemas'
import { changedFields, resolvePush, sameContent, type DocumentFields } from '../../../src/domain/sync/push-resolution'
import { checkDeviceWrite, collectionLabel, type WriteViolation } from '../../../src/domain/sync/write-policy'
import { BookingRecords } from '../bookings/booking-records'
import type { Device } from '../devices/device-registry'
import type { RelayDatabase } from '../storage/database'
import { DocumentValidationError, type DocumentStore, type SyncedDocument } from '../storage/document-store'
import { bookingCapacityRefusal } from './booking-capacity'
import type { DeviceQuotas } from './device-quotas'
import { stampDeviceWrite } from './device-write-stamps'

export interface PushRow {
  assumedMasterState: (DocumentFields & { id: string }) | null
  newDocumentState: DocumentFields & { id: string }
}

export class PushValidationError extends Error {
  override name = 'PushValidationError'
}

export interface PushContext {
  db: RelayDatabase
  store: DocumentStore
  device: Device
  quotas: DeviceQuotas
  now: () => Date
}

/** Refusal audit rows per device an hour, at most: a flood of forged pushes cannot fill the disk. */
const maxRefusalAuditsPerHour = 100

export function applyPush(context: PushContext, collection: CollectionName, rows: PushRow[]): SyncedDocument[] {
  const { store, device, now } = context
  const conflicts: SyncedDocument[] = []
  const records = new BookingRecords(context.db, store, now)
  try {
    store.transaction(() => {
      for (const row of rows) {
        const proposed = row.newDocumentState
        if (row.assumedMasterState && row.assumedMasterState.id !== proposed.id) {
          throw new PushValidationError(`assumedMasterState and newDocumentState name different documents (${proposed.id})`)
        }
        const tombstone = (): SyncedDocument => ({ ...proposed, updatedAt: now().toISOString(), _deleted: true })
        const stored = store.get(collection, proposed.id)
        // A document this device's role may not read does not exist for it: no conflict answer
        // may carry it.
        if (stored && device.role !== 'owner' && store.isOwnerOnly(collection, proposed.id)) {
          conflicts.push(tombstone())
          refuse(context, collection, null, proposed, [{ field: '_document', reason: `There is no such ${collectionLabel(collection)} record for this device.` }], {
            ownerOnly: true,
          })
          continue
        }
        const decision = resolvePush(row.assumedMasterState, stored, proposed)
        if (decision.kind === 'unchanged') continue
        if (decision.kind === 'reject') {
          conflicts.push(stored!)
          recordConflict(context, collection, stored!, proposed, decision.conflictingFields)
          continue
        }
        const candidate = decision.document
        const verdict = checkDeviceWrite({ collection, role: device.role, deviceId: device.id, before: stored, after: candidate })
        if (!verdict.ok) {
          conflicts.push(stored ?? tombstone())
          refuse(context, collection, stored, proposed, verdict.violations)
          continue
        }
        const overQuota = context.quotas.refusal(device.id, verdict.actions, now())
        if (overQuota) {
          conflicts.push(stored ?? tombstone())
          refuse(context, collection, stored, proposed, [{ field: '_document', reason: `Not saved: ${overQuota}. The owner can raise the quota in the relay's settings.` }], {
            quota: true,
          })
          continue
        }
        const full = collection === 'bookings' ? bookingCapacityRefusal(store, candidate, stored) : null
        if (full) {
          // The device learns the relay's state: the booking as it was, or gone if it was new.
          conflicts.push(stored ?? tombstone())
          recordRejectedEdit(context, collection, stored, proposed, ['eventDate', 'eventTime'], `${capitalize(articled(collection))} from ${device.name} was not saved: ${full}`)
          continue
        }
        const at = now()
        const stamped = stampDeviceWrite(collection, stored, candidate, {
          device,
          now: at,
          derivedStatus: (booking: Booking) => records.derivedStatus(booking),
          withDerivedStatus: (booking: Booking) => records.withDerivedStatus(booking, at.toISOString()),
          isOptedOut: (phone: string) => context.db.prepare('SELECT 1 FROM sms_opt_outs WHERE phone = ?').get(phone) !== undefined,
        })
        // The device's own value of a derived field is not a change: nothing to store.
        if (stored && stored._deleted === (stamped._deleted === true) && sameContent(stored, stamped)) continue
        const { _deleted, ...fields } = stamped
        store.put(collection, fields as DocumentFields & { id: string }, { deleted: _deleted === true })
        context.quotas.record(device.id, verdict.actions, at, collection, proposed.id)
        recordChange(context, collection, proposed.id, stored, stamped, at)
      }
    })
  } catch (error) {
    if (error instanceof DocumentValidationError) throw new PushValidationError(error.message)
    throw error
  }
  return conflicts
}

/** `device_changes`: who changed which fields of what, and when (the owner's Activity list reads it). */
function recordChange(context: PushContext, collection: CollectionName, documentId: string, before: DocumentFields | null, after: DocumentFields, at: Date) {
  const fields = before ? changedFields(before, after) : ['_created']
  context.db
    .prepare('INSERT INTO device_changes (at, device_id, device_name, role, collection, document_id, fields) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(at.toISOString(), context.device.id, context.device.name, context.device.role, collection, documentId, JSON.stringify(fields))
}

/** An edit that lost a conflict: kept with both sides so a person can re-apply it. */
function recordConflict(context: PushContext, collection: CollectionName, master: SyncedDocument, proposed: DocumentFields & { id: string }, fields: string[]) {
  recordRejectedEdit(
    context,
    collection,
    master,
    proposed,
    fields,
    `A change to ${articled(collection)} from ${context.device.name} was not applied: it was changed elsewhere first`,
  )
}

/**
 * An edit outside the device's role or quota. One needs-attention item per device and document
 * (a repeated forgery updates it instead of piling up), and an audit row.
 */
function refuse(
  context: PushContext,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  violations: WriteViolation[],
  options: { ownerOnly?: boolean; quota?: boolean } = {},
) {
  const { device, db, now } = context
  const reason = violations.map((violation) => violation.reason).join(' ')
  const title = `A change to ${articled(collection)} from ${device.name} was refused: ${reason}`
  const fields = violations.map((violation) => violation.field).filter((field) => !field.startsWith('_'))
  const key = `${options.quota ? 'quota' : 'refused'}:${device.id}:${collection}:${proposed.id}`
  const id = `att-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`
  recordRejectedEdit(context, collection, master, proposed, fields, title, { id, kind: 'refused_edit', ownerOnly: options.ownerOnly })
  const since = new Date(now().getTime() - 60 * 60 * 1000).toISOString()
  const recent = (
    db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE kind = 'device_write_refused' AND at > ? AND json_extract(detail, '$.deviceId') = ?`).get(since, device.id) as {
      n: number
    }
  ).n
  if (recent < maxRefusalAuditsPerHour) {
    db.prepare('INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, ?)').run(
      now().toISOString(),
      'device_write_refused',
      JSON.stringify({ deviceId: device.id, role: device.role, collection, documentId: proposed.id.slice(0, 64), fields, quota: Boolean(options.quota) }),
    )
  }
}

function recordRejectedEdit(
  context: PushContext,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  conflictingFields: string[],
  title: string,
  options: { id?: string; kind?: 'rejected_edit' | 'refused_edit'; ownerOnly?: boolean } = {},
) {
  const { store, device, now } = context
  store.put(
    'needsAttention',
    {
      id: options.id ?? `att_${randomBytes(9).toString('base64url')}`,
      updatedAt: '',
      kind: options.kind ?? 'rejected_edit',
      title: title.slice(0, 300),
      collectionName: collection,
      documentId: proposed.id.slice(0, 64),
      conflictingFields: conflictingFields.slice(0, 100),
      serverState: master,
      rejectedEdit: proposed,
      deviceId: device.id,
      deviceName: device.name,
      createdAt: now().toISOString(),
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
    },
    { ownerOnly: options.ownerOnly || ownerOnlyCollections.includes(collection) },
  )
}

const articles: Partial<Record<CollectionName, string>> = {
  bookings: 'a booking',
  customers: 'a customer',
  extensions: 'an extension',
  paymentMatches: 'a payment match',
  settings: 'the business settings',
  packages: 'a package',
  conversations: 'a conversation',
  calls: 'a call',
  suggestions: 'a suggestion',
  needsAttention: 'a needs-attention item',
  transcriptSegments: 'a transcript',
  transactions: 'a bank transaction',
}

function articled(collection: CollectionName): string {
  return articles[collection] ?? `a ${collection} record`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
