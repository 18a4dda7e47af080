/**
 * What the agent knows when it answers a text or a caller: the business settings and FAQs, the
 * packages on offer, and the bookings from yesterday on (for availability).
 */
import type { AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import { faqsOf, type Settings } from '../../../src/domain/schemas'
import type { DocumentQueries } from '../storage/contracts'

const dayMs = 24 * 60 * 60 * 1000

export async function agentKnowledge(queries: Pick<DocumentQueries, 'bookings' | 'packages'>, settings: Settings, now: Date): Promise<AgentKnowledge> {
  // From yesterday, so no time zone can hide today's bookings.
  const since = new Date(now.getTime() - dayMs).toISOString().slice(0, 10)
  const [upcoming, packages] = await Promise.all([queries.bookings.onOrAfter(since), queries.packages.all()])
  const bookings = upcoming.map((booking) => ({ eventDate: booking.eventDate, eventTime: booking.eventTime, status: booking.status }))
  return { settings, faqs: faqsOf(settings), packages, bookings }
}
