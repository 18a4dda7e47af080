/**
 * How the Live view and the screen pop read calls, transcripts and suggestions. Pure (no React,
 * no database), so the rules — which interim line a final one replaces, which calls come first,
 * why an action is unavailable — are unit-tested and shared by both.
 */
import { dollars } from '../../../../domain/agent/reply-format'
import { balanceDueCents, isPaidInFull } from '../../../../domain/bookings/booking-status'
import { queueStaffReply } from '../../../../domain/conversations/inbox-model'
import { formatCents } from '../../../../domain/money'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type {
  Booking,
  Call,
  Conversation,
  Customer,
  Extension,
  Suggestion,
  TranscriptSegment,
} from '../../../../domain/schemas'
import type { RingCentralSession } from '../../../../shared/ipc-contract'

export const callStatusLabels: Record<Call['status'], string> = {
  ringing: 'Ringing',
  answered: 'On the line',
  on_hold: 'On hold',
  voicemail: 'Voicemail',
  ended: 'Ended',
}

export const speakerLabels: Record<TranscriptSegment['speaker'], string> = {
  caller: 'Caller',
  agent: 'AI',
  staff: 'Staff',
  unknown: 'Speaker?',
}

/**
 * The speaker as the transcript shows it: the relay tells voices on the mixed call audio apart
 * and says how sure it is; below 90 % the share is shown, so staff can judge the line themselves.
 */
export function speakerLabel(segment: Pick<TranscriptSegment, 'speaker' | 'speakerConfidence'>): { label: string; title: string } {
  const confidence = segment.speakerConfidence ?? null
  if (segment.speaker === 'unknown') return { label: speakerLabels.unknown, title: 'Not yet known who said this: it is not passed to the AI.' }
  const label = speakerLabels[segment.speaker]
  if (confidence === null) return { label, title: label }
  const percent = Math.round(confidence * 100)
  return { label: percent >= 90 ? label : `${label} (${percent}%)`, title: `${label}, ${percent}% sure` }
}

export const routingOutcomeLabels: Record<NonNullable<Call['routingOutcome']>, string> = {
  transferred: 'transferred to a person',
  voicemail: 'sent to voicemail (nobody available)',
  failed: 'routing failed',
}

export const suggestionKindLabels: Record<Suggestion['kind'], string> = {
  quote: 'Quote',
  faq: 'Answer',
  next_step: 'Next step',
  reply: 'Reply',
  follow_up: 'Follow-up',
}

const activeStatuses: ReadonlySet<Call['status']> = new Set(['ringing', 'answered', 'on_hold'])

export function isActiveCall(call: Pick<Call, 'status'>): boolean {
  return activeStatuses.has(call.status)
}

/** A call is over once it ended or went to voicemail: then the after-call summary is due. */
export function isFinishedCall(call: Pick<Call, 'status'>): boolean {
  return !isActiveCall(call)
}

/**
 * Calls on the line now (newest first), then recent finished ones (most recently ended first).
 * `ordered` is the keyboard order (j/k): active, then recent.
 */
export function arrangeCalls<T extends Pick<Call, 'id' | 'status' | 'startedAt' | 'endedAt'>>(
  calls: readonly T[],
  recentLimit = 20,
): { active: T[]; recent: T[]; ordered: T[] } {
  const byNewest = (a: string, b: string, tieA: string, tieB: string) => b.localeCompare(a) || tieA.localeCompare(tieB)
  const active = calls.filter(isActiveCall).sort((a, b) => byNewest(a.startedAt, b.startedAt, a.id, b.id))
  const recent = calls
    .filter(isFinishedCall)
    .sort((a, b) => byNewest(a.endedAt ?? a.startedAt, b.endedAt ?? b.startedAt, a.id, b.id))
    .slice(0, recentLimit)
  return { active, recent, ordered: [...active, ...recent] }
}

/** The id `steps` places away from `currentId` in `ordered`, clamped at the ends. */
export function stepCall(ordered: readonly { id: string }[], currentId: string | null, steps: number): string | null {
  if (ordered.length === 0) return null
  const index = ordered.findIndex((call) => call.id === currentId)
  if (index === -1) return ordered[0]!.id
  return ordered[Math.min(ordered.length - 1, Math.max(0, index + steps))]!.id
}

/**
 * The transcript as it should read: ordered by `startMs`, each interim result hidden once a final
 * result from the same speaker covers its span (the relay normally rewrites the interim document
 * in place, but an interim stored under its own id must not linger beside its final).
 */
export function transcriptLines(segments: readonly TranscriptSegment[]): TranscriptSegment[] {
  const finals = segments.filter((segment) => segment.isFinal)
  const superseded = (interim: TranscriptSegment) =>
    finals.some(
      // An interim whose speaker was not known yet may be finalised as anyone's.
      (final) =>
        (final.speaker === interim.speaker || interim.speaker === 'unknown' || final.speaker === 'unknown') &&
        (final.startMs === interim.startMs || (final.startMs < interim.endMs && interim.startMs < final.endMs)),
    )
  return segments
    .filter((segment) => segment.isFinal || !superseded(segment))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.id.localeCompare(b.id))
}

/** The caller's customer record: the one the relay linked, else the one with the caller's number. */
export function customerForCall(
  customers: readonly Customer[],
  caller: { customerId?: string | null; fromNumber: string | null },
): Customer | null {
  if (caller.customerId) {
    const linked = customers.find((customer) => customer.id === caller.customerId)
    if (linked) return linked
  }
  if (!caller.fromNumber) return null
  return customers.find((customer) => customer.phone === caller.fromNumber) ?? null
}

/**
 * A query for just these callers' bookings (linked to their customer record or made with their
 * number): the Live view needs a handful, and a busy year holds thousands.
 */
export function callerBookingsSelector(callers: readonly { customerId: string | null; fromNumber: string | null }[]) {
  const customerIds = [...new Set(callers.flatMap((caller) => (caller.customerId ? [caller.customerId] : [])))].sort()
  const phones = [...new Set(callers.flatMap((caller) => (caller.fromNumber ? [caller.fromNumber] : [])))].sort()
  return { $or: [{ customerId: { $in: customerIds } }, { customerPhone: { $in: phones } }] }
}

/** The caller's bookings (linked to their customer record or made with their number), soonest event first. */
export function bookingsForCaller(
  bookings: readonly Booking[],
  caller: { customerId: string | null; fromNumber: string | null },
): Booking[] {
  return bookings
    .filter(
      (booking) =>
        (caller.customerId !== null && booking.customerId === caller.customerId) ||
        (caller.fromNumber !== null && booking.customerPhone === caller.fromNumber),
    )
    .sort((a, b) => a.eventDate.localeCompare(b.eventDate) || a.id.localeCompare(b.id))
}

export interface PaymentState {
  kind: 'cancelled' | 'paid' | 'balance' | 'unpaid'
  /** What staff read: "Paid in full", "$100.00 paid · $1,550.00 balance". */
  label: string
}

export function paymentState(booking: Pick<Booking, 'status' | 'totalCents' | 'paidCents'>): PaymentState {
  if (booking.status === 'cancelled') return { kind: 'cancelled', label: `Cancelled · ${formatCents(booking.paidCents)} paid` }
  if (isPaidInFull(booking) || booking.status === 'paid_in_full') return { kind: 'paid', label: 'Paid in full' }
  const balance = formatCents(balanceDueCents(booking))
  if (booking.paidCents === 0) return { kind: 'unpaid', label: `Nothing paid yet · ${balance} due` }
  return { kind: 'balance', label: `${formatCents(booking.paidCents)} paid · ${balance} balance` }
}

/** Open and used suggestions, newest first; dismissed ones are gone (until Undo). */
export function visibleSuggestions(suggestions: readonly Suggestion[]): Suggestion[] {
  return suggestions
    .filter((suggestion) => suggestion.status !== 'dismissed')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
}

/** The amount a quote suggestion carries (total when the travel fee is known, else the food price). */
export function quotedCents(suggestion: Pick<Suggestion, 'kind' | 'bookingDraft'>): number | null {
  if (suggestion.kind !== 'quote' || !suggestion.bookingDraft) return null
  return suggestion.bookingDraft.totalCents ?? suggestion.bookingDraft.subtotalCents ?? null
}

/** `165000` → `$1,650`; amounts with cents keep them (`$1,650.50`): as the agent writes them. */
export const formatQuote = dollars

/** Why "Send as SMS" cannot be used for this caller, or null when it can. */
export function smsBlockedReason(fromNumber: string | null, customer: Pick<Customer, 'smsOptOut'> | null): string | null {
  if (!fromNumber) return 'The caller’s number is hidden, so there is no number to text.'
  if (customer?.smsOptOut) return 'This caller opted out of texts (replied STOP). Nothing can be sent until they text START.'
  return null
}

/**
 * The caller's SMS thread with `text` queued as a staff message: their existing thread, or a new
 * one under the id the relay gives threads (`conv-<digits>`), so later texts land in the same one.
 */
export function queueTextToCaller(
  threads: readonly Conversation[],
  caller: { phone: string; customerId: string | null },
  message: { id: string; text: string; at: string },
): Conversation {
  const existing =
    threads.find((thread) => thread.customerPhone === caller.phone) ??
    ({
      id: `conv-${caller.phone.slice(1)}`,
      updatedAt: message.at,
      customerPhone: caller.phone,
      customerId: caller.customerId,
      messages: [],
      needsHuman: false,
      lastMessageAt: message.at,
    } satisfies Conversation)
  return queueStaffReply(existing, message.id, message.text, message.at)
}

/** Why the call cannot be transferred from this console now, or null when it can. */
export function transferBlockedReason(
  call: Pick<Call, 'status'>,
  partyId: string | null,
  session: Pick<RingCentralSession, 'state'> | null,
): string | null {
  if (!session || session.state === 'signed_out' || session.state === 'error') {
    return 'Sign in to RingCentral in Settings to transfer calls from this console.'
  }
  if (session.state === 'signing_in') return 'Signing in to RingCentral…'
  if (call.status !== 'answered') return 'Only an answered call can be transferred.'
  if (!partyId) return 'RingCentral has not reported this console’s side of the call yet.'
  return null
}

/** Extensions a call can go to: not the signed-in one, available first, then by number. */
export function transferTargets(extensions: readonly Extension[], ownExtensionNumber: string | null): Extension[] {
  const rank: Record<Extension['status'], number> = { available: 0, busy: 1, offline: 2 }
  return extensions
    .filter((extension) => extension.extensionNumber !== ownExtensionNumber)
    .sort((a, b) => rank[a.status] - rank[b.status] || a.extensionNumber.localeCompare(b.extensionNumber, undefined, { numeric: true }))
}

/** Within this many pixels of the bottom counts as "following the live transcript". */
const followSlackPx = 24

export function isFollowingLive(scroll: { scrollTop: number; clientHeight: number; scrollHeight: number }): boolean {
  return scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight <= followSlackPx
}

export type LiveShortcut = 'next' | 'previous' | 'notes' | 'copy'

export const liveShortcuts: { key: string; action: LiveShortcut; description: string }[] = [
  { key: 'j', action: 'next', description: 'next call' },
  { key: 'k', action: 'previous', description: 'previous call' },
  { key: 'n', action: 'notes', description: 'write notes' },
  { key: 'c', action: 'copy', description: 'copy the newest text for the customer' },
]

/** Single-letter shortcuts act only when the user is not typing and holds no modifier. */
export function liveShortcutFor(event: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  targetIsEditable: boolean
}): LiveShortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.targetIsEditable) return null
  return liveShortcuts.find((shortcut) => shortcut.key === event.key)?.action ?? null
}

/** Where the name staff see for a caller comes from. */
export type CallerNameSource = 'customer' | 'booking' | 'caller_id' | 'number' | 'hidden'

export interface CallerIdentity {
  /** The name to show: the customer record's, then a booking's, then caller ID, then the number. */
  name: string
  /** The caller's number in the console's one format, e.g. "(510) 555-0142". */
  phone: string | null
  nameSource: CallerNameSource
  /** The caller's customer record (it may have no name yet: texting creates one). */
  customer: Pick<Customer, 'id' | 'name'> | null
  /**
   * What staff read under the name, saying where it comes from when not from a customer record,
   * so the header never shows a name above "no customer record". Null for a named customer.
   */
  note: string | null
}

/**
 * Who is calling, as staff know them, and where that knowledge comes from. One reading for the
 * Live header, the call list and the screen pop.
 */
export function callerIdentity(
  customer: Pick<Customer, 'id' | 'name'> | null,
  bookings: readonly Pick<Booking, 'customerName'>[],
  caller: { fromNumber: string | null; fromName?: string | null },
): CallerIdentity {
  const phone = caller.fromNumber ? formatPhoneNumber(caller.fromNumber) : null
  const recordName = customer?.name.trim() ?? ''
  if (customer && recordName) return { name: recordName, phone, nameSource: 'customer', customer, note: null }
  const bookingName = bookings.map((booking) => booking.customerName.trim()).find(Boolean)
  const callerIdName = caller.fromName?.trim()
  const [name, nameSource]: [string, CallerNameSource] = bookingName
    ? [bookingName, 'booking']
    : callerIdName
      ? [callerIdName, 'caller_id']
      : phone
        ? [phone, 'number']
        : ['Unknown caller', 'hidden']
  const from = nameSource === 'booking' ? 'Name from their booking' : nameSource === 'caller_id' ? 'Name from caller ID' : null
  const note = customer
    ? `${from ? `${from}; the` : 'The'} customer record for this number has no name yet`
    : nameSource === 'hidden'
      ? 'The caller’s number is hidden'
      : `${from ? `${from}; no` : 'No'} customer record for this number`
  return { name, phone, nameSource, customer, note }
}

/** Who is calling, as staff know them: customer record, then a booking's name, then caller ID, then the number. */
export function callerName(
  customer: Pick<Customer, 'id' | 'name'> | null,
  bookings: readonly Pick<Booking, 'customerName'>[],
  caller: { fromNumber: string | null; fromName?: string | null },
): string {
  return callerIdentity(customer, bookings, caller).name
}

export type TranscriptionNotice = { tone: 'live' | 'done' | 'alarm' | 'quiet'; text: string }

/**
 * The badge beside the transcript. An alarm only when something staff rely on is missing: the
 * transcript stopped part-way, or live transcription failed on a call still going on. A call
 * that ended without ever being transcribed is just that, not an alarm.
 */
export function transcriptionNotice(call: Pick<Call, 'transcription' | 'status'>, lineCount: number): TranscriptionNotice | null {
  switch (call.transcription) {
    case 'live':
      return { tone: 'live', text: 'Transcribing live' }
    case 'finished':
      // "Complete" over an empty transcript would mislead: the hint below says nothing was recorded.
      return lineCount > 0 ? { tone: 'done', text: 'Transcript complete' } : null
    case 'failed':
      if (lineCount > 0) return { tone: 'alarm', text: 'Transcription stopped — the recording may still have the rest' }
      return isActiveCall(call) ? { tone: 'alarm', text: 'Live transcription could not start for this call' } : { tone: 'quiet', text: 'Not transcribed' }
    default:
      return null
  }
}
