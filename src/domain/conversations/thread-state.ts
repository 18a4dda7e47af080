/**
 * Where a text thread stands for staff, one state at a time, so the badge, the banner and the
 * cards never contradict each other:
 *
 * - `needs_person`: the agent handed it over and nobody has answered since;
 * - `replied`: staff answered the customer's last message and have not closed it yet;
 * - `handled`: staff marked it handled, and the customer has not written since;
 * - `new`: the customer's last message has no answer yet (the agent may still reply);
 * - `answered`: the agent answered; nothing to do.
 *
 * "Handled" is the thread's `handledAt`: a later customer message reopens it. Pure.
 */
import type { Conversation, ConversationMessage } from '../schemas/conversations'
import type { Suggestion } from '../schemas/suggestions'
import { visibleMessages } from './inbox-model'

export type ThreadState = 'needs_person' | 'replied' | 'handled' | 'new' | 'answered'

export const threadStateLabels: Record<ThreadState, string> = {
  needs_person: 'Needs a person',
  replied: 'Replied',
  handled: 'Handled',
  new: 'New',
  answered: 'Answered by the AI',
}

type ThreadFacts = Pick<Conversation, 'messages' | 'needsHuman'> & { handledAt?: string | null }

const isStaffAnswer = (message: ConversationMessage) => message.author === 'staff' && message.status !== 'draft' && message.status !== 'failed'

export function threadState(thread: ThreadFacts): ThreadState {
  const messages = visibleMessages(thread).filter((message) => message.status !== 'draft')
  const lastFromCustomer = messages.filter((message) => message.author === 'customer').at(-1)
  const handledAt = thread.handledAt ?? null
  if (handledAt && (!lastFromCustomer || lastFromCustomer.at <= handledAt)) return 'handled'
  const answeredByStaff = messages.some((message) => isStaffAnswer(message) && (!lastFromCustomer || message.at >= lastFromCustomer.at))
  if (answeredByStaff) return 'replied'
  if (thread.needsHuman) return 'needs_person'
  return messages.at(-1)?.author === 'customer' ? 'new' : 'answered'
}

/** Staff can close what is open; an AI answer needs nothing. */
export function canMarkHandled(state: ThreadState): boolean {
  return state === 'needs_person' || state === 'replied' || state === 'new'
}

/** "Mark handled": nobody is asked for any more, until the customer writes again. */
export function markHandled<T extends Conversation & { handledAt?: string | null }>(thread: T, at: string): T {
  return { ...thread, needsHuman: false, handledAt: at }
}

/** Undo of "Mark handled": the thread as it was (its hand-over and its handled time). */
export function undoHandled<T extends Conversation & { handledAt?: string | null }>(current: T, before: Pick<T, 'needsHuman' | 'handledAt'>): T {
  return { ...current, needsHuman: before.needsHuman, handledAt: before.handledAt ?? null }
}

/**
 * What the thread shows of the agent's hand-over: the full banner while a person is needed, a
 * quiet line once staff replied, nothing once handled. A "take over" next step is for the
 * person who has not yet taken over, so it goes with the banner.
 */
export function handOverDisplay(state: ThreadState): { banner: 'alert' | 'quiet' | 'none'; showTakeOver: boolean } {
  if (state === 'needs_person') return { banner: 'alert', showTakeOver: true }
  if (state === 'replied') return { banner: 'quiet', showTakeOver: false }
  return { banner: 'none', showTakeOver: false }
}

/** The suggestion cards a thread shows in its state (open ones; next steps only while a person is needed). */
export function visibleThreadCards(suggestions: readonly Suggestion[], state: ThreadState): Suggestion[] {
  const { showTakeOver } = handOverDisplay(state)
  return suggestions.filter(
    (suggestion) =>
      !suggestion.id.startsWith('esc-') && suggestion.kind !== 'follow_up' && suggestion.status === 'open' && (showTakeOver || suggestion.kind !== 'next_step'),
  )
}
