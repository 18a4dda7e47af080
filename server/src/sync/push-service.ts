/**
 * Applies a device's pushed edits to the master copy in one unit of work (one transaction on
 * either engine, ../storage/unit-of-work.ts). A device only proposes:
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
import { deriveBookingStatus } from '../../../src/domain/bookings'
import { statusFactsInUnit, withDerivedStatus } from '../bookings/booking-records'
import type { Device } from '../storage/device-registry'
import { DocumentValidationError, type SyncedDocument } from '../storage/document-store'
import { ask, type UnitStorage, type Work } from '../storage/unit-of-work'
import { establishManualPayment, refusalOfPushedPayment } from '../matching/manual-payments'
import { CustomerMerges } from '../customers/customer-merges'
import { bookingCapacityRefusal } from './booking-capacity'
import { stampDeviceWrite } from './device-write-stamps'

export interface PushRow {
  assumedMasterState: (DocumentFields & { id: string }) | null
  newDocumentState: DocumentFields & { id: string }
}

export class PushValidationError extends Error {
  override name = 'PushValidationError'
}

export interface PushContext {
  unit: UnitStorage
  device: Device
  now: () => Date
}

/**
 * The push as one unit of work (../storage/unit-of-work.ts): run by `RelayStorage.units`, in one
 * transaction on either engine. Answers the conflicts, as the replication protocol wants them.
 */
export function* applyPush(context: PushContext, collection: CollectionName, rows: PushRow[]): Work<SyncedDocument[]> {
  const { unit, device, now } = context
  const conflicts: SyncedDocument[] = []
  const merges = new CustomerMerges(unit, now)
  try {
    for (const row of rows) {
      const proposed = row.newDocumentState
      if (row.assumedMasterState && row.assumedMasterState.id !== proposed.id) {
        throw new PushValidationError(`assumedMasterState and newDocumentState name different documents (${proposed.id})`)
      }
      const tombstone = (): SyncedDocument => ({ ...proposed, updatedAt: now().toISOString(), _deleted: true })
      // Held from this read to the unit's end: what is decided from it is what is written over it.
      yield* ask(() => unit.documents.lock(collection, proposed.id))
      const stored = yield* ask(() => unit.documents.get(collection, proposed.id))
      // A document this device's role may not read does not exist for it: no conflict answer
      // may carry it.
      if (stored && device.role !== 'owner' && (yield* ask(() => unit.documents.isOwnerOnly(collection, proposed.id)))) {
        conflicts.push(tombstone())
        yield* refuse(context, collection, null, proposed, [{ field: '_document', reason: `There is no such ${collectionLabel(collection)} record for this device.` }], {
          ownerOnly: true,
        })
        continue
      }
      // What the device meant to change, judged before any conflict: a change outside its role is a
      // refusal, never a conflict that a person could "re-apply" for it.
      const intended = judgedIntent({ collection, role: device.role, deviceId: device.id, before: null, after: proposed }, row.assumedMasterState, stored)
      if (!intended.ok) {
        conflicts.push(stored ?? tombstone())
        yield* refuse(context, collection, stored, proposed, intended.violations)
        continue
      }
      const decision = resolvePush(row.assumedMasterState, stored, proposed)
      if (decision.kind === 'unchanged') continue
      if (decision.kind === 'reject') {
        // The device's base state is its own claim: its values, put on the relay's, must be writable too.
        const onMaster = { ...stored!, ...Object.fromEntries(decision.conflictingFields.map((field) => [field, proposed[field]])) }
        const verdict = checkDeviceWrite({ collection, role: device.role, deviceId: device.id, before: stored, after: onMaster })
        conflicts.push(stored!)
        if (verdict.ok) yield* recordConflict(context, collection, stored!, proposed, decision.conflictingFields)
        else yield* refuse(context, collection, stored, proposed, verdict.violations)
        continue
      }
      const candidate = decision.document
      const verdict = checkDeviceWrite({ collection, role: device.role, deviceId: device.id, before: stored, after: candidate })
      if (!verdict.ok) {
        conflicts.push(stored ?? tombstone())
        yield* refuse(context, collection, stored, proposed, verdict.violations)
        continue
      }
      // The device is held until the unit ends: pushes through other relays wait for this count.
      const overQuota = yield* ask(() => unit.quotas.refusal(device.id, verdict.actions, now()))
      if (overQuota) {
        conflicts.push(stored ?? tombstone())
        yield* refuse(context, collection, stored, proposed, [{ field: '_document', reason: `Not saved: ${overQuota}. The owner can raise the quota in the relay's settings.` }], {
          quota: true,
        })
        continue
      }
      const badReference =
        (yield* referenceRefusal(unit, collection, stored, candidate)) ?? (collection === 'customers' ? yield* merges.refusal(stored, { ...candidate, id: proposed.id }) : null)
      if (badReference) {
        conflicts.push(stored ?? tombstone())
        yield* refuse(context, collection, stored, proposed, [badReference])
        continue
      }
      // A cash or check payment the owner records is checked against the booking (server/src/matching).
      const badPayment = collection === 'paymentMatches' ? yield* refusalOfPushedPayment(unit, { ...candidate, id: proposed.id }, stored, device, now()) : null
      if (badPayment) {
        conflicts.push(stored ?? tombstone())
        yield* refuse(context, collection, stored, proposed, [{ field: 'manualPayment', reason: `Not recorded: ${badPayment}.` }])
        continue
      }
      const at = now()
      // What the relay derives from the edit: a booking's status from its facts, a number's opt-out.
      const facts = collection === 'bookings' ? yield* statusFactsInUnit(unit, proposed.id, at) : null
      const phone = collection === 'customers' ? candidate.phone : undefined
      const optedOut = typeof phone === 'string' && (yield* ask(() => unit.optOuts.has(phone)))
      const stamped = stampDeviceWrite(collection, stored, candidate, {
        device,
        now: at,
        derivedStatus: (booking: Booking) => deriveBookingStatus(booking, facts!.today, { settlingPaymentReceived: facts!.settlingPaymentReceived }),
        withDerivedStatus: (booking: Booking) => withDerivedStatus(booking, at.toISOString(), facts!),
        isOptedOut: (number: string) => number === phone && optedOut,
      })
      // Checked as it would be stored (its status derived by the relay, not as the device sent it).
      const full = collection === 'bookings' ? yield* bookingCapacityRefusal(unit, stamped, stored) : null
      if (full) {
        // The device learns the relay's state: the booking as it was, or gone if it was new.
        conflicts.push(stored ?? tombstone())
        yield* recordRejectedEdit(context, collection, stored, proposed, ['eventDate', 'eventTime'], `${capitalize(articled(collection))} from ${device.name} was not saved: ${full}`)
        continue
      }
      // The device's own value of a derived field is not a change: nothing to store.
      if (stored && stored._deleted === (stamped._deleted === true) && sameContent(stored, stamped)) continue
      const { _deleted, ...fields } = stamped
      yield* ask(() => unit.documents.put(collection, { ...fields, id: proposed.id }, { deleted: _deleted === true }))
      // A cash or check payment becomes money only here, once the relay has checked it.
      if (collection === 'paymentMatches') yield* establishManualPayment(unit, { ...stamped, id: proposed.id }, stored, device, at)
      // A merge (or its undo) re-links the records of the two customers (server/src/customers).
      if (collection === 'customers') yield* merges.apply(stored, { ...stamped, id: proposed.id }, device)
      yield* ask(() => unit.quotas.record(device.id, verdict.actions, at, collection, proposed.id))
      // The fields the device changed, not what the relay derived from them (status, its timeline entries).
      yield* recordChange(context, collection, proposed.id, stored, candidate, at)
    }
  } catch (error) {
    if (error instanceof DocumentValidationError) throw new PushValidationError(error.message)
    throw error
  }
  return conflicts
}

/** `device_changes`: who changed which fields of what, and when (the owner's Activity list reads it). */
function* recordChange(context: PushContext, collection: CollectionName, documentId: string, before: DocumentFields | null, after: DocumentFields, at: Date): Work<void> {
  const fields = before ? changedFields(before, after) : ['_created']
  const change = {
    at: at.toISOString(),
    deviceId: context.device.id,
    deviceName: context.device.name,
    role: context.device.role,
    collection,
    documentId,
    fields,
  }
  yield* ask(() => context.unit.changes.record(change))
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
function* recordConflict(context: PushContext, collection: CollectionName, master: SyncedDocument, proposed: DocumentFields & { id: string }, fields: string[]): Work<void> {
  yield* recordRejectedEdit(
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
function* referenceRefusal(unit: UnitStorage, collection: CollectionName, before: DocumentFields | null, after: DocumentFields): Work<WriteViolation | null> {
  if (collection !== 'conversations' || after._deleted === true) return null
  const customerId = after.customerId
  if (customerId === null || customerId === undefined || customerId === before?.customerId) return null
  const customer = yield* ask(() => unit.customers.live(String(customerId)))
  if (customer && customer.phone === after.customerPhone) return null
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
function* refuse(
  context: PushContext,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  violations: WriteViolation[],
  options: { ownerOnly?: boolean; quota?: boolean } = {},
): Work<void> {
  const { device, unit, now } = context
  const reason = violations.map((violation) => violation.reason).join(' ')
  const fields = violations.map((violation) => violation.field.slice(0, 64)).filter((field) => !field.startsWith('_'))
  const at = now()
  const hourAgo = new Date(at.getTime() - 60 * 60 * 1000).toISOString()
  yield* audit(context, { deviceId: device.id, role: device.role, collection, documentId: proposed.id.slice(0, 64), fields, quota: Boolean(options.quota) }, hourAgo)

  const id = attentionKey(options.quota ? 'quota' : 'refused', device.id, collection, proposed.id)
  yield* ask(() => unit.documents.lock('needsAttention', id))
  const existing = yield* ask(() => unit.documents.get('needsAttention', id))
  const title = (attempts: number) =>
    `A change to ${articled(collection)} from ${device.name} was refused${attempts > 1 ? ` (${attempts} attempts)` : ''}: ${reason}`
  if (existing && !existing._deleted && existing.status === 'open') {
    const attempts = Number(/\((\d+) attempts\)/.exec(String(existing.title))?.[1] ?? 1) + 1
    yield* ask(() => unit.documents.put('needsAttention', { ...existing, title: title(attempts).slice(0, 300) }))
    return
  }
  const recentItems = yield* ask(() => unit.needsAttention.openRefusedEditsSince(device.id, hourAgo))
  if (recentItems >= maxRefusalItemsPerHour) {
    const summaryId = attentionKey('refusals', device.id, '*', at.toISOString().slice(0, 13))
    yield* ask(() => unit.documents.lock('needsAttention', summaryId))
    const summary = yield* ask(() => unit.documents.get('needsAttention', summaryId))
    const count = summary && !summary._deleted ? Number(/^(\d+)/.exec(String(summary.title))?.[1] ?? 0) + 1 : 1
    const item = attentionItem(context, {
        id: summaryId,
        kind: 'refused_edit',
        title: `${count} more changes from ${device.name} were refused this hour (each is in the relay's audit log); consider revoking it with "npm run relay -- devices revoke ${device.id}".`,
        collection,
        documentId: null,
        fields: [],
        master: null,
        proposed: null,
      })
    yield* ask(() => unit.documents.put('needsAttention', item, { ownerOnly: true }))
    return
  }
  yield* recordRejectedEdit(context, collection, master, proposed, fields, title(1), { id, kind: 'refused_edit', ownerOnly: options.ownerOnly })
}

/** One audit row per refusal, up to the hourly cap per device; past it, one row counts the rest. */
function* audit(context: PushContext, detail: Record<string, unknown> & { deviceId: string }, hourAgo: string): Work<void> {
  const { now, unit } = context
  if ((yield* ask(() => unit.audit.countForDeviceSince('device_write_refused', detail.deviceId, hourAgo))) < maxRefusalAuditsPerHour) {
    yield* ask(() => unit.audit.add('device_write_refused', now(), detail))
    return
  }
  const more = yield* ask(() => unit.audit.latestForDeviceSince('device_write_refused_more', detail.deviceId, hourAgo))
  if (more) yield* ask(() => unit.audit.updateDetails([{ seq: more.seq, detail: { ...more.detail, count: Number(more.detail.count) + 1 } }]))
  else yield* ask(() => unit.audit.add('device_write_refused_more', now(), { deviceId: detail.deviceId, count: 1 }))
}

function* recordRejectedEdit(
  context: PushContext,
  collection: CollectionName,
  master: SyncedDocument | null,
  proposed: DocumentFields & { id: string },
  conflictingFields: string[],
  title: string,
  options: { id?: string; kind?: 'rejected_edit' | 'refused_edit'; ownerOnly?: boolean } = {},
): Work<void> {
  const { unit } = context
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
  const ownerOnly =
    options.ownerOnly || ownerOnlyCollections.includes(collection) || (master !== null && (yield* ask(() => unit.documents.isOwnerOnly(collection, master.id))))
  yield* ask(() => unit.documents.put('needsAttention', item, { ownerOnly }))
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
