/**
 * Which texts the console announces, and what the navigation counts. Pure, so main (native
 * notifications) and the renderer (toasts, nav badges) agree.
 *
 * A thread is announced when it needs a person and its newest customer message has not been
 * announced before and is still unanswered: a later draft, a staff reply or the same document
 * synced again never raises a second notification. A message older than `freshWithinMs` is not
 * news (a console starting up catches up on old threads without a burst of notifications).
 */
import type { Conversation, ConversationMessage } from '../schemas/conversations'
import { isUnanswered, visibleMessages } from './inbox-model'

export const freshWithinMs = 15 * 60 * 1000

export interface EscalationAnnouncement {
  conversationId: string
  customerPhone: string
  messageId: string
  /** The customer's words, shortened for a notification. */
  preview: string
  at: string
}

export function latestCustomerMessage(thread: Pick<Conversation, 'messages'>): ConversationMessage | null {
  return visibleMessages(thread).filter((message) => message.author === 'customer').at(-1) ?? null
}

export function escalationToAnnounce(
  thread: Pick<Conversation, 'id' | 'customerPhone' | 'messages' | 'needsHuman'>,
  alreadyAnnounced: string | undefined,
  now: Date,
): EscalationAnnouncement | null {
  if (!thread.needsHuman || !isUnanswered(thread)) return null
  const message = latestCustomerMessage(thread)
  if (!message || message.id === alreadyAnnounced) return null
  if (now.getTime() - Date.parse(message.at) > freshWithinMs) return null
  const text = message.text.replace(/\s+/g, ' ').trim()
  return {
    conversationId: thread.id,
    customerPhone: thread.customerPhone,
    messageId: message.id,
    preview: text.length > 90 ? `${text.slice(0, 89)}…` : text,
    at: message.at,
  }
}

/**
 * Unread: the customer wrote after this console last had the thread open (`readUpTo`, per thread).
 * Needs a person: flagged by the agent and not answered yet.
 */
export function inboxCounts(
  threads: readonly Pick<Conversation, 'id' | 'messages' | 'needsHuman'>[],
  readUpTo: Readonly<Record<string, string>>,
): { unread: number; needsPerson: number } {
  let unread = 0
  let needsPerson = 0
  for (const thread of threads) {
    const latest = latestCustomerMessage(thread)
    if (latest && latest.at > (readUpTo[thread.id] ?? '')) unread++
    if (thread.needsHuman && isUnanswered(thread)) needsPerson++
  }
  return { unread, needsPerson }
}
