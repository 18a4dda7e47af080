/**
 * What the relay adds to an edit a device made before storing it: who made it (timeline
 * entries, staff messages, decisions and resolutions name the device, whatever the device
 * claimed), and the fields the policy calls derived (a booking's status, a thread's latest
 * message time). The write policy (src/domain/sync/write-policy) has already accepted the edit.
 */
import type { DocumentFields } from '../../../src/domain/sync/push-resolution'
import { actorFor, type DeviceRole } from '../../../src/domain/sync/write-policy'
import { changedFields } from '../../../src/domain/sync/push-resolution'
import { deviceEntryId, trimTimeline } from '../../../src/domain/bookings'
import { factsFromLegacyStatus } from '../bookings/booking-records'
import type { Booking, BookingStatus, CollectionName, ConversationMessage, TimelineEntry } from '../../../src/domain/schemas'
import { documentOf } from '../../../src/domain/schemas/document-guard'

export interface StampContext {
  device: { id: string; name: string; role: DeviceRole }
  now: Date
  /** The status a booking's facts call for (bookings only). */
  derivedStatus(booking: Booking): BookingStatus
  /** The booking with the status its facts call for, and a timeline entry when it moves (bookings only). */
  withDerivedStatus(booking: Booking): Booking
  /** The number is on the relay's opt-out list (customers only). */
  isOptedOut(phone: string): boolean
}

export function stampDeviceWrite(collection: CollectionName, before: DocumentFields | null, after: DocumentFields, context: StampContext): DocumentFields {
  if (after._deleted === true) return after
  switch (collection) {
    case 'bookings':
      return stampBooking(before, after, context)
    case 'conversations':
      return stampConversation(before, after, context)
    case 'customers':
      return stampCustomer(before, after, context)
    case 'paymentMatches':
      return stampDecision(before, after, context, ['status', 'bookingId', 'paymentType'], ['accepted', 'rejected'], 'decidedBy', 'decidedAt')
    case 'needsAttention':
      return stampDecision(before, after, context, ['status'], ['reapplied', 'dismissed'], 'resolvedBy', 'resolvedAt')
    default:
      return after
  }
}

function stampCustomer(before: DocumentFields | null, after: DocumentFields, context: StampContext): DocumentFields {
  // A customer record added or renumbered for a number that texted STOP shows it.
  const optedOut = typeof after.phone === 'string' && after.phone !== before?.phone && context.isOptedOut(after.phone)
  const stamped = optedOut ? { ...after, smsOptOut: true } : after
  // Who merged it and when are the relay's record, whatever the device claimed.
  const mergedInto = (after.mergedInto as string | null | undefined) ?? null
  if (mergedInto === ((before?.mergedInto as string | null | undefined) ?? null)) {
    return before && 'mergedAt' in before ? { ...stamped, mergedAt: before.mergedAt ?? null, mergedBy: before.mergedBy ?? null } : withoutKeys(stamped, ['mergedAt', 'mergedBy'])
  }
  return { ...stamped, mergedAt: mergedInto ? context.now.toISOString() : null, mergedBy: mergedInto ? context.device.name : null }
}

function withoutKeys(document: DocumentFields, keys: string[]): DocumentFields {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !keys.includes(key)))
}

/** Names for the booking fields a person edits, for the timeline line "Changed guests and notes". */
const bookingFieldLabels: Record<string, string> = {
  customerId: 'customer',
  customerName: 'name',
  customerPhone: 'phone',
  customerEmail: 'email',
  eventDate: 'date',
  eventTime: 'time',
  adults: 'guests',
  kids: 'guests',
  address: 'address',
  zip: 'ZIP code',
  subtotalCents: 'price',
  travelFeeCents: 'travel fee',
  totalCents: 'price',
  depositCents: 'deposit',
  notes: 'notes',
  quotedAt: 'quote',
  confirmedAt: 'confirmation',
  cancelledAt: 'cancellation',
  depositLinkRequestedAt: 'deposit link request',
}

function stampBooking(before: DocumentFields | null, after: DocumentFields, context: StampContext): DocumentFields {
  const { device, now } = context
  const known = new Set(((before?.timeline as TimelineEntry[] | undefined) ?? []).map((entry) => entry.id))
  const timeline = ((after.timeline as TimelineEntry[] | undefined) ?? []).map((entry) =>
    known.has(entry.id) ? entry : { ...entry, id: deviceEntryId(entry.id), by: device.name, at: clampToNow(entry.at, now) },
  )
  const added = timeline.some((entry) => !known.has(entry.id))
  const edited = before ? [...new Set(changedFields(before, after).flatMap((field) => bookingFieldLabels[field] ?? []))] : []
  if (!added && (before === null || edited.length > 0)) {
    timeline.push({
      id: deviceEntryId(`${before ? 'edit' : 'created'}-${now.getTime().toString(36)}-${device.id.slice(-6)}`),
      at: now.toISOString(),
      kind: 'booking',
      actor: actorFor(device.role),
      by: device.name,
      text: before ? `Changed the ${joinList(edited)}.` : 'Booking created.',
      ref: null,
    })
  }
  const fields: DocumentFields = { ...after, timeline: trimTimeline(timeline) }
  // The status is the relay's to derive and `updatedAt` the store's to assign: whatever the device
  // sent for them, the rest must make a valid booking. One that does not is stored as sent, for
  // the store's schema check to refuse.
  const stamped = documentOf('bookings', { ...fields, status: 'inquiry', updatedAt: typeof fields.updatedAt === 'string' ? fields.updatedAt : new Date(0).toISOString() })
  if (!stamped) return fields
  const stored = before ? documentOf('bookings', before) : null
  if (!stored) return { ...stamped, status: context.derivedStatus(stamped) }
  // The status shown moves from what the relay held, whatever the device's copy said; a booking
  // stored before the status facts existed keeps what its typed status implied.
  // Only the stored record's own legacy facts, and only those the device left as they were: a device
  // clearing `cancelledAt` (undoing a cancel) is not overruled by the status it is clearing.
  const held: Booking = { ...stamped, status: stored.status }
  const legacy = Object.entries(factsFromLegacyStatus(stored)).filter(([field]) => after[field] === before![field])
  return context.withDerivedStatus({ ...held, ...Object.fromEntries(legacy) })
}

function stampConversation(before: DocumentFields | null, after: DocumentFields, context: StampContext): DocumentFields {
  const { device, now } = context
  const queuedBefore = new Set(((before?.messages as ConversationMessage[] | undefined) ?? []).filter((m) => m.status === 'queued').map((m) => m.id))
  const messages = ((after.messages as ConversationMessage[] | undefined) ?? []).map((message) =>
    message.author === 'staff' && message.status === 'queued' && !queuedBefore.has(message.id)
      ? { ...message, by: device.name, deviceId: device.id, at: clampToNow(message.at, now) }
      : message,
  )
  const latest = messages.reduce((newest, message) => (message.at > newest ? message.at : newest), (before?.lastMessageAt as string | undefined) ?? '')
  // "Handled" never lies in the future: it would hide the customer's next messages.
  const handledAt = typeof after.handledAt === 'string' ? clampToNow(after.handledAt, now) : after.handledAt
  return { ...after, messages, lastMessageAt: latest || now.toISOString(), ...(handledAt !== undefined ? { handledAt } : {}) }
}

/** A decision names the device and the relay's time; taking it back clears both. */
function stampDecision(
  before: DocumentFields | null,
  after: DocumentFields,
  context: StampContext,
  decisionFields: string[],
  decidedStatuses: string[],
  byField: string,
  atField: string,
): DocumentFields {
  const changed = before === null || decisionFields.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
  if (!changed) return { ...after, [byField]: before?.[byField] ?? null, [atField]: before?.[atField] ?? null }
  const decided = decidedStatuses.includes(after.status as string)
  return { ...after, [byField]: decided ? context.device.name : null, [atField]: decided ? context.now.toISOString() : null }
}

/** A device's clock can run ahead: nothing it writes is dated after the relay's now. */
function clampToNow(at: string, now: Date): string {
  return Date.parse(at) > now.getTime() ? now.toISOString() : at
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
