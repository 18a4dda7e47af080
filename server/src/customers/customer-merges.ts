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
import type { KnownPayer } from '../../../src/domain/schemas'
import { updateBookingInUnit } from '../bookings/booking-records'
import { withoutSyncFlags } from '../storage/document-store'
import { ask, type UnitStorage, type Work } from '../storage/unit-of-work'

/** Collections whose `customerId` follows a merge. */
const linkedCollections = ['bookings', 'conversations', 'calls'] as const
type Moved = Record<(typeof linkedCollections)[number], string[]>

const maxKnownPayers = 50

export interface MergingDevice {
  id: string
  name: string
}

/** Steps of the push's unit of work (../storage/unit-of-work.ts). */
export class CustomerMerges {
  constructor(
    private readonly unit: UnitStorage,
    private readonly now: () => Date,
  ) {}

  /** Why this change of `mergedInto` cannot be applied, or null. */
  *refusal(before: DocumentFields | null, after: DocumentFields & { id: string }): Work<WriteViolation | null> {
    if (after._deleted === true) return before?.mergedInto ? { field: 'mergedInto', reason: 'Undo the merge before deleting a merged customer.' } : null
    const target = (after.mergedInto as string | null | undefined) ?? null
    const was = (before?.mergedInto as string | null | undefined) ?? null
    if (target === was || target === null) return null
    if (was !== null) return { field: 'mergedInto', reason: 'This customer is already merged; undo that merge before merging it elsewhere.' }
    // Both records held: a merge through another relay cannot chain them meanwhile.
    yield* ask(() => this.unit.documents.lock('customers', target))
    const survivor = yield* ask(() => this.unit.customers.live(target))
    const mergedIntoDuplicate = (yield* ask(() => this.unit.documents.withField('customers', 'mergedInto', after.id))).length
    const reason = mergeRefusal({ id: after.id, mergedInto: null }, survivor, mergedIntoDuplicate)
    return reason ? { field: 'mergedInto', reason } : null
  }

  /** Re-links (or un-links) after an accepted change of `mergedInto`, in the push's unit. */
  *apply(before: DocumentFields | null, after: DocumentFields & { id: string }, device: MergingDevice): Work<void> {
    const target = (after.mergedInto as string | null | undefined) ?? null
    const was = (before?.mergedInto as string | null | undefined) ?? null
    if (target === was) return
    if (target !== null) yield* this.merge(after.id, target, device)
    else if (was !== null) yield* this.undo(after.id, was, device)
  }

  private *merge(duplicateId: string, survivorId: string, device: MergingDevice): Work<void> {
    // The duplicate as just stored (the push put it before this runs).
    const duplicate = yield* ask(() => this.unit.customers.live(duplicateId))
    const survivor = yield* ask(() => this.unit.customers.live(survivorId))
    if (!duplicate || !survivor) return
    const moved: Moved = { bookings: [], conversations: [], calls: [] }
    const stamp = this.now().getTime().toString(36)
    for (const collection of linkedCollections) {
      for (const document of yield* ask(() => this.unit.documents.withField(collection, 'customerId', duplicate.id))) {
        moved[collection].push(document.id)
        if (collection === 'bookings') {
          yield* updateBookingInUnit(
            this.unit,
            document.id,
            () => ({
              changes: { customerId: survivorId },
              entries: [{ id: `merge-${stamp}`, kind: 'booking', text: `Customer record merged into ${survivor.name || 'another customer'}'s by ${device.name}.` }],
            }),
            this.now(),
          )
        } else {
          yield* this.relink(collection, document.id, duplicate.id, survivorId)
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
    if (taught.length > 0) yield* ask(() => this.unit.documents.put('customers', { ...survivor, alsoPaysAs: payers }))
    yield* this.audit('customer_merged', { duplicateId: duplicate.id, survivorId, moved, payersTaught: taught.length, deviceId: device.id })
  }

  private *undo(duplicateId: string, survivorId: string, device: MergingDevice): Work<void> {
    const merged = yield* ask(() => this.unit.audit.latestCustomerMerge(duplicateId, survivorId))
    const moved = merged ? (merged.detail as { moved: Moved }).moved : { bookings: [], conversations: [], calls: [] }
    const stamp = this.now().getTime().toString(36)
    const returned: Moved = { bookings: [], conversations: [], calls: [] }
    for (const collection of linkedCollections) {
      for (const id of moved[collection] ?? []) {
        // Only what still points at the survivor goes back: a later re-link by a person stands.
        if (collection === 'bookings') {
          const outcome = { movedBack: false }
          yield* updateBookingInUnit(
            this.unit,
            id,
            (current) => {
              if (current.customerId !== survivorId) return null
              outcome.movedBack = true
              return { changes: { customerId: duplicateId }, entries: [{ id: `unmerge-${stamp}`, kind: 'booking', text: `Customer merge undone by ${device.name}.` }] }
            },
            this.now(),
          )
          if (outcome.movedBack) returned[collection].push(id)
        } else if (yield* this.relink(collection, id, survivorId, duplicateId)) {
          returned[collection].push(id)
        }
      }
    }
    yield* ask(() => this.unit.documents.lock('customers', survivorId))
    const survivor = yield* ask(() => this.unit.customers.live(survivorId))
    const learnedFrom = `merge:${duplicateId}`.slice(0, 128)
    if (survivor && (survivor.alsoPaysAs ?? []).some((payer) => payer.learnedFrom === learnedFrom)) {
      yield* ask(() => this.unit.documents.put('customers', { ...survivor, alsoPaysAs: (survivor.alsoPaysAs ?? []).filter((payer) => payer.learnedFrom !== learnedFrom) }))
    }
    yield* this.audit('customer_merge_undone', { duplicateId, survivorId, moved: returned, deviceId: device.id })
  }

  /** Points a thread or call that still names `from` at `to`; whether it did. */
  private *relink(collection: 'conversations' | 'calls', id: string, from: string, to: string): Work<boolean> {
    yield* ask(() => this.unit.documents.lock(collection, id))
    const document = yield* ask(() => this.unit.documents.get(collection, id))
    if (!document || document._deleted || document.customerId !== from) return false
    yield* ask(() => this.unit.documents.put(collection, { ...withoutSyncFlags(document), id: document.id, customerId: to }))
    return true
  }

  private *audit(kind: string, detail: Record<string, unknown>): Work<void> {
    yield* ask(() => this.unit.audit.add(kind, this.now(), detail))
  }
}
