/**
 * What a conversation thread still needs from the relay: the customer message to answer, and
 * staff or agent messages queued for sending. Derived from the thread alone, so it survives
 * restarts and redeliveries without extra bookkeeping.
 */
import type { Conversation, ConversationMessage } from '../schemas/conversations'

/** Older customer messages are left to staff: a reply days later would confuse more than help. */
export const autoReplyWindowMs = 24 * 60 * 60 * 1000

/** The id of the agent's answer to an inbound message: one answer per inbound message, ever. */
export function replyIdFor(inboundMessageId: string): string {
  const id = `ag-${inboundMessageId}`
  return id.length <= 64 ? id : `ag-${inboundMessageId.slice(-61)}`
}

/**
 * The newest customer message when nothing has answered it yet: no agent reply keyed on it,
 * and no outbound message (staff took over) after it.
 */
export function inboundAwaitingReply(thread: Pick<Conversation, 'messages'>, now: Date): ConversationMessage | null {
  const last = thread.messages.at(-1)
  if (!last || last.direction !== 'inbound' || last.author !== 'customer') return null
  if (now.getTime() - Date.parse(last.at) > autoReplyWindowMs) return null
  const replyId = replyIdFor(last.id)
  return thread.messages.some((message) => message.id === replyId) ? null : last
}

/** Outbound messages waiting to be sent, oldest first. */
export function queuedOutbound(thread: Pick<Conversation, 'messages'>): ConversationMessage[] {
  return thread.messages.filter((message) => message.direction === 'outbound' && message.status === 'queued')
}

/** The id of the needs-attention item that says why an outbound message was not sent. */
export function failureNoticeIdFor(messageId: string): string {
  const id = `smsfail-${messageId}`
  return id.length <= 64 ? id : `smsfail-${messageId.slice(-56)}`
}
