/**
 * What the agent knows when it answers a text or a caller: the business settings and FAQs, the
 * packages on offer, and the bookings from yesterday on (for availability).
 */
import type { AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { faqsOf, type Booking, type Package, type Settings } from '../../../src/domain/schemas'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'

const dayMs = 24 * 60 * 60 * 1000

export function agentKnowledge(db: RelayDatabase, documents: DocumentStore, settings: Settings, now: Date): AgentKnowledge {
  // From yesterday, so no time zone can hide today's bookings.
  const since = new Date(now.getTime() - dayMs).toISOString().slice(0, 10)
  const bookings = (
    db.prepare(`SELECT body FROM documents WHERE collection = 'bookings' AND deleted = 0 AND json_extract(body, '$.eventDate') >= ?`).all(since) as {
      body: string
    }[]
  ).map((row) => {
    const booking = JSON.parse(row.body) as Booking
    return { eventDate: booking.eventDate, eventTime: booking.eventTime, status: booking.status }
  })
  return { settings, faqs: faqsOf(settings), packages: documents.live<Package>('packages'), bookings }
}
