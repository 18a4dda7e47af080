/**
 * What the relay does with one pushed edit (architecture §3, conflicts): apply it when the
 * device saw the latest state; merge field-wise when the device and the relay changed different
 * fields; otherwise keep the relay's state and hand the edit back so it is shown under
 * "needs attention". A human decision is never silently lost.
 *
 * Documents here are plain field maps. `updatedAt` is the relay's clock and never counts as a
 * field someone changed; `_deleted` does count (a deletion is a decision).
 */

export type DocumentFields = Record<string, unknown>

export type PushDecision =
  /** The device edited the latest state (or created a new document): store its version. */
  | { kind: 'apply'; document: DocumentFields }
  /** Both sides changed, but different fields: store the relay's state plus the device's fields. */
  | { kind: 'merge'; document: DocumentFields; deviceFields: string[] }
  /** Nothing to store: the relay already holds exactly this. */
  | { kind: 'unchanged' }
  /** Both sides changed the same fields (or one deleted what the other edited): keep the relay's. */
  | { kind: 'reject'; conflictingFields: string[] }

const ignoredFields = new Set(['updatedAt', '_meta', '_rev', '_attachments'])
/**
 * Logs of entries with ids and times (a booking's timeline, a conversation's messages): when the
 * device only added entries, its entries join the relay's (which may have updated an entry, such
 * as a message's delivery status) instead of calling it a conflict.
 */
const appendOnlyLogFields = new Set(['timeline', 'messages'])

export function resolvePush(
  assumedMaster: DocumentFields | null,
  master: DocumentFields | null,
  proposed: DocumentFields,
): PushDecision {
  if (master === null) return { kind: 'apply', document: proposed }
  if (sameContent(master, proposed)) return { kind: 'unchanged' }
  if (assumedMaster === null) {
    // The device created a document the relay already has under the same id.
    return { kind: 'reject', conflictingFields: changedFields(master, proposed) }
  }
  if (sameContent(assumedMaster, master)) return { kind: 'apply', document: proposed }

  const byDevice = changedFields(assumedMaster, proposed)
  const byRelay = changedFields(assumedMaster, master)
  const mergedLogs = new Map<string, unknown[]>()
  for (const field of byDevice) {
    if (!appendOnlyLogFields.has(field) || !byRelay.includes(field)) continue
    const log = mergeAppendOnlyLog(assumedMaster[field], master[field], proposed[field])
    if (log) mergedLogs.set(field, log)
  }
  const overlap = byDevice.filter((field) => byRelay.includes(field) && !mergedLogs.has(field) && !isEqual(proposed[field], master[field]))
  if (overlap.length > 0) return { kind: 'reject', conflictingFields: overlap }
  // Deleting what the other side changed, or changing what it deleted, needs a person.
  const deviceDeleted = byDevice.includes('_deleted') && !byRelay.includes('_deleted')
  const relayDeleted = byRelay.includes('_deleted') && !byDevice.includes('_deleted')
  if ((deviceDeleted && byRelay.length > 0) || (relayDeleted && byDevice.length > 0)) {
    return { kind: 'reject', conflictingFields: ['_deleted'] }
  }

  const merged: DocumentFields = { ...master }
  for (const field of byDevice) {
    if (mergedLogs.has(field)) merged[field] = mergedLogs.get(field)
    else if (field in proposed) merged[field] = proposed[field]
    else delete merged[field]
  }
  if (sameContent(merged, master)) return { kind: 'unchanged' }
  return { kind: 'merge', document: merged, deviceFields: byDevice }
}

type LogEntry = { id: string; at?: unknown }

const isLogEntry = (value: unknown): value is LogEntry =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'

/**
 * The relay's log plus the entries the device appended, in time order; null when either side is
 * not a log of entries or the device changed or dropped an entry it had seen.
 */
function mergeAppendOnlyLog(assumed: unknown, master: unknown, proposed: unknown): unknown[] | null {
  const before = assumed === undefined || assumed === null ? [] : assumed
  if (![before, master, proposed].every((log) => Array.isArray(log) && log.every(isLogEntry))) return null
  const [seen, relayLog, deviceLog] = [before, master, proposed] as [LogEntry[], LogEntry[], LogEntry[]]
  const deviceById = new Map(deviceLog.map((entry) => [entry.id, entry]))
  const relayById = new Map(relayLog.map((entry) => [entry.id, entry]))
  // The device keeps every entry it had seen as it was, or as the relay has it since: a console
  // that pulled the relay's "sent" while its own push was in flight echoes it back, changing nothing.
  const keptAsSeen = (entry: LogEntry) => isEqual(deviceById.get(entry.id), entry) || isEqual(deviceById.get(entry.id), relayById.get(entry.id))
  if (!seen.every(keptAsSeen)) return null
  const known = new Set([...seen, ...relayLog].map((entry) => entry.id))
  const appended = deviceLog.filter((entry) => !known.has(entry.id))
  const time = (entry: LogEntry) => (typeof entry.at === 'string' ? entry.at : '')
  // The relay's entries keep their order (it may place one out of time order on purpose); each
  // device entry goes after the last entry not later than it, and after the relay's at the same time.
  const merged = [...relayLog]
  for (const entry of appended) {
    let index = merged.length
    while (index > 0 && time(merged[index - 1]!) > time(entry)) index--
    merged.splice(index, 0, entry)
  }
  return merged
}

/** Fields whose values differ between two versions, ignoring the relay's bookkeeping fields. */
export function changedFields(before: DocumentFields, after: DocumentFields): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((key) => !ignoredFields.has(key) && !isEqual(before[key], after[key])).sort()
}

export function sameContent(a: DocumentFields, b: DocumentFields): boolean {
  return changedFields(a, b).length === 0
}

/** Structural equality for JSON values (a missing key equals `undefined`, not `null`). */
export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isEqual(item, b[index]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  return [...keys].every((key) => isEqual(left[key], right[key]))
}
