import { describe, expect, it } from 'vitest'
import type { Conversation, ConversationMessage, Suggestion } from '../schemas'
import { approveDraft } from './inbox-model'
import { canMarkHandled, handOverDisplay, markHandled, threadState, undoHandled, visibleThreadCards } from './thread-state'

const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`
const message = (id: string, author: ConversationMessage['author'], minute: number, status: ConversationMessage['status']): ConversationMessage => ({
  id, direction: author === 'customer' ? 'inbound' : 'outbound', author, text: `${author} ${id}`, at: at(minute), status,
})

/** The agent handed the thread over and drafted an answer for staff. */
const escalated: Conversation = {
  id: 'conv-1', updatedAt: at(1), customerPhone: '+15105550142', customerId: null, needsHuman: true, lastMessageAt: at(1),
  messages: [message('rc-1', 'customer', 0, 'received'), message('ag-1', 'agent', 1, 'draft')],
}

const suggestion = (id: string, kind: Suggestion['kind']): Suggestion => ({
  id, updatedAt: at(1), kind, title: id, text: `text ${id}`, status: 'open', callId: null, conversationId: 'conv-1', createdAt: at(1),
} as Suggestion)

describe('a thread is in one state at a time', () => {
  it('needs a person → replied (the relay clears the hand-over once sent) → handled, and undo goes back', () => {
    expect(threadState(escalated)).toBe('needs_person')
    expect(handOverDisplay('needs_person')).toEqual({ banner: 'alert', showTakeOver: true })

    // Sending the draft answers the customer: no longer "needs a person", whatever needsHuman says yet.
    const replied = approveDraft(escalated, 'ag-1', 'Kenji will call you.', at(2))
    expect(threadState(replied)).toBe('replied')
    expect(threadState({ ...replied, needsHuman: false })).toBe('replied')
    expect(handOverDisplay('replied')).toEqual({ banner: 'quiet', showTakeOver: false })

    const handled = markHandled(replied, at(3))
    expect(handled.needsHuman).toBe(false)
    expect(threadState(handled)).toBe('handled')
    expect(handOverDisplay('handled').banner).toBe('none')
    expect(canMarkHandled('handled')).toBe(false)
    expect(threadState(undoHandled(handled, { needsHuman: true, handledAt: null }))).toBe('replied')
  })

  it('"Mark handled" clears "New" too, until the customer writes again', () => {
    const unanswered: Conversation = { ...escalated, needsHuman: false, messages: [message('rc-1', 'customer', 0, 'received')] }
    expect(threadState(unanswered)).toBe('new')
    const handled = markHandled(unanswered, at(5))
    expect(threadState(handled)).toBe('handled')
    const again = { ...handled, messages: [...handled.messages, message('rc-2', 'customer', 6, 'received')] }
    expect(threadState(again)).toBe('new')
    expect(threadState({ ...again, needsHuman: true })).toBe('needs_person')
  })

  it('an AI answer needs nothing; a failed staff text is not an answer', () => {
    const aiAnswered: Conversation = { ...escalated, needsHuman: false, messages: [message('rc-1', 'customer', 0, 'received'), message('ag-1', 'agent', 1, 'sent')] }
    expect(threadState(aiAnswered)).toBe('answered')
    expect(canMarkHandled('answered')).toBe(false)
    const failed: Conversation = { ...escalated, messages: [message('rc-1', 'customer', 0, 'received'), message('st-1', 'staff', 1, 'failed')] }
    expect(threadState(failed)).toBe('needs_person')
  })

  it('a "take over" next step shows only while a person is needed; escalation notes and follow-ups are not cards', () => {
    const all = [suggestion('esc-1', 'next_step'), suggestion('take-over', 'next_step'), suggestion('faq', 'faq'), suggestion('fu', 'follow_up')]
    expect(visibleThreadCards(all, 'needs_person').map((card) => card.id)).toEqual(['take-over', 'faq'])
    expect(visibleThreadCards(all, 'replied').map((card) => card.id)).toEqual(['faq'])
  })
})
