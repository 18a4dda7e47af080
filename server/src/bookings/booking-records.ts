/**
 * Reading and writing bookings for the lifecycle: every write goes through `update`, which adds
 * timeline entries by stable id (a retried job or redelivered webhook records a fact once) and
 * keeps `status` equal to what the facts say (domain/bookings/booking-status).
 *
 * `BookingRecords` works through the storage contracts, so it runs on either engine: the booking
 * is read, changed and written under its key's lock (`DocumentSync.update`), with the ledger's
 * say on its status read just before, and read again after the write: if money moved in between,
 * the status is derived once more (the ledger's writer also updates the booking after it).
 * Units of work (a device's push with its customer merges) use `updateBookingInUnit` below.
 */
import { createHash } from 'node:crypto'
import { deriveBookingStatus, deviceEntryPrefix, trimTimeline } from '../../../src/domain/bookings'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import { isSettlingPayment } from '../../../src/domain/payments/booking-payments'
import { failedJobItem, type Booking, type BookingStatus, type ConversationMessage, type Settings, type TimelineEntry } from '../../../src/domain/schemas'
import type { Conversation } from '../../../src/domain/schemas'
import type { DocumentQueries, DocumentSync, PaymentLedger } from '../storage/contracts'
import { businessSettingsFrom } from '../storage/business-settings'
import { ask, type UnitRunner, type UnitStorage, type Work } from '../storage/unit-of-work'

export type TimelineDraft = Omit<TimelineEntry, 'at' | 'actor' | 'by' | 'ref'> & Partial<Pick<TimelineEntry, 'at' | 'actor' | 'by' | 'ref'>>

export interface BookingChange {
  changes?: Partial<Booking>
  entries?: TimelineDraft[]
}

const statusLabels: Record<BookingStatus, string> = {
  inquiry: 'inquiry',
  quoted: 'quoted',
  confirmed: 'confirmed',
  deposit_paid: 'deposit paid',
  completed: 'completed',
  paid_in_full: 'paid in full',
  cancelled: 'cancelled',
}

/** What a booking's status depends on besides its own fields. */
export interface StatusFacts {
  /** The business's calendar date now. */
  today: string
  /** A balance or full payment from the bank counts for the booking (it may be short by an app's fee). */
  settlingPaymentReceived: boolean
}

/** The storage `BookingRecords` works through: any engine's. */
export interface BookingStorage {
  documents: DocumentSync
  queries: DocumentQueries
  ledger: PaymentLedger
  units: UnitRunner
}

/** The time zone while the business is not set up: this computer's (see businessTimeZone). */
const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone

export class BookingRecords {
  constructor(
    readonly storage: BookingStorage,
    readonly now: () => Date,
  ) {}

  booking(id: string): Promise<Booking | null> {
    return this.storage.queries.bookings.live(id)
  }

  /** Null while the business is not set up. */
  settings(): Promise<Settings | null> {
    return businessSettingsFrom(this.storage.queries.settings)
  }

  async timeZone(): Promise<string> {
    return (await this.settings())?.timeZone ?? localTimeZone()
  }

  today(settings: Pick<Settings, 'timeZone'>): string {
    return calendarDateInZone(this.now().toISOString(), settings.timeZone)
  }

  async settlingPaymentReceived(bookingId: string): Promise<boolean> {
    return (await this.storage.ledger.applicationsOf(bookingId)).some((row) => isSettlingPayment(row.paymentType))
  }

  /**
   * Applies `change` to the booking as stored (read and written with no other write to it in
   * between, on any relay), adds its new timeline entries and the status the facts now call for.
   * Writes nothing when nothing changed, so listeners on bookings do not loop. Returns the
   * booking, or null if gone.
   */
  async update(id: string, change: (booking: Booking) => BookingChange | null = () => ({})): Promise<Booking | null> {
    let result = await this.updateOnce(id, change)
    // The ledger is read before the booking's lock: if money moved in between, derive the status
    // again from the ledger as it is now (its writer updates the booking after it, too).
    for (let again = 0; result && again < 2; again++) {
      const { settlingPaymentReceived } = result.facts
      if ((await this.settlingPaymentReceived(id)) === settlingPaymentReceived) break
      result = await this.updateOnce(id, () => ({}))
    }
    return result?.booking ?? null
  }

  private async updateOnce(id: string, change: (booking: Booking) => BookingChange | null): Promise<{ booking: Booking; facts: StatusFacts } | null> {
    const facts = await this.statusFacts(id)
    const at = this.now().toISOString()
    const outcome: { booking: Booking | null } = { booking: null }
    const stored = await this.storage.documents.update('bookings', id, (current) => {
      if (!current) return null
      const next = changedBooking(current, change(current), at, facts)
      outcome.booking = next ?? current
      return next
    })
    if (!outcome.booking) return null
    // As stored: with the `updatedAt` the store assigned.
    return { booking: stored ? { ...outcome.booking, updatedAt: stored.updatedAt } : outcome.booking, facts }
  }

  /**
   * For a unit that writes the booking together with records of its own in one transaction (a
   * Stripe payment with its session): the booking a change makes, with its timeline entries and
   * derived status, from the status facts as they are now. Null when it changes nothing.
   */
  async changer(bookingId: string): Promise<(current: Booking, change: BookingChange | null) => Booking | null> {
    const facts = await this.statusFacts(bookingId)
    const at = this.now().toISOString()
    return (current, change) => changedBooking(current, change, at, facts)
  }

  private async statusFacts(bookingId: string): Promise<StatusFacts> {
    const [timeZone, settlingPaymentReceived] = await Promise.all([this.timeZone(), this.settlingPaymentReceived(bookingId)])
    return { today: this.today({ timeZone }), settlingPaymentReceived }
  }

  /**
   * A `failed_job` item for the console's needs-attention list; one per `key`, re-opened if it
   * recurs. With `onlyIfNotOpen`, an item already open with the same title is left as it is.
   */
  async recordFailure(key: string, title: string, bookingId: string, detail: Record<string, unknown>, options: { onlyIfNotOpen?: boolean } = {}): Promise<void> {
    const item = failedJobItem({ id: attentionId(key), title, collectionName: 'bookings', documentId: bookingId, detail, createdAt: this.now().toISOString() })
    await this.storage.documents.update('needsAttention', item.id, (open) => (options.onlyIfNotOpen && isOpenAs(open, item) ? null : item))
  }

  /** See `BookingRecordsOnSqlite.appendToThread`. */
  async appendToThread(customerPhone: string, message: ConversationMessage): Promise<void> {
    const threadId = await this.storage.queries.conversations.threadIdForNumber(customerPhone)
    if (!threadId) return
    await this.storage.documents.update('conversations', threadId, (current) => (current ? withThreadMessage(current, message) : null))
  }
}

/** A booking's status facts, read inside a unit of work (../storage/unit-of-work.ts). */
export function* statusFactsInUnit(unit: UnitStorage, bookingId: string, now: Date): Work<StatusFacts> {
  const settings = yield* ask(() => unit.settings.live('business'))
  const applications = yield* ask(() => unit.ledger.applicationsOf(bookingId))
  return {
    today: calendarDateInZone(now.toISOString(), settings?.timeZone ?? localTimeZone()),
    settlingPaymentReceived: applications.some((row) => isSettlingPayment(row.paymentType)),
  }
}

/** `BookingRecords.update` inside a unit of work: the booking held until the unit ends. */
export function* updateBookingInUnit(unit: UnitStorage, id: string, change: (booking: Booking) => BookingChange | null, now: Date): Work<Booking | null> {
  yield* ask(() => unit.documents.lock('bookings', id))
  const current = yield* ask(() => unit.bookings.live(id))
  if (!current) return null
  const facts = yield* statusFactsInUnit(unit, id, now)
  const next = changedBooking(current, change(current), now.toISOString(), facts)
  if (!next) return current
  // As stored: with the `updatedAt` the store assigned.
  const stored = yield* ask(() => unit.documents.put('bookings', next))
  return { ...next, updatedAt: stored.updatedAt }
}

/**
 * The booking with `result` applied: its new timeline entries (by stable id, a repeat adds
 * nothing) and the status the facts call for. Null when that changes nothing.
 */
function changedBooking(current: Booking, result: BookingChange | null, at: string, facts: StatusFacts): Booking | null {
  const { changes, entries = [] } = result ?? {}
  const timeline = [...(current.timeline ?? [])]
  const known = new Set(timeline.map((entry) => entry.id))
  for (const draft of entries) {
    // Devices' entries live under their own prefix: the relay's ids never collide with them.
    if (draft.id.startsWith(deviceEntryPrefix)) throw new Error(`A relay timeline entry may not use the device prefix: ${draft.id}`)
    if (known.has(draft.id)) continue
    known.add(draft.id)
    timeline.push({ at, actor: 'relay', by: null, ref: null, ...draft, text: draft.text.slice(0, 2000) })
  }
  const next = withDerivedStatus({ ...current, ...factsFromLegacyStatus(current), ...changes, timeline }, at, facts)
  return JSON.stringify(next) === JSON.stringify(current) ? null : next
}

/**
 * The booking with the status its facts call for, and a timeline entry when that moves it from
 * the status last shown (whoever changed the facts: a device's push, Stripe, the matcher).
 */
export function withDerivedStatus(booking: Booking, at: string, facts: StatusFacts): Booking {
  const timeline = [...(booking.timeline ?? [])]
  const status = deriveBookingStatus(booking, facts.today, { settlingPaymentReceived: facts.settlingPaymentReceived })
  // The status last shown on the timeline: another writer (the matcher) may have moved it since.
  const shown = lastShownStatus(timeline) ?? (status !== booking.status ? booking.status : status)
  if (status !== shown) {
    timeline.push({
      id: `status-${status}-${Date.parse(at).toString(36)}`,
      at,
      kind: 'booking',
      actor: 'relay',
      by: null,
      text: `Status: ${statusLabels[shown]} → ${statusLabels[status]}`,
      ref: null,
    })
  }
  return { ...booking, status, timeline: trimTimeline(timeline) }
}

/** An item already open with this title: not opened again. */
function isOpenAs(open: { status: string; title: string; _deleted?: boolean } | null, item: { title: string }): boolean {
  return open !== null && !open._deleted && open.status === 'open' && open.title === item.title
}

/**
 * The thread with a text the relay sent, once, placed before a customer message still awaiting
 * its answer, so that message stays the one the conversation loop answers. Null when it is there.
 */
function withThreadMessage(current: Conversation, message: ConversationMessage): Conversation | null {
  if (current.messages.some((m) => m.id === message.id)) return null
  const messages = [...current.messages]
  const last = messages.at(-1)
  if (last && last.direction === 'inbound') messages.splice(messages.length - 1, 0, message)
  else messages.push(message)
  return {
    ...current,
    messages: messages.slice(-5000),
    lastMessageAt: current.lastMessageAt > message.at ? current.lastMessageAt : message.at,
  }
}

function lastShownStatus(timeline: readonly TimelineEntry[]): BookingStatus | null {
  for (let index = timeline.length - 1; index >= 0; index--) {
    const match = /^status-([a-z_]+)-/.exec(timeline[index]!.id)
    if (match && match[1]! in statusLabels) return match[1] as BookingStatus
  }
  return null
}

/**
 * Bookings stored before the status facts existed (schema v1) carry only a typed status: the
 * facts it implies are filled in once, so deriving the status does not undo it.
 */
export function factsFromLegacyStatus(booking: Booking): Partial<Booking> {
  if (booking.quotedAt || booking.confirmedAt || booking.cancelledAt) return {}
  switch (booking.status) {
    case 'quoted':
      return { quotedAt: booking.createdAt }
    case 'confirmed':
    case 'deposit_paid':
    case 'completed':
    case 'paid_in_full':
      return { confirmedAt: booking.createdAt }
    case 'cancelled':
      return { cancelledAt: booking.updatedAt }
    default:
      return {}
  }
}

/** Needs-attention ids are document ids (≤ 64 characters): long keys are hashed. */
function attentionId(key: string): string {
  const id = `att-${key}`
  if (/^[A-Za-z0-9_:.-]{1,64}$/.test(id)) return id
  return `att-h-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`
}
