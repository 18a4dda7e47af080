/**
 * A booking's timeline is capped (1000 entries). When it is full, people's notes go first, oldest
 * first: the relay's record of payments, links and texts is what explains the money, and a
 * device must not be able to push it out by writing notes.
 */
import type { TimelineEntry } from '../schemas/bookings'

export const maxTimelineEntries = 1000

/** Ids of entries a device adds are prefixed so they can never take the id of an entry the relay will write. */
export const deviceEntryPrefix = 'dev-'

export function deviceEntryId(id: string): string {
  return id.startsWith(deviceEntryPrefix) ? id : `${deviceEntryPrefix}${id}`.slice(0, 128)
}

export function trimTimeline<T extends Pick<TimelineEntry, 'actor'>>(entries: readonly T[], max = maxTimelineEntries): T[] {
  if (entries.length <= max) return [...entries]
  let excess = entries.length - max
  const dropped = new Set<number>()
  // People's entries first, oldest first; then, only if the relay's alone overflow, its oldest.
  for (const byPeople of [true, false]) {
    entries.forEach((entry, index) => {
      if (excess > 0 && (entry.actor !== 'relay') === byPeople && !dropped.has(index)) {
        dropped.add(index)
        excess--
      }
    })
  }
  return entries.filter((_, index) => !dropped.has(index))
}
