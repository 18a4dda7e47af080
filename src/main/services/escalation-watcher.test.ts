import { describe, expect, it } from 'vitest'
import type { EscalationAnnouncement } from '../../domain/conversations/inbox-notices'
import { EscalationWatcher } from './escalation-watcher'

const now = new Date('2026-12-02T18:00:00.000Z')
const thread = (messages: { id: string; author: 'customer' | 'agent' | 'staff'; status: string }[], needsHuman = true) => ({
  id: 'conv_1',
  updatedAt: now.toISOString(),
  customerPhone: '+14085550199',
  customerId: null,
  needsHuman,
  lastMessageAt: now.toISOString(),
  messages: messages.map((message) => ({ ...message, direction: message.author === 'customer' ? 'inbound' : 'outbound', text: `text ${message.id}`, at: '2026-12-02T17:59:00.000Z' })),
})

describe('EscalationWatcher', () => {
  it('announces each escalated customer message once, whatever else the stream repeats', () => {
    const notices: EscalationAnnouncement[] = []
    const watcher = new EscalationWatcher((notice) => notices.push(notice), () => now)
    const asked = thread([{ id: 'm1', author: 'customer', status: 'received' }])
    watcher.accept({ collection: 'conversations', documents: [asked], checkpoint: null })
    watcher.accept({ collection: 'conversations', documents: [thread([{ id: 'm1', author: 'customer', status: 'received' }, { id: 'd1', author: 'agent', status: 'draft' }])], checkpoint: null })
    watcher.accept('RESYNC')
    watcher.accept({ collection: 'bookings', documents: [{ id: 'conv_1' }], checkpoint: null })
    watcher.accept({ collection: 'conversations', documents: [{ ...asked, _deleted: true } as typeof asked], checkpoint: null })
    expect(notices.map((notice) => notice.messageId)).toEqual(['m1'])
    watcher.accept({
      collection: 'conversations',
      documents: [thread([{ id: 'm1', author: 'customer', status: 'received' }, { id: 's1', author: 'staff', status: 'sent' }, { id: 'm2', author: 'customer', status: 'received' }])],
      checkpoint: null,
    })
    expect(notices.map((notice) => notice.messageId)).toEqual(['m1', 'm2'])
  })

  it('stays quiet for threads that do not need a person', () => {
    const notices: EscalationAnnouncement[] = []
    new EscalationWatcher((notice) => notices.push(notice), () => now).accept({
      collection: 'conversations',
      documents: [thread([{ id: 'm1', author: 'customer', status: 'received' }], false)],
      checkpoint: null,
    })
    expect(notices).toEqual([])
  })
})
