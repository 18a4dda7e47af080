import { describe, expect, it } from 'vitest'
import type { AgentResult } from '../agent/agent-result'
import { formatCents } from '../money'
import type { RoutingDecision } from '../routing/escalation-routing'
import type { Extension } from '../schemas/extensions'
import { bookingDraftFromResult, callSummary, draftHasFacts, planCallEscalation, turnsFromSegments } from './call-agent'

const kenji: Extension = {
  id: 'ext_kenji',
  updatedAt: '2026-01-01T00:00:00.000Z',
  extensionNumber: '101',
  ringCentralExtensionId: null,
  employeeName: 'Kenji Sato',
  role: 'owner',
  status: 'available',
  workingHours: [],
  isPrimary: true,
  alertPhone: '+15105550111',
}

const quoteResult: AgentResult = {
  intent: 'human_request',
  tone: 'direct',
  entities: { adults: 30, kids: null, guestCount: 30, date: '2026-12-05', time: null, location: 'Fremont', zip: '94539', proteins: [], addOns: [] },
  escalate: true,
  escalationReason: 'The customer asked for a person.',
  followUp: null,
  reply: 'Connecting you.',
  suggestions: [],
  quote: { adults: 30, kids: 0, subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000, distanceMiles: 0, distanceIsEstimate: true, declined: false, reason: null },
}

describe('call agent decisions', () => {
  it('turns only final, non-empty segments into turns, in time order, the caller as the customer', () => {
    expect(
      turnsFromSegments([
        { speaker: 'staff', text: 'How many guests?', startMs: 2000, isFinal: true },
        { speaker: 'caller', text: 'Hi there', startMs: 0, isFinal: true },
        { speaker: 'caller', text: 'thirty', startMs: 4000, isFinal: false },
        { speaker: 'caller', text: '  ', startMs: 5000, isFinal: true },
      ]),
    ).toEqual([
      { role: 'customer', text: 'Hi there' },
      { role: 'agent', text: 'How many guests?' },
    ])
  })

  it('fills a booking draft from the quote and entities', () => {
    const draft = bookingDraftFromResult(quoteResult, '+14085550123')
    expect(draft).toEqual({
      customerName: null,
      customerPhone: '+14085550123',
      eventDate: '2026-12-05',
      eventTime: null,
      adults: 30,
      kids: 0,
      address: 'Fremont',
      zip: '94539',
      subtotalCents: 165_000,
      travelFeeCents: 0,
      totalCents: 165_000,
    })
    expect(draftHasFacts(draft)).toBe(true)
    const empty = bookingDraftFromResult({ ...quoteResult, quote: undefined, entities: { ...quoteResult.entities, adults: null, guestCount: null, date: null, location: null, zip: null } }, null)
    expect(draftHasFacts(empty)).toBe(false)
  })

  it('summarises what the AI understood', () => {
    expect(callSummary(quoteResult, formatCents)).toBe(
      'Caller wants: to talk to a person (30 adults, in Fremont 94539, on 2026-12-05). Quoted $1,650.00 total. Handed to a person: The customer asked for a person.',
    )
  })

  it('transfers an answered call once, to the routed extension, or sends it to the mailbox', () => {
    const transfer: RoutingDecision = { kind: 'transfer', extension: kenji, reason: 'primary extension', eligibleExtensionIds: ['ext_kenji'] }
    const voicemail: RoutingDecision = { kind: 'voicemail', mailbox: kenji, alert: { extension: kenji, phone: '+15105550111' }, reason: 'nobody available' }
    const call = { escalated: false, status: 'answered' as const, partyId: 'p-1-2' }
    expect(planCallEscalation(call, transfer)).toEqual({ kind: 'transfer', extensionNumber: '101', assignedExtensionId: 'ext_kenji', reason: 'primary extension' })
    expect(planCallEscalation(call, voicemail)).toEqual({ kind: 'voicemail', mailboxExtensionId: 'ext_kenji', reason: 'nobody available' })
    expect(planCallEscalation({ ...call, escalated: true }, transfer).kind).toBe('none')
    expect(planCallEscalation({ ...call, status: 'ended' }, transfer).kind).toBe('none')
    expect(planCallEscalation({ ...call, partyId: null }, transfer).kind).toBe('none')
  })
})
