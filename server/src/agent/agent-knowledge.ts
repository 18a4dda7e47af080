/**
 * What the agent knows when it answers a text or a caller: the business settings and FAQs, the
 * packages on offer, and the bookings from yesterday on (for availability).
 */
import type { AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { faqsOf, type Package, type Settings } from '../../../src/domain/schemas'
import type { DocumentStore } from '../storage/document-store'

const dayMs = 24 * 60 * 60 * 1000

export function agentKnowledge(documents: DocumentStore, settings: Settings, now: Date): AgentKnowledge {
  // From yesterday, so no time zone can hide today's bookings.
  const since = new Date(now.getTime() - dayMs).toISOString().slice(0, 10)
  const bookings = documents.bookings
    .onOrAfter(since)
    .map((booking) => ({ eventDate: booking.eventDate, eventTime: booking.eventTime, status: booking.status }))
  return { settings, faqs: faqsOf(settings), packages: documents.live<Package>('packages'), bookings }
}
