import { describe, expect, it } from 'vitest'
import type { Conversation } from '../schemas/conversations'
import { approveDraft, discardDraft, isUnanswered, queueStaffReply, sortThreads, visibleMessages } from './inbox-model'
import { inboundAwaitingReply } from './thread-work'

const thread: Conversation = {
  id: 'conv-14085550199',
  updatedAt: '2026-11-22T18:00:00.000Z',
  customerPhone: '+14085550199',
  customerId: null,
  needsHuman: true,
  lastMessageAt: '2026-11-22T17:00:01.000Z',
  messages: [
    { id: 'rc-1', direction: 'inbound', author: 'customer', text: 'I want to speak to a human', at: '2026-11-22T17:00:00.000Z', status: 'received' },
    { id: 'ag-rc-1', direction: 'outbound', author: 'agent', text: 'Someone will text you shortly.', at: '2026-11-22T17:00:01.000Z', status: 'draft' },
  ],
}
const now = new Date('2026-11-22T17:05:00.000Z')

describe('inbox model', () => {
  it('approving a draft queues it as the staff member’s message with the edited text', () => {
    const approved = approveDraft(thread, 'ag-rc-1', ' Kenji will call you at 5. ', '2026-11-22T17:04:00.000Z')
    expect(approved.messages[1]).toMatchObject({ author: 'staff', text: 'Kenji will call you at 5.', status: 'queued' })
    expect(approved.lastMessageAt).toBe('2026-11-22T17:04:00.000Z')
  })

  it('a discarded draft disappears from view but still tells the relay the message was answered', () => {
    const discarded = discardDraft(thread, 'ag-rc-1')
    expect(visibleMessages(discarded).map((m) => m.id)).toEqual(['rc-1'])
    expect(inboundAwaitingReply(discarded, now)).toBeNull()
    expect(isUnanswered(discarded)).toBe(true)
  })

  it('a staff reply is queued at the end and answers the thread', () => {
    const replied = queueStaffReply(thread, 'st-1', 'Hello!', '2026-11-22T17:04:00.000Z')
    expect(replied.messages.at(-1)).toMatchObject({ id: 'st-1', author: 'staff', direction: 'outbound', status: 'queued' })
    expect(isUnanswered(replied)).toBe(false)
  })

  it('sorts threads newest first', () => {
    const older = { id: 'a', lastMessageAt: '2026-11-21T00:00:00.000Z' }
    const newer = { id: 'b', lastMessageAt: '2026-11-22T00:00:00.000Z' }
    expect(sortThreads([older, newer]).map((t) => t.id)).toEqual(['b', 'a'])
  })
})
