import { describe, expect, it } from 'vitest'
import type { Conversation, ConversationMessage } from '../schemas/conversations'
import { escalationToAnnounce, inboxCounts } from './inbox-notices'

const now = new Date('2026-12-02T18:00:00.000Z')
const message = (id: string, author: ConversationMessage['author'], at: string, overrides: Partial<ConversationMessage> = {}): ConversationMessage => ({
  id,
  direction: author === 'customer' ? 'inbound' : 'outbound',
  author,
  text: `message ${id}`,
  at,
  status: author === 'customer' ? 'received' : 'sent',
  ...overrides,
})
const thread = (messages: ConversationMessage[], needsHuman = true): Conversation => ({
  id: 'conv_1',
  updatedAt: now.toISOString(),
  customerPhone: '+14085550199',
  customerId: null,
  messages,
  needsHuman,
  lastMessageAt: messages.at(-1)?.at ?? now.toISOString(),
})

describe('escalationToAnnounce', () => {
  const asked = message('m1', 'customer', '2026-12-02T17:58:00.000Z', { text: 'I want to   speak to a manager about my order, it was cold and late and nobody answered the phone all afternoon' })

  it('announces a fresh customer message on a thread that needs a person, once', () => {
    const withDraft = thread([asked, message('d1', 'agent', '2026-12-02T17:58:05.000Z', { status: 'draft' })])
    const notice = escalationToAnnounce(withDraft, undefined, now)
    expect(notice).toMatchObject({ conversationId: 'conv_1', messageId: 'm1', customerPhone: '+14085550199' })
    expect(notice!.preview).toHaveLength(90)
    expect(notice!.preview.startsWith('I want to speak to a manager')).toBe(true)
    expect(escalationToAnnounce(withDraft, 'm1', now)).toBeNull()
  })

  it('announces again for a new customer message, not for answers or old news', () => {
    const again = thread([asked, message('s1', 'staff', '2026-12-02T17:59:00.000Z'), message('m2', 'customer', '2026-12-02T17:59:30.000Z')])
    expect(escalationToAnnounce(again, 'm1', now)?.messageId).toBe('m2')
    expect(escalationToAnnounce(thread([asked, message('s1', 'staff', '2026-12-02T17:59:00.000Z')]), undefined, now)).toBeNull()
    expect(escalationToAnnounce(thread([asked], false), undefined, now)).toBeNull()
    expect(escalationToAnnounce(thread([message('m0', 'customer', '2026-12-02T17:00:00.000Z')]), undefined, now)).toBeNull()
  })
})

describe('inboxCounts', () => {
  it('counts threads with customer words since they were last read, and threads waiting for a person', () => {
    const a = { ...thread([message('a1', 'customer', '2026-12-02T10:00:00.000Z')]), id: 'a' }
    const b = { ...thread([message('b1', 'customer', '2026-12-02T10:00:00.000Z'), message('b2', 'staff', '2026-12-02T10:05:00.000Z')]), id: 'b' }
    const c = { ...thread([message('c1', 'customer', '2026-12-02T11:00:00.000Z')], false), id: 'c' }
    expect(inboxCounts([a, b, c], {})).toEqual({ unread: 3, needsPerson: 1 })
    expect(inboxCounts([a, b, c], { a: '2026-12-02T10:00:00.000Z', b: '2026-12-02T10:05:00.000Z' })).toEqual({ unread: 1, needsPerson: 1 })
  })
})
