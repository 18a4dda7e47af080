/** A device's push run as the relay runs it (one unit of work), and the customers tests push. Used by tests only. */
import type { Customer } from '../../../src/domain/schemas'
import type { Device } from '../../src/storage/contracts'
import type { RelayStorage } from '../../src/storage/relay-storage'
import { applyPush, type PushRow } from '../../src/sync/push-service'

/** A paired device of `role`, made at `at`. */
export const deviceFixture = (role: Device['role'], at: string, id = `dev_${role}`): Device => ({
  id,
  name: role === 'owner' ? 'Owner laptop' : 'Front desk',
  role,
  createdAt: at,
  lastSeenAt: null,
  revokedAt: null,
})

/** A customer with no merge, no opt-out and no other payer names. */
export const customerFixture = (id: string, name: string, phone: string, at: string): Omit<Customer, 'updatedAt'> => ({
  id,
  name,
  phone,
  email: null,
  notes: '',
  smsOptOut: false,
  createdAt: at,
  alsoPaysAs: [],
  mergedInto: null,
  mergedAt: null,
  mergedBy: null,
})

/** `by` pushes `documents` to `collection` through `stores` (each assuming the master state given, else none). */
export function pushAs(
  stores: Pick<RelayStorage, 'units'>,
  by: Device,
  now: () => Date,
  collection: Parameters<typeof applyPush>[1],
  documents: PushRow['newDocumentState'][],
  assumed: PushRow['assumedMasterState'][] = [],
) {
  const rows = documents.map((document, n) => ({ assumedMasterState: assumed[n] ?? null, newDocumentState: document }))
  return stores.units((unit) => applyPush({ unit, device: by, now }, collection, rows))
}
