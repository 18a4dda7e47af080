import { describe, expect, it } from 'vitest'
import type { AgentResult } from '../agent/agent-result'
import { demoBusinessProfile } from '../business-profile'
import { applySmsCommand, decideAgentReply, smsCommand } from './sms-policy'

const settings = demoBusinessProfile('2026-11-22T00:00:00.000Z')

function result(overrides: Partial<AgentResult> = {}): AgentResult {
  return {
    intent: 'pricing',
    tone: 'casual',
    entities: { adults: 30, kids: null, guestCount: 30, date: null, time: null, location: 'Fremont', zip: null, proteins: [], addOns: [] },
    escalate: false,
    escalationReason: null,
    followUp: null,
    reply: 'For 30 guests in Fremont the total is $1,650.',
    suggestions: [],
    ...overrides,
  }
}

describe('decideAgentReply', () => {
  it('sends every answer that needs no person now: pricing, booking, FAQ, availability on a date, greetings', () => {
    for (const intent of ['pricing', 'booking_inquiry', 'faq', 'availability', 'other'] as const) {
      expect(decideAgentReply(result({ intent }), { smsOptOut: false })).toEqual({ action: 'send' })
    }
    const onADate = result({ intent: 'availability', entities: { ...result().entities, date: '2026-12-12' } })
    expect(decideAgentReply(onADate, { smsOptOut: false })).toEqual({ action: 'send' })
  })

  it('sends the answer to a follow-up at once: reschedule, cancel, payment, a booking ready to confirm', () => {
    for (const intent of ['reschedule', 'cancel', 'payment', 'booking_inquiry'] as const) {
      const decision = decideAgentReply(result({ intent, followUp: 'Staff confirm the change.' }), { smsOptOut: false })
      expect(decision).toEqual({ action: 'send' })
    }
  })

  it('drafts for staff when the customer opted out, even a confident answer', () => {
    expect(decideAgentReply(result(), { smsOptOut: true })).toMatchObject({ action: 'draft', reason: expect.stringMatching(/opted out/) })
  })

  it('drafts escalations with the escalation reason, whatever the intent', () => {
    const decision = decideAgentReply(result({ intent: 'human_request', escalate: true, escalationReason: 'asked for a person' }), { smsOptOut: false })
    expect(decision).toEqual({ action: 'draft', reason: 'asked for a person' })
    for (const intent of ['complaint', 'pricing', 'faq'] as const) {
      expect(decideAgentReply(result({ intent, escalate: true, escalationReason: 'why' }), { smsOptOut: false }).action).toBe('draft')
    }
  })

  it('drafts an opt-out answer: the SMS commands handle those', () => {
    expect(decideAgentReply(result({ intent: 'opt_out' }), { smsOptOut: false }).action).toBe('draft')
  })

  it('drafts an empty reply', () => {
    expect(decideAgentReply(result({ reply: '  ' }), { smsOptOut: false }).action).toBe('draft')
  })
})

describe('smsCommand', () => {
  it('recognises keywords in any case and plain-language stop requests, not words inside sentences', () => {
    expect(['STOP', 'stop!', ' Unsubscribe ', 'opt out', 'please stop texting me'].map(smsCommand)).toEqual(Array(5).fill('opt_out'))
    expect(['HELP', 'info?'].map(smsCommand)).toEqual(['help', 'help'])
    expect(['START', 'unstop'].map(smsCommand)).toEqual(['opt_in', 'opt_in'])
    expect(smsCommand('I need to cancel my booking')).toBeNull()
    expect(smsCommand('Stop sending me the same useless answer')).toBeNull()
  })
})

describe('applySmsCommand', () => {
  it('opts out with exactly one confirmation: a second STOP sends nothing', () => {
    const first = applySmsCommand('opt_out', false, settings)
    expect(first).toMatchObject({ smsOptOut: true, reply: { kind: 'opt_out_confirmation', text: expect.stringMatching(/unsubscribed.*START/) } })
    expect(applySmsCommand('opt_out', true, settings)).toEqual({ smsOptOut: true, reply: null })
  })

  it('answers HELP with the business name and contact, but not after an opt-out', () => {
    const help = applySmsCommand('help', false, settings)
    expect(help.reply?.text).toContain('Hibachi at Home Bay Area')
    expect(help.reply?.text).toContain('+15105550100')
    expect(help.reply?.text).toContain('hello@hibachi-demo.example')
    expect(applySmsCommand('help', true, settings)).toEqual({ smsOptOut: true, reply: null })
  })

  it('opts back in on START and confirms', () => {
    expect(applySmsCommand('opt_in', true, settings)).toMatchObject({ smsOptOut: false, reply: { kind: 'message', text: expect.stringMatching(/subscribed.*again/) } })
  })
  it('still opts out and confirms while the business is not set up, naming no business', () => {
    const stop = applySmsCommand('opt_out', false, null)
    expect(stop).toEqual({
      smsOptOut: true,
      reply: { kind: 'opt_out_confirmation', text: 'You are unsubscribed and will get no more texts from us. Reply START to subscribe again.' },
    })
    expect(applySmsCommand('help', false, null).reply?.text).toBe('A person will reply here as soon as they can. Reply STOP to opt out.')
    expect(JSON.stringify([stop, applySmsCommand('opt_in', true, null)])).not.toContain(settings.businessName)
  })
})
