import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { AgentResult } from './agent-result'

const valid = {
  intent: 'pricing',
  tone: 'direct',
  entities: {
    adults: 30,
    kids: null,
    guestCount: 30,
    date: '2026-12-12',
    time: '18:00',
    location: 'Fremont',
    zip: null,
    proteins: ['chicken'],
    addOns: [],
  },
  escalate: false,
  escalationReason: null,
  followUp: null,
  reply: 'For 30 adults it is $1,650.',
  suggestions: [{ kind: 'quote', title: 'Quote', text: 'Food: $1,650' }],
}

describe('AgentResult schema', () => {
  it('accepts a well-formed result with or without a quote', () => {
    expect(Value.Check(AgentResult, valid)).toBe(true)
    const quote = {
      adults: 30,
      kids: 0,
      subtotalCents: 165_000,
      travelFeeCents: null,
      totalCents: null,
      distanceMiles: null,
      distanceIsEstimate: false,
      declined: false,
      reason: null,
    }
    expect(Value.Check(AgentResult, { ...valid, quote })).toBe(true)
  })

  it.each([
    ['an unknown intent', { ...valid, intent: 'chitchat' }],
    ['an unknown tone', { ...valid, tone: 'sarcastic' }],
    ['a missing entity', { ...valid, entities: { ...valid.entities, zip: undefined } }],
    ['a date that is not YYYY-MM-DD', { ...valid, entities: { ...valid.entities, date: 'Dec 12' } }],
    ['a 12-hour time', { ...valid, entities: { ...valid.entities, time: '6pm' } }],
    ['fractional cents', { ...valid, quote: { adults: 1, kids: 0, subtotalCents: 1.5, travelFeeCents: null, totalCents: null, distanceMiles: null, distanceIsEstimate: false, declined: false, reason: null } }],
    ['an extra field', { ...valid, confidence: 0.9 }],
  ])('rejects %s', (_, result) => {
    expect(Value.Check(AgentResult, result)).toBe(false)
  })
})
