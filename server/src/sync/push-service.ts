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
import { checkDeviceWrite, collectionLabel, type DeviceWrite, type WriteVerdict, type WriteViolation } from '../../../src/domain/sync/write-policy'
import { BookingRecordsOnSqlite } from '../bookings/booking-records'
import type { Device } from '../storage/device-registry'
import { AuditLog } from '../storage/audit-log'
import { SmsOptOuts } from '../storage/sms-opt-outs'
import type { RelayDatabase } from '../storage/database'
import { DeviceChangeLog } from '../storage/device-change-log'
import { DocumentValidationError, type DocumentStore, type SyncedDocument } from '../storage/document-store'
import { paymentMatchingFor } from '../matching'
import { CustomerMerges } from '../customers/customer-merges'
import { bookingCapacityRefusal } from './booking-capacity'
import type { DeviceQuotas } from '../storage/device-quotas'
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

export function applyPush(context: PushContext, collection: CollectionName, rows: PushRow[]): SyncedDocument[] {
  const { store, device, now } = context
  const conflicts: SyncedDocument[] = []
  const records = new BookingRecordsOnSqlite(context.db, store, now)
  const merges = new CustomerMerges(context.db, store, now)
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
        // What the device meant to change, judged before any conflict: a change outside its role is a
        // refusal, never a conflict that a person could "re-apply" for it.
        const intended = judgedIntent({ collection, role: device.role, deviceId: device.id, before: null, after: proposed }, row.assumedMasterState, stored)
        if (!intended.ok) {
          conflicts.push(stored ?? tombstone())
          refuse(context, collection, stored, proposed, intended.violations)
          continue
        }
        const decision = resolvePush(row.assumedMasterState, stored, proposed)
        if (decision.kind === 'unchanged') continue
        if (decision.kind === 'reject') {
          // The device's base state is its own claim: its values, put on the relay's, must be writable too.
          const onMaster = { ...stored!, ...Object.fromEntries(decision.conflictingFields.map((field) => [field, proposed[field]])) }
          const verdict = checkDeviceWrite({ collection, role: device.role, deviceId: device.id, before: stored, after: onMaster })
          conflicts.push(stored!)
          if (verdict.ok) recordConflict(context, collection, stored!, proposed, decision.conflictingFields)
          else refuse(context, collection, stored, proposed, verdict.violations)
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
        const badReference = referenceRefusal(store, collection, stored, candidate) ?? (collection === 'customers' ? merges.refusal(stored, { ...candidate, id: proposed.id }) : null)
        if (badReference) {
          conflicts.push(stored ?? tombstone())
          refuse(context, collection, stored, proposed, [badReference])
          continue
        }
        // A cash or check payment the owner records is checked against the booking (server/src/matching).
        const badPayment = collection === 'paymentMatches' ? (paymentMatchingFor(store)?.refusalOfPushedMatch({ ...candidate, id: proposed.id }, stored, device) ?? null) : null
        if (badPayment) {
          conflicts.push(stored ?? tombstone())
          refuse(context, collection, stored, proposed, [{ field: 'manualPayment', reason: `Not recorded: ${badPayment}.` }])
          continue
        }
        const at = now()
        const stamped = stampDeviceWrite(collection, stored, candidate, {
          device,
          now: at,
          derivedStatus: (booking: Booking) => records.derivedStatus(booking),
          withDerivedStatus: (booking: Booking) => records.withDerivedStatus(booking, at.toISOString()),
          isOptedOut: (phone: string) => new SmsOptOuts(context.db).has(phone),
        })
        // Checked as it would be stored (its status derived by the relay, not as the device sent it).
        const full = collection === 'bookings' ? bookingCapacityRefusal(store, stamped, stored) : null
        if (full) {
          // The device learns the relay's state: the booking as it was, or gone if it was new.
          conflicts.push(stored ?? tombstone())
          recordRejectedEdit(context, collection, stored, proposed, ['eventDate', 'eventTime'], `${capitalize(articled(collection))} from ${device.name} was not saved: ${full}`)
          continue
        }
        // The device's own value of a derived field is not a change: nothing to store.
        if (stored && stored._deleted === (stamped._deleted === true) && sameContent(stored, stamped)) continue
        const { _deleted, ...fields } = stamped
        store.put(collection, fields as DocumentFields & { id: string }, { deleted: _deleted === true })
        // A cash or check payment becomes money only here, once the relay has checked it.
        if (collection === 'paymentMatches') paymentMatchingFor(store)?.acceptPushedMatch({ ...stamped, id: proposed.id }, stored, device)
        // A merge (or its undo) re-links the records of the two customers (server/src/customers).
        if (collection === 'customers') merges.apply(stored, { ...stamped, id: proposed.id }, device)
        context.quotas.record(device.id, verdict.actions, at, collection, proposed.id)
        // The fields the device changed, not what the relay derived from them (status, its timeline entries).
        recordChange(context, collection, proposed.id, stored, candidate, at)
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
  new DeviceChangeLog(context.db).record({
    at: at.toISOString(),
    deviceId: context.device.id,
    deviceName: context.device.name,
    role: context.device.role,
    collection,
    documentId,
    fields,
  })
}

/**
 * What the device meant to change: its proposal against the state it assumed the relay had. A
 * value the relay has itself written since (a message the relay sent while the device's push was
 * in flight) and the device echoes back is no change of the device's: when the proposal is
 * within the role against the relay's current document, it is judged from there.
 */
function judgedIntent(write: DeviceWrite, assumed: DocumentFields | null, stored: DocumentFields | null): WriteVerdict {
  const fromAssumed = checkDeviceWrite({ ...write, before: assumed ?? stored })
  if (fromAssumed.ok || !assumed || !stored) return fromAssumed
  const fromStored = checkDeviceWrite({ ...write, before: stored })
  return fromStored.ok ? fromStored : fromAssumed
}

/**
 * An edit that lost a conflict: kept with both sides so a person can re-apply it. One item per
 * device and document, holding the device's latest edit (the one a person would want back).
 */
function recordConflict(context: PushContext, collection: CollectionName, master: SyncedDocument, proposed: DocumentFields & { id: string }, fields: string[]) {
  recordRejectedEdit(
    context,
    collection,
    master,
    proposed,
    fields,
    `A change to ${articled(collection)} from ${context.device.name} was not applied: it was changed elsewhere first`,
    { id: attentionKey('conflict', context.device.id, collection, proposed.id) },
  )
}

/**
 * Links a device may make between records, checked against what the relay holds: a thread may be
 * linked only to a customer with the thread's own number (the opt-out follows the number, and a
 * wrong link must not make another record's state count for it).
 */
function referenceRefusal(store: DocumentStore, collection: CollectionName, before: DocumentFields | null, after: DocumentFields): WriteViolation | null {
  if (collection !== 'conversations' || after._deleted === true) return null
  const customerId = after.customerId
  if (customerId === null || customerId === undefined || customerId === before?.customerId) return null
  const customer = store.get('customers', String(customerId))
  if (customer && !customer._deleted && customer.phone === after.customerPhone) return null
  return { field: 'customerId', reason: "A conversation may be linked only to a customer with the conversation's own phone number." }
}

/** Needs-attention ids for one kind of record per device and document. */
function attentionKey(kind: string, deviceId: string, collection: string, documentId: string): string {
  return `att-${createHash('sha256').update(`${kind}:${deviceId}:${collection}:${documentId}`).digest('hex').slice(0, 32)}`
}

/** Open refusal items one device can have from the last hour; past that, one summary item. */
const maxRefusalItemsPerHour = 50
/** Refusal audit rows per device an hour; past that, one row counting the rest. */
const maxRefusalAuditsPerHour = 500

/**
 * An edit outside the device's role or quota. One needs-attention item per device and document:
 * a repeat keeps the first attempt (the owner sees what was tried first) and counts the others.
 * A flood under fresh ids ends in one summary item per device and hour; the audit log records
 * each refusal up to its own cap, then counts the rest. Either way the disk stays bounded.
 */
function refuse(
  context: PushContext,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  violations: WriteViolation[],
  options: { ownerOnly?: boolean; quota?: boolean } = {},
) {
  const { device, store, now } = context
  const reason = violations.map((violation) => violation.reason).join(' ')
  const fields = violations.map((violation) => violation.field.slice(0, 64)).filter((field) => !field.startsWith('_'))
  const at = now()
  const hourAgo = new Date(at.getTime() - 60 * 60 * 1000).toISOString()
  audit(context, { deviceId: device.id, role: device.role, collection, documentId: proposed.id.slice(0, 64), fields, quota: Boolean(options.quota) }, hourAgo)

  const id = attentionKey(options.quota ? 'quota' : 'refused', device.id, collection, proposed.id)
  const existing = store.get('needsAttention', id)
  const title = (attempts: number) =>
    `A change to ${articled(collection)} from ${device.name} was refused${attempts > 1 ? ` (${attempts} attempts)` : ''}: ${reason}`
  if (existing && !existing._deleted && existing.status === 'open') {
    const attempts = Number(/\((\d+) attempts\)/.exec(String(existing.title))?.[1] ?? 1) + 1
    store.put('needsAttention', { ...existing, title: title(attempts).slice(0, 300) })
    return
  }
  const recentItems = store.needsAttention.openRefusedEditsSince(device.id, hourAgo)
  if (recentItems >= maxRefusalItemsPerHour) {
    const summaryId = attentionKey('refusals', device.id, '*', at.toISOString().slice(0, 13))
    const summary = store.get('needsAttention', summaryId)
    const count = summary && !summary._deleted ? Number(/^(\d+)/.exec(String(summary.title))?.[1] ?? 0) + 1 : 1
    store.put(
      'needsAttention',
      attentionItem(context, {
        id: summaryId,
        kind: 'refused_edit',
        title: `${count} more changes from ${device.name} were refused this hour (each is in the relay's audit log); consider revoking it with "npm run relay -- devices revoke ${device.id}".`,
        collection,
        documentId: null,
        fields: [],
        master: null,
        proposed: null,
      }),
      { ownerOnly: true },
    )
    return
  }
  recordRejectedEdit(context, collection, master, proposed, fields, title(1), { id, kind: 'refused_edit', ownerOnly: options.ownerOnly })
}

/** One audit row per refusal, up to the hourly cap per device; past it, one row counts the rest. */
function audit(context: PushContext, detail: Record<string, unknown> & { deviceId: string }, hourAgo: string) {
  const { now } = context
  const log = new AuditLog(context.db)
  if (log.countForDeviceSince('device_write_refused', detail.deviceId, hourAgo) < maxRefusalAuditsPerHour) {
    log.add('device_write_refused', now(), detail)
    return
  }
  const more = log.latestForDeviceSince('device_write_refused_more', detail.deviceId, hourAgo)
  if (more) log.updateDetails([{ seq: more.seq, detail: { ...more.detail, count: Number(more.detail.count) + 1 } }])
  else log.add('device_write_refused_more', now(), { deviceId: detail.deviceId, count: 1 })
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
  const { store } = context
  const item = attentionItem(context, {
    id: options.id ?? `att_${randomBytes(9).toString('base64url')}`,
    kind: options.kind ?? 'rejected_edit',
    title,
    collection,
    documentId: proposed.id,
    fields: conflictingFields,
    master,
    proposed,
  })
  // An item about an owner-only record is owner-only too, whatever collection it is in.
  const ownerOnly = options.ownerOnly || ownerOnlyCollections.includes(collection) || (master !== null && store.isOwnerOnly(collection, master.id))
  store.put('needsAttention', item, { ownerOnly })
}

function attentionItem(
  context: PushContext,
  item: {
    id: string
    kind: 'rejected_edit' | 'refused_edit'
    title: string
    collection: CollectionName
    documentId: string | null
    fields: string[]
    master: SyncedDocument | null
    proposed: DocumentFields | null
  },
) {
  const { device, now } = context
  return {
    id: item.id,
    updatedAt: '',
    kind: item.kind,
    title: item.title.slice(0, 300),
    collectionName: item.collection,
    documentId: item.documentId?.slice(0, 64) ?? null,
    conflictingFields: item.fields.slice(0, 100).map((field) => field.slice(0, 64)),
    serverState: item.master,
    rejectedEdit: item.proposed,
    deviceId: device.id,
    deviceName: device.name,
    createdAt: now().toISOString(),
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
  }
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
