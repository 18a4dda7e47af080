/**
 * Follow-ups: the agent answered the customer, and staff should still do something without
 * urgency (confirm a booking, move or cancel one, check a payment, answer a custom request). The
 * relay records the task as a `follow_up` suggestion — listed in the Inbox and on the booking —
 * and, when the customer has an upcoming booking, as an entry on that booking's timeline. No alert
 * text goes out: that is for escalations only.
 */
import { createHash } from 'node:crypto'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import type { Booking, Settings, Suggestion } from '../../../src/domain/schemas'
import { BookingRecords, type BookingStorage } from '../bookings/booking-records'

export interface FollowUpTask {
  /** What it answers: the inbound message or transcript segment id (one task per message, ever). */
  sourceId: string
  conversationId: string | null
  callId: string | null
  /** The customer's number, to find their booking. */
  customerPhone: string | null
  customerId: string | null
  /** The agent's `followUp` reason. */
  reason: string
  /** What the customer said, for context on screen. */
  customerText: string
}

/**
 * Through the storage contracts (either engine). The booking's note is written before the task:
 * a stop between the two leaves the task to be recorded again, and the note (by stable id) is
 * not repeated.
 */
export class FollowUpTasks {
  private readonly bookings: BookingRecords

  constructor(
    private readonly storage: BookingStorage,
    private readonly now: () => Date,
  ) {
    this.bookings = new BookingRecords(storage, now)
  }

  /** Records the task once (a replay of the same message writes nothing new); returns its id. */
  async record(task: FollowUpTask, settings: Pick<Settings, 'timeZone'>): Promise<string> {
    const id = followUpIdFor(task.sourceId)
    if (await this.storage.documents.get('suggestions', id)) return id
    const title = `Follow up: ${headline(task.reason)}`.slice(0, 200)
    // The same task still open on this thread or call ("make it 25" after "ready to book") is not repeated.
    const same = await this.storage.queries.suggestions.openFollowUpId(title, task.conversationId, task.callId)
    if (same !== null) return same
    const booking = await this.bookingOf(task, settings)
    const at = this.now().toISOString()
    const document: Omit<Suggestion, 'updatedAt'> = {
      id,
      callId: task.callId,
      conversationId: task.conversationId,
      kind: 'follow_up',
      title,
      text: `${task.reason}\nThe customer said: “${task.customerText.trim().slice(0, 1500)}”`.slice(0, 2000),
      status: 'open',
      createdAt: at,
      bookingDraft: null,
      sourceId: task.sourceId.slice(0, 128),
      bookingId: booking?.id ?? null,
    }
    if (booking) {
      await this.bookings.update(booking.id, () => ({
        entries: [{ id: `fu-${id}`, kind: 'note', actor: 'agent', text: `Follow-up for staff: ${task.reason}`, ref: `suggestions/${id}` }],
      }))
    }
    await this.storage.documents.put('suggestions', document)
    return id
  }

  /** The customer's next booking (not cancelled, from yesterday on), else their latest one. */
  private async bookingOf(task: FollowUpTask, settings: Pick<Settings, 'timeZone'>): Promise<Booking | null> {
    if (task.customerPhone === null && task.customerId === null) return null
    const bookings = (await this.storage.queries.bookings.ofCustomer(task.customerPhone, task.customerId)).filter((booking) => booking.status !== 'cancelled')
    const yesterday = calendarDateInZone(new Date(this.now().getTime() - 86_400_000).toISOString(), settings.timeZone)
    const upcoming = bookings.filter((booking) => booking.eventDate >= yesterday).sort((a, b) => a.eventDate.localeCompare(b.eventDate))
    return upcoming[0] ?? bookings.sort((a, b) => b.eventDate.localeCompare(a.eventDate))[0] ?? null
  }
}

/** One follow-up per answered message; ids stay within the 64 characters an id may have. */
export function followUpIdFor(sourceId: string): string {
  const id = `fu-${sourceId}`
  return id.length <= 64 ? id : `fu-${createHash('sha256').update(sourceId).digest('hex').slice(0, 40)}`
}

/** "Reschedule request: move to …" → "Reschedule request". */
function headline(reason: string): string {
  return reason.split(/[:.]/)[0]!.trim()
}
