/**
 * Merging two customer records of the same person (the same customer texting from two numbers).
 * The owner's console proposes it by setting `mergedInto` on the duplicate; the write policy lets
 * no other role write that field. Once the push is accepted, in the same transaction, the relay
 * re-links the duplicate's bookings, text threads and calls to the surviving customer (their
 * `customerId` is the relay's to set on threads and calls), teaches the survivor to take payments
 * under the duplicate's name and payers ("also pays as"), and records what it moved in the audit
 * log. Setting `mergedInto` back to null undoes exactly that: what was moved and still points at
 * the survivor goes back, the payers it taught are forgotten.
 */
import { mergeRefusal, searchableText } from '../../../src/domain/customers/customer-directory'
import type { DocumentFields } from '../../../src/domain/sync/push-resolution'
import type { WriteViolation } from '../../../src/domain/sync/write-policy'
import type { Customer, KnownPayer } from '../../../src/domain/schemas'
import { BookingRecordsOnSqlite } from '../bookings/booking-records'
import { AuditLog } from '../storage/audit-log'
import type { RelayDatabase } from '../storage/database'
import { withoutSyncFlags, type DocumentStore } from '../storage/document-store'

/** Collections whose `customerId` follows a merge. */
const linkedCollections = ['bookings', 'conversations', 'calls'] as const
type Moved = Record<(typeof linkedCollections)[number], string[]>

const maxKnownPayers = 50

export interface MergingDevice {
  id: string
  name: string
}

export class CustomerMerges {
  constructor(
    private readonly db: RelayDatabase,
    private readonly store: DocumentStore,
    private readonly now: () => Date,
  ) {}

  /** Why this change of `mergedInto` cannot be applied, or null. */
  refusal(before: DocumentFields | null, after: DocumentFields & { id: string }): WriteViolation | null {
    if (after._deleted === true) return before?.mergedInto ? { field: 'mergedInto', reason: 'Undo the merge before deleting a merged customer.' } : null
    const target = (after.mergedInto as string | null | undefined) ?? null
    const was = (before?.mergedInto as string | null | undefined) ?? null
    if (target === was || target === null) return null
    if (was !== null) return { field: 'mergedInto', reason: 'This customer is already merged; undo that merge before merging it elsewhere.' }
    const survivor = this.live(target)
    const mergedIntoDuplicate = this.store.findBy('customers', 'mergedInto', after.id).length
    const reason = mergeRefusal({ id: after.id, mergedInto: null }, survivor, mergedIntoDuplicate)
    return reason ? { field: 'mergedInto', reason } : null
  }

  /** Re-links (or un-links) after an accepted change of `mergedInto`; call inside the push transaction. */
  apply(before: DocumentFields | null, after: DocumentFields & { id: string }, device: MergingDevice): void {
    const target = (after.mergedInto as string | null | undefined) ?? null
    const was = (before?.mergedInto as string | null | undefined) ?? null
    if (target === was) return
    if (target !== null) {
      // The duplicate as just stored (the push put it before this runs).
      const duplicate = this.live(after.id)
      if (duplicate) this.merge(duplicate, target, device)
    } else if (was !== null) this.undo(after.id, was, device)
  }

  private merge(duplicate: Customer, survivorId: string, device: MergingDevice): void {
    const survivor = this.live(survivorId)!
    const records = new BookingRecordsOnSqlite(this.db, this.store, this.now)
    const moved: Moved = { bookings: [], conversations: [], calls: [] }
    const stamp = this.now().getTime().toString(36)
    for (const collection of linkedCollections) {
      for (const document of this.store.findBy(collection, 'customerId', duplicate.id)) {
        moved[collection].push(document.id)
        if (collection === 'bookings') {
          records.update(document.id, () => ({
            changes: { customerId: survivorId },
            entries: [{ id: `merge-${stamp}`, kind: 'booking', text: `Customer record merged into ${survivor.name || 'another customer'}'s by ${device.name}.` }],
          }))
        } else {
          this.store.put(collection, { ...withoutSyncFlags(document), id: document.id, customerId: survivorId })
        }
      }
    }
    // Payments under the duplicate's name (and its payers) now count for the survivor.
    const learnedFrom = `merge:${duplicate.id}`.slice(0, 128)
    const known = new Set((survivor.alsoPaysAs ?? []).map((payer) => searchableText(payer.name)))
    known.add(searchableText(survivor.name))
    const taught: KnownPayer[] = []
    for (const name of [duplicate.name, ...(duplicate.alsoPaysAs ?? []).map((payer) => payer.name)]) {
      const key = searchableText(name)
      if (key === '' || known.has(key)) continue
      known.add(key)
      taught.push({ name: name.slice(0, 200), learnedFrom, addedAt: this.now().toISOString() })
    }
    const payers = [...(survivor.alsoPaysAs ?? []), ...taught].slice(0, maxKnownPayers)
    if (taught.length > 0) this.store.put('customers', { ...survivor, alsoPaysAs: payers })
    this.audit('customer_merged', { duplicateId: duplicate.id, survivorId, moved, payersTaught: taught.length, deviceId: device.id })
  }

  private undo(duplicateId: string, survivorId: string, device: MergingDevice): void {
    const merged = new AuditLog(this.db).latestCustomerMerge(duplicateId, survivorId)
    const moved = merged ? (merged.detail as { moved: Moved }).moved : { bookings: [], conversations: [], calls: [] }
    const records = new BookingRecordsOnSqlite(this.db, this.store, this.now)
    const stamp = this.now().getTime().toString(36)
    const returned: Moved = { bookings: [], conversations: [], calls: [] }
    for (const collection of linkedCollections) {
      for (const id of moved[collection] ?? []) {
        const document = this.store.get(collection, id)
        // Only what still points at the survivor goes back: a later re-link by a person stands.
        if (!document || document._deleted || document.customerId !== survivorId) continue
        returned[collection].push(id)
        if (collection === 'bookings') {
          records.update(id, () => ({ changes: { customerId: duplicateId }, entries: [{ id: `unmerge-${stamp}`, kind: 'booking', text: `Customer merge undone by ${device.name}.` }] }))
        } else {
          this.store.put(collection, { ...withoutSyncFlags(document), id: document.id, customerId: duplicateId })
        }
      }
    }
    const survivor = this.live(survivorId)
    const learnedFrom = `merge:${duplicateId}`.slice(0, 128)
    if (survivor && (survivor.alsoPaysAs ?? []).some((payer) => payer.learnedFrom === learnedFrom)) {
      this.store.put('customers', { ...survivor, alsoPaysAs: (survivor.alsoPaysAs ?? []).filter((payer) => payer.learnedFrom !== learnedFrom) })
    }
    this.audit('customer_merge_undone', { duplicateId, survivorId, moved: returned, deviceId: device.id })
  }

  private live(id: string): Customer | null {
    return this.store.customers.live(id)
  }

  private audit(kind: string, detail: Record<string, unknown>): void {
    new AuditLog(this.db).add(kind, this.now(), detail)
  }
}
