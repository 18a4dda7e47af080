import { describe, expect, it } from 'vitest'
import { customerFromDraft } from './customer-draft'

const context = { phone: '+15105550142', existing: null, id: 'cust_new', now: '2026-11-22T18:00:00.000Z' }

describe('a customer record from a call', () => {
  it('is created with the caller’s number, never typed, and no opt-out of its own', () => {
    expect(customerFromDraft({ name: '  Robert   Okafor ', email: ' rob@example.com ', notes: '' }, context)).toEqual({
      ok: true,
      customer: { id: 'cust_new', updatedAt: context.now, name: 'Robert Okafor', phone: '+15105550142', email: 'rob@example.com', notes: '', smsOptOut: false, createdAt: context.now },
    })
  })

  it('completes the nameless record texting created instead of adding a second one', () => {
    const existing = { id: 'cust-15105550142', updatedAt: 'x', name: '', phone: '+15105550142', email: null, notes: '', smsOptOut: true, createdAt: '2026-11-01T00:00:00.000Z' }
    const result = customerFromDraft({ name: 'Robert Okafor', email: '', notes: 'Prefers texts' }, { ...context, existing })
    expect(result).toEqual({ ok: true, customer: { ...existing, name: 'Robert Okafor', notes: 'Prefers texts' } })
  })

  it('says what to fix', () => {
    expect(customerFromDraft({ name: ' ', email: 'rob@', notes: '' }, context)).toEqual({
      ok: false,
      errors: { name: "Enter the customer's name, as you would greet them.", email: 'Enter an email like name@example.com, or leave it empty.' },
    })
  })
})
