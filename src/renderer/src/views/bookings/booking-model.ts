/**
 * What the Bookings view shows, computed from local documents: the list's filters, the status
 * with the facts it follows from, and one booking's timeline merged from everything related to it.
 */
import { balanceDueCents, deriveBookingStatus, isDepositUnpaid } from '../../../../domain/bookings/booking-status'
import { formatCents } from '../../../../domain/money'
import { phoneMatchesQuery } from '../../../../domain/phone-number'
import type {
  Booking,
  BookingStatus,
  Call,
  Conversation,
  PaymentMatch,
  Suggestion,
  TimelineActor,
  TimelineKind,
  Transaction,
  TranscriptSegment,
} from '../../../../domain/schemas'

export const statusLabels: Record<BookingStatus, string> = {
  inquiry: 'Inquiry',
  quoted: 'Quoted',
  confirmed: 'Confirmed',
  deposit_paid: 'Deposit paid',
  completed: 'Completed',
  paid_in_full: 'Paid in full',
  cancelled: 'Cancelled',
}

export interface BookingFilters {
  search: string
  status: BookingStatus | 'all'
  /** Inclusive `YYYY-MM-DD` bounds; empty = open. */
  from: string
  to: string
  unpaidOnly: boolean
}

export const noFilters: BookingFilters = { search: '', status: 'all', from: '', to: '', unpaidOnly: false }

/** Upcoming parties first (soonest first), then past ones (latest first). */
export function filterBookings(bookings: readonly Booking[], filters: BookingFilters, today: string): Booking[] {
  const matches = bookings.filter((booking) => {
    if (!matchesSearch(booking, filters.search)) return false
    if (filters.status !== 'all' && deriveBookingStatus(booking, today) !== filters.status) return false
    if (filters.from && booking.eventDate < filters.from) return false
    if (filters.to && booking.eventDate > filters.to) return false
    if (filters.unpaidOnly && (balanceDueCents(booking) === 0 || deriveBookingStatus(booking, today) === 'cancelled')) return false
    return true
  })
  const upcoming = matches.filter((b) => b.eventDate >= today).sort((a, b) => byDateTime(a, b))
  const past = matches.filter((b) => b.eventDate < today).sort((a, b) => byDateTime(b, a))
  return [...upcoming, ...past]
}

/**
 * Search by name, date (`2026-12`), or phone number written any way, including as the console
 * shows it ("(510) 555-0188").
 */
export function matchesSearch(booking: Pick<Booking, 'customerName' | 'customerPhone' | 'eventDate'>, search: string): boolean {
  const needle = search.trim().toLowerCase()
  if (needle === '') return true
  return booking.customerName.toLowerCase().includes(needle) || booking.eventDate.includes(needle) || phoneMatchesQuery(booking.customerPhone, needle)
}

function byDateTime(a: Booking, b: Booking): number {
  return a.eventDate.localeCompare(b.eventDate) || (a.eventTime ?? '').localeCompare(b.eventTime ?? '') || a.id.localeCompare(b.id)
}

/** The status and the facts it follows from, in words ("why"). */
export function explainStatus(booking: Booking, today: string): { status: BookingStatus; why: string } {
  const status = deriveBookingStatus(booking, today)
  const paid = `${formatCents(booking.paidCents)} of ${formatCents(booking.totalCents)} paid`
  const when = (instant: string | null | undefined) => (instant ? ` on ${formatInstant(instant)}` : '')
  const why: Record<BookingStatus, () => string> = {
    cancelled: () => `Cancelled${when(booking.cancelledAt)}. ${paid}; refunds are decided by a person.`,
    paid_in_full: () => `${paid}: nothing is owed.`,
    completed: () => `The party date (${booking.eventDate}) has passed; ${paid}, ${formatCents(balanceDueCents(booking))} still owed.`,
    deposit_paid: () => `The deposit of ${formatCents(booking.depositCents)} has arrived (${paid}).`,
    confirmed: () =>
      `Confirmed${when(booking.confirmedAt)}; ${isDepositUnpaid(booking) ? `the ${formatCents(booking.depositCents)} deposit is not paid yet` : 'no deposit is owed'}.`,
    quoted: () => `Quoted ${formatCents(booking.totalCents)}${when(booking.quotedAt)}; not confirmed yet.`,
    inquiry: () => 'No price quoted and nothing confirmed yet.',
  }
  return { status, why: why[status]() }
}

export function formatInstant(instant: string): string {
  return new Date(instant).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
}

export type TimelineItemKind = TimelineKind | 'transcript'

export interface TimelineItem {
  id: string
  at: string
  kind: TimelineItemKind
  actor: TimelineActor
  by: string | null
  text: string
  ref: string | null
}

/** What is related to a booking locally; the owner-only collections are absent on front desk. */
export interface RelatedDocuments {
  conversations: readonly Conversation[]
  calls: readonly Call[]
  transcriptSegments: readonly TranscriptSegment[]
  suggestions: readonly Suggestion[]
  paymentMatches?: readonly PaymentMatch[] | undefined
  transactions?: readonly Transaction[] | undefined
}

const acceptedMatch = new Set<PaymentMatch['status']>(['accepted', 'auto_accepted'])
const authorActors: Record<Conversation['messages'][number]['author'], TimelineActor> = { customer: 'customer', agent: 'agent', staff: 'staff' }
// An unidentified voice on a call is shown as the call's (the relay's) record, never as the customer.
const speakerActors: Record<TranscriptSegment['speaker'], TimelineActor> = { caller: 'customer', agent: 'agent', staff: 'staff', unknown: 'relay' }

/**
 * The booking's own timeline plus what the console holds about the same customer: their text
 * messages, calls with final transcript lines, the agent's quotes, and (owner only) bank payments
 * matched to the booking. An entry the relay already recorded for the same document is not
 * repeated. Sorted by time, oldest first.
 */
export function mergeTimeline(booking: Booking, related: RelatedDocuments): TimelineItem[] {
  const items: TimelineItem[] = [...(booking.timeline ?? [])]
  const recordedRefs = new Set(items.map((item) => item.ref).filter((ref): ref is string => ref !== null))
  const phone = booking.customerPhone

  const threads = phone ? related.conversations.filter((thread) => thread.customerPhone === phone) : []
  for (const thread of threads) {
    for (const message of thread.messages) {
      // Drafts were never sent; they belong to the inbox, not to what happened.
      if (message.status === 'draft') continue
      items.push({
        id: `msg-${thread.id}-${message.id}`,
        at: message.at,
        kind: 'message',
        actor: authorActors[message.author],
        by: null,
        text: message.status === 'failed' ? `${message.text} (not delivered)` : message.text,
        ref: `conversations/${thread.id}`,
      })
    }
  }

  const calls = phone ? related.calls.filter((call) => call.fromNumber === phone || call.toNumber === phone) : []
  const callIds = new Set(calls.map((call) => call.id))
  for (const call of calls) {
    items.push({
      id: `call-${call.id}`,
      at: call.startedAt,
      kind: 'call',
      actor: call.direction === 'inbound' ? 'customer' : 'staff',
      by: null,
      text: callText(call),
      ref: `calls/${call.id}`,
    })
    const startedAt = Date.parse(call.startedAt)
    for (const segment of related.transcriptSegments) {
      if (segment.callId !== call.id || !segment.isFinal) continue
      items.push({
        id: `seg-${segment.id}`,
        at: new Date(startedAt + segment.startMs).toISOString(),
        kind: 'transcript',
        actor: speakerActors[segment.speaker],
        by: null,
        text: segment.text,
        ref: `calls/${call.id}`,
      })
    }
  }

  const threadIds = new Set(threads.map((thread) => thread.id))
  for (const suggestion of related.suggestions) {
    const isSource = suggestion.id === booking.sourceSuggestionId
    const aboutCustomer = (suggestion.conversationId !== null && threadIds.has(suggestion.conversationId)) || (suggestion.callId !== null && callIds.has(suggestion.callId))
    if (!(isSource || (suggestion.kind === 'quote' && aboutCustomer))) continue
    items.push({
      id: `sug-${suggestion.id}`,
      at: suggestion.createdAt,
      kind: 'quote',
      actor: 'agent',
      by: null,
      text: `${suggestion.title}: ${suggestion.text}`,
      ref: `suggestions/${suggestion.id}`,
    })
  }

  const transactions = new Map((related.transactions ?? []).map((transaction) => [transaction.id, transaction]))
  for (const match of related.paymentMatches ?? []) {
    if (match.bookingId !== booking.id || !acceptedMatch.has(match.status)) continue
    if (recordedRefs.has(`paymentMatches/${match.id}`)) continue
    const transaction = transactions.get(match.transactionId)
    const amount = transaction ? formatCents(Math.abs(transaction.amountCents)) : 'A payment'
    const payer = transaction?.counterpartyName ?? transaction?.merchantName ?? null
    const type = match.paymentType ? ` (${match.paymentType.replace(/_/g, ' ')})` : ''
    items.push({
      id: `match-${match.id}`,
      at: match.decidedAt ?? (transaction ? `${transaction.date}T12:00:00.000Z` : match.updatedAt),
      kind: 'payment',
      actor: match.decidedBy && match.decidedBy !== 'matcher' ? 'owner' : 'relay',
      by: match.decidedBy,
      text: `${amount} received by bank${payer ? ` from ${payer}` : ''}${type}, ${match.status === 'accepted' ? 'accepted' : 'matched automatically'}.`,
      ref: `paymentMatches/${match.id}`,
    })
  }

  return items.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
}

function callText(call: Call): string {
  const direction = call.direction === 'inbound' ? 'Call from the customer' : 'Call to the customer'
  const minutes = call.endedAt ? Math.max(1, Math.round((Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 60_000)) : null
  const length = minutes === null ? '' : `, ${minutes} min`
  const summary = call.afterCallSummary || call.summary
  return `${direction}${length}${summary ? `: ${summary}` : ''}`
}

/**
 * How each kind of timeline entry is labelled, and its tone: a colour dot that groups talk, money,
 * booking steps and reminders at a glance (emoji would need a colour-emoji font the OS may lack).
 */
export const kindLabels: Record<TimelineItemKind, { tone: 'talk' | 'money' | 'booking' | 'reminder' | 'note'; label: string }> = {
  message: { tone: 'talk', label: 'Text' },
  call: { tone: 'talk', label: 'Call' },
  transcript: { tone: 'talk', label: 'Transcript' },
  quote: { tone: 'booking', label: 'Quote' },
  booking: { tone: 'booking', label: 'Booking' },
  deposit_link: { tone: 'money', label: 'Deposit link' },
  payment: { tone: 'money', label: 'Payment' },
  reminder: { tone: 'reminder', label: 'Reminder' },
  decision: { tone: 'booking', label: 'Decision' },
  note: { tone: 'note', label: 'Note' },
}

export const actorLabels: Record<TimelineActor, string> = {
  customer: 'Customer',
  agent: 'AI agent',
  staff: 'Staff',
  owner: 'Owner',
  relay: 'Relay',
}

/** A timeline entry for a decision made on this console. */
export function decisionEntry(id: string, at: string, actor: TimelineActor, by: string, text: string): TimelineItem & { kind: TimelineKind } {
  return { id, at, kind: 'decision', actor, by, text, ref: null }
}

/** Confirm, cancel, undo a cancel or ask for a new deposit link: the facts change, the status follows. */
export function applyDecision(
  booking: Booking,
  decision: 'confirm' | 'cancel' | 'uncancel' | 'resendDepositLink',
  context: { now: string; today: string; actor: TimelineActor; by: string },
): Booking {
  const stamp = Date.parse(context.now).toString(36)
  const changes: Partial<Booking> = {}
  let text: string
  switch (decision) {
    case 'confirm':
      changes.confirmedAt = context.now
      text = 'Confirmed the booking.'
      break
    case 'cancel':
      changes.cancelledAt = context.now
      text = 'Cancelled the booking.'
      break
    case 'uncancel':
      changes.cancelledAt = null
      text = 'Undid the cancellation.'
      break
    case 'resendDepositLink':
      // A request: the relay makes the new Checkout link at Stripe, texts it and clears this.
      changes.depositLinkRequestedAt = context.now
      text = 'Asked for a new deposit link (the last one expired).'
      break
  }
  const next: Booking = { ...booking, ...changes }
  const entry = decisionEntry(`${decision}-${stamp}`, context.now, context.actor, context.by, text)
  return { ...next, status: deriveBookingStatus(next, context.today), timeline: [...(booking.timeline ?? []), entry].slice(-1000) }
}

/** `2026-12-12` → "Sat, Dec 12, 2026": the list's date column, short enough never to be cut off. */
export function listDate(eventDate: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${eventDate}T12:00:00Z`))
}

/** Re-sending makes sense once the link expired while the deposit is still owed. */
export function canResendDepositLink(booking: Booking): boolean {
  return (
    Boolean(booking.confirmedAt) &&
    !booking.cancelledAt &&
    booking.depositCheckout?.status === 'expired' &&
    !booking.depositLinkRequestedAt &&
    isDepositUnpaid(booking)
  )
}
