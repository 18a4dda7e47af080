/**
 * Pure decisions about a live call: what the agent sees of it, what staff read on the screen pop,
 * what booking the agent has gathered, and what call control to do when the caller wants a person.
 */
import type { AgentResult, ConversationTurn } from '../agent/agent-result'
import type { RoutingDecision } from '../routing/escalation-routing'
import type { BookingDraft } from '../schemas/booking-draft'
import type { Call } from '../schemas/calls'
import type { TranscriptSegment } from '../schemas/transcript-segments'

/** The agent sees at most this many recent turns. */
const maxTurns = 40

/** The call's final segments, in order, as the agent's conversation (the caller is the customer). */
export function turnsFromSegments(segments: readonly Pick<TranscriptSegment, 'speaker' | 'text' | 'startMs' | 'isFinal'>[]): ConversationTurn[] {
  return segments
    .filter((segment) => segment.isFinal && segment.text.trim() !== '')
    .sort((a, b) => a.startMs - b.startMs)
    .slice(-maxTurns)
    .map((segment) => ({ role: segment.speaker === 'caller' ? 'customer' : 'agent', text: segment.text }))
}

/** What the agent gathered towards a booking, from its entities and quote. */
export function bookingDraftFromResult(result: AgentResult, customerPhone: string | null): BookingDraft {
  const { entities, quote } = result
  const adults = quote?.adults ?? entities.adults ?? (entities.kids === null ? entities.guestCount : null)
  return {
    customerName: null,
    customerPhone,
    eventDate: entities.date,
    eventTime: entities.time,
    adults,
    kids: quote?.kids ?? entities.kids,
    address: entities.location,
    zip: entities.zip,
    subtotalCents: quote?.subtotalCents ?? null,
    travelFeeCents: quote?.travelFeeCents ?? null,
    totalCents: quote?.totalCents ?? null,
  }
}

/** True when the draft holds anything worth turning into a booking. */
export function draftHasFacts(draft: BookingDraft): boolean {
  return draft.adults !== null || draft.kids !== null || draft.eventDate !== null || draft.zip !== null || draft.address !== null
}

/** One short paragraph for the screen pop: what the AI understood so far. */
export function callSummary(result: AgentResult, formatCents: (cents: number) => string): string {
  const facts: string[] = []
  const { entities, quote } = result
  const guests = [
    quote?.adults ?? entities.adults ? `${quote?.adults ?? entities.adults} adults` : null,
    quote?.kids || entities.kids ? `${quote?.kids ?? entities.kids} kids` : null,
  ].filter(Boolean)
  if (guests.length > 0) facts.push(guests.join(' and '))
  else if (entities.guestCount !== null) facts.push(`${entities.guestCount} guests`)
  const place = [entities.location, entities.zip].filter(Boolean).join(' ')
  if (place) facts.push(`in ${place}`)
  if (entities.date) facts.push(`on ${entities.date}${entities.time ? ` at ${entities.time}` : ''}`)
  const parts = [`Caller wants: ${intentLabel[result.intent]}${facts.length ? ` (${facts.join(', ')})` : ''}.`]
  if (quote?.declined) parts.push(`Quote declined: ${quote.reason ?? 'outside the service area'}.`)
  else if (quote?.totalCents != null) parts.push(`Quoted ${formatCents(quote.totalCents)} total.`)
  if (result.escalate) parts.push(`Handed to a person${result.escalationReason ? `: ${result.escalationReason}` : '.'}`)
  else if (result.followUp) parts.push(`Follow-up for staff: ${result.followUp}`)
  return parts.join(' ').slice(0, 5000)
}

const intentLabel: Record<AgentResult['intent'], string> = {
  booking_inquiry: 'to book a party',
  pricing: 'a price',
  availability: 'to check a date',
  faq: 'an answer to a question',
  reschedule: 'to reschedule',
  cancel: 'to cancel',
  payment: 'help with a payment',
  complaint: 'to complain',
  human_request: 'to talk to a person',
  opt_out: 'no more messages',
  other: 'something else',
}

export type CallControlAction =
  | { kind: 'transfer'; extensionNumber: string; assignedExtensionId: string; reason: string }
  | { kind: 'voicemail'; mailboxExtensionId: string | null; reason: string }
  | { kind: 'none'; reason: string }

/**
 * What to do with the call when the agent says escalate. A call is escalated once: a call already
 * escalated (a redelivered event, a restart, a later utterance) does nothing. A call that has
 * ended or has no party to act on cannot be transferred.
 */
export function planCallEscalation(call: Pick<Call, 'escalated' | 'status' | 'partyId'>, decision: RoutingDecision): CallControlAction {
  if (call.escalated) return { kind: 'none', reason: 'the call was already escalated' }
  if (call.status !== 'answered') return { kind: 'none', reason: `the call is ${call.status}, not answered` }
  if (!call.partyId) return { kind: 'none', reason: 'the call has no party to transfer' }
  if (decision.kind === 'transfer') {
    return { kind: 'transfer', extensionNumber: decision.extension.extensionNumber, assignedExtensionId: decision.extension.id, reason: decision.reason }
  }
  return { kind: 'voicemail', mailboxExtensionId: decision.mailbox?.id ?? null, reason: decision.reason }
}
