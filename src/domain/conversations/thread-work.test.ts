import { describe, expect, it } from 'vitest'
import type { ConversationMessage } from '../schemas/conversations'
import { inboundAwaitingReply, queuedOutbound, replyIdFor } from './thread-work'

const now = new Date('2026-11-22T18:00:00.000Z')
const customer = (id: string, at = '2026-11-22T17:59:00.000Z'): ConversationMessage => ({ id, direction: 'inbound', author: 'customer', text: 'Hi', at, status: 'received' })
const outbound = (id: string, author: 'agent' | 'staff', status: ConversationMessage['status']): ConversationMessage => ({
  id,
  direction: 'outbound',
  author,
  text: 'Hello',
  at: '2026-11-22T17:59:30.000Z',
  status,
})

describe('inboundAwaitingReply', () => {
  it('returns the newest customer message until its reply exists', () => {
    const inbound = customer('rc-1')
    expect(inboundAwaitingReply({ messages: [inbound] }, now)).toEqual(inbound)
    expect(inboundAwaitingReply({ messages: [inbound, outbound(replyIdFor('rc-1'), 'agent', 'draft')] }, now)).toBeNull()
  })

  it('leaves a thread alone once staff wrote after the customer, or when the message is old', () => {
    expect(inboundAwaitingReply({ messages: [customer('rc-1'), outbound('st-1', 'staff', 'queued')] }, now)).toBeNull()
    expect(inboundAwaitingReply({ messages: [customer('rc-1', '2026-11-20T17:00:00.000Z')] }, now)).toBeNull()
    expect(inboundAwaitingReply({ messages: [] }, now)).toBeNull()
  })

  it('keeps reply ids within the 64-character id limit', () => {
    expect(replyIdFor('x'.repeat(64)).length).toBeLessThanOrEqual(64)
  })
})

describe('queuedOutbound', () => {
  it('lists only outbound messages waiting to be sent', () => {
    const messages = [customer('rc-1'), outbound('a', 'agent', 'sent'), outbound('b', 'staff', 'queued'), outbound('c', 'agent', 'draft')]
    expect(queuedOutbound({ messages }).map((m) => m.id)).toEqual(['b'])
  })
})
