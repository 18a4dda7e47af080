/**
 * How the console's Inbox reads threads: order, badges, and the edits staff make (approve a
 * draft, discard it, write a reply). Kept pure so the relay's rules and the console's agree.
 */
import type { Conversation, ConversationMessage } from '../schemas/conversations'

/**
 * A discarded draft keeps its id with empty text: the id is what tells the relay the customer's
 * message was answered, so removing it would make the agent draft the same answer again.
 */
export function isDiscardedDraft(message: ConversationMessage): boolean {
  return message.status === 'draft' && message.text.trim() === ''
}

/** Messages to show, oldest first. */
export function visibleMessages(thread: Pick<Conversation, 'messages'>): ConversationMessage[] {
  return thread.messages.filter((message) => !isDiscardedDraft(message))
}

/** The newest message is the customer's: nobody has answered yet. */
export function isUnanswered(thread: Pick<Conversation, 'messages'>): boolean {
  const last = visibleMessages(thread).filter((m) => m.status !== 'draft').at(-1)
  return last?.author === 'customer'
}

/** Newest activity first; ties by id so the order is stable. */
export function sortThreads<T extends Pick<Conversation, 'id' | 'lastMessageAt'>>(threads: readonly T[]): T[] {
  return [...threads].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || a.id.localeCompare(b.id))
}

function withLatest(thread: Conversation, messages: ConversationMessage[], at: string): Conversation {
  return { ...thread, messages, lastMessageAt: at > thread.lastMessageAt ? at : thread.lastMessageAt }
}

/** Staff approve a draft (possibly edited): it becomes their message, queued for the relay to send. */
export function approveDraft(thread: Conversation, draftId: string, text: string, at: string): Conversation {
  const messages = thread.messages.map((m) =>
    m.id === draftId && m.status === 'draft' ? { ...m, author: 'staff' as const, text: text.trim(), status: 'queued' as const, at } : m,
  )
  return withLatest(thread, messages, at)
}

export function discardDraft(thread: Conversation, draftId: string): Conversation {
  return { ...thread, messages: thread.messages.map((m) => (m.id === draftId && m.status === 'draft' ? { ...m, text: '' } : m)) }
}

/** A new staff reply, queued; the relay sends it and marks it sent or failed. */
export function queueStaffReply(thread: Conversation, id: string, text: string, at: string): Conversation {
  const message: ConversationMessage = { id, direction: 'outbound', author: 'staff', text: text.trim(), at, status: 'queued' }
  return withLatest(thread, [...thread.messages, message], at)
}
