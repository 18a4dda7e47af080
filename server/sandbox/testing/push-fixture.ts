/** A device's push run as the relay runs it (one unit of work), and the devices tests push as. Used by tests only. */
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
