/**
 * The Activity list's wording and filters: what a change was, in words, and the local calendar
 * days the owner picks turned into the relay's instants.
 */
import { collectionNames, type CollectionName } from '../../../../domain/schemas'
import { collectionLabel, fieldLabel } from '../../../../domain/sync/write-policy'

/** The collections the owner filters by, with their labels, in the order the console shows them. */
export const activityCollections: { id: CollectionName; label: string }[] = (
  ['bookings', 'customers', 'conversations', 'settings', 'packages', 'extensions', 'paymentMatches', 'calls', 'suggestions', 'needsAttention'] as const
)
  .filter((id) => collectionNames.includes(id))
  .map((id) => ({ id, label: capitalize(collectionLabel(id)) }))

export function describeFields(fields: readonly string[]): string {
  if (fields.includes('_created')) return 'created'
  if (fields.includes('_deleted')) return 'deleted'
  if (fields.length === 0) return 'saved with no change'
  return `changed ${fields.map(fieldLabel).join(', ')}`
}

export function describeCollection(collection: string): string {
  return (collectionNames as readonly string[]).includes(collection) ? capitalize(collectionLabel(collection as CollectionName)) : collection
}

/**
 * `from`/`to` calendar days (`YYYY-MM-DD`, both included) in this computer's time zone, as the
 * instants the relay filters by: the start of `from`, and the start of the day after `to`.
 */
export function dayRange(from: string, to: string): { from: string | null; to: string | null } {
  const start = (day: string) => {
    const [year, month, date] = day.split('-').map(Number)
    return new Date(year!, month! - 1, date!)
  }
  const valid = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(start(day).getTime())
  return {
    from: valid(from) ? start(from).toISOString() : null,
    to: valid(to) ? new Date(start(to).getFullYear(), start(to).getMonth(), start(to).getDate() + 1).toISOString() : null,
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
