import { describe, expect, it } from 'vitest'
import type { Booking, Call, Conversation, Customer } from '../schemas'
import { mergeEvidence, mergeRefusal, recordsOf, searchCustomers } from './customer-directory'

const at = '2026-11-01T00:00:00.000Z'
function customer(id: string, name: string, phone: string | null, email: string | null = null, mergedInto: string | null = null): Customer {
  return { id, updatedAt: at, name, phone, email, notes: '', smsOptOut: false, createdAt: at, alsoPaysAs: [], mergedInto, mergedAt: null, mergedBy: null }
}

const customers = [
  customer('c1', 'Maria Lopez', '+14085550199', 'maria@example.com'),
  customer('c2', 'José García', '+15105550123', 'jgarcia@example.net'),
  customer('c3', "Aoife O'Neil", '+447700900123', null),
  customer('c4', 'Mary Lopez-Hart', '+16505550142', 'mary.hart@example.org'),
  customer('c5', 'Maria L.', '+14085550111', null, 'c1'),
]
const ids = (query: string) => searchCustomers(customers, query).map((found) => found.id)

describe('searchCustomers', () => {
  // However people type a US number, it finds the customer.
  it.each([
    '(408) 555-0199',
    '408.555.0199',
    '408-555-0199',
    '+1 408 555 0199',
    '1-408-555-0199',
    '4085550199',
    '14085550199',
    '408 5550199',
  ])('finds the customer by the number typed as %s', (typed) => {
    expect(ids(typed)[0]).toBe('c1')
  })

  it('finds a part of a number, and a foreign number as dialled', () => {
    expect(ids('555-0142')).toEqual(['c4'])
    expect(ids('+44 7700 900123')).toEqual(['c3'])
  })

  it('finds names by the start of any word, in any order, without accents or apostrophes', () => {
    expect(ids('jose')).toEqual(['c2'])
    expect(ids('garcia jo')).toEqual(['c2'])
    expect(ids('oneil')).toEqual(['c3'])
    expect(ids("o'neil")).toEqual(['c3'])
    expect(ids('lopez')).toEqual(['c1', 'c4'])
  })

  it('ranks an exact name first and finds e-mail addresses', () => {
    expect(ids('maria lopez')[0]).toBe('c1')
    expect(ids('mary.hart@example.org')).toEqual(['c4'])
    expect(ids('example.net')).toEqual(['c2'])
  })

  it('lists everyone by name for an empty query and leaves merged records out', () => {
    expect(ids('  ')).toEqual(['c3', 'c2', 'c1', 'c4'])
    expect(ids('4085550111')).toEqual([])
  })
})

describe('recordsOf', () => {
  const booking = (id: string, customerId: string | null, phone: string | null, eventDate = '2026-12-01') => ({ id, customerId, customerPhone: phone, eventDate }) as Booking
  const thread = (id: string, customerId: string | null, phone: string) => ({ id, customerId, customerPhone: phone, lastMessageAt: at }) as Conversation
  const call = (id: string, customerId: string | null, from: string) => ({ id, customerId, fromNumber: from, toNumber: '+15105550100', startedAt: at }) as Call

  it('takes linked records, unlinked ones under the number, and those of merged records', () => {
    const records = recordsOf(customers[0]!, {
      bookings: [booking('b1', 'c1', null), booking('b2', null, '+14085550199', '2026-12-24'), booking('b3', 'c4', '+14085550199'), booking('b4', 'c5', null)],
      conversations: [thread('t1', null, '+14085550199'), thread('t2', 'c2', '+15105550123'), thread('t3', null, '+14085550111')],
      calls: [call('k1', 'c1', '+14085550199'), call('k2', null, '+16505550142')],
    }, [customers[4]!])
    expect(records.bookings.map((each) => each.id)).toEqual(['b2', 'b1', 'b4'])
    expect(records.conversations.map((each) => each.id)).toEqual(['t1', 't3'])
    expect(records.calls.map((each) => each.id)).toEqual(['k1'])
  })
})

describe('merging', () => {
  it('names the evidence that two records are one person', () => {
    expect(mergeEvidence(customers[0]!, { name: 'maria  lopez', phone: '+14085550100', email: 'MARIA@example.com' })).toEqual(['the same e-mail', 'the same name'])
    expect(mergeEvidence(customers[0]!, customers[1]!)).toEqual([])
  })

  it('refuses merges that would lose or loop records', () => {
    expect(mergeRefusal(customers[0]!, customers[0]!, 0)).toMatch(/itself/)
    expect(mergeRefusal(customers[1]!, customers[4]!, 0)).toMatch(/itself merged/)
    expect(mergeRefusal(customers[0]!, customers[1]!, 1)).toMatch(/Other records were merged into this one/)
    expect(mergeRefusal(null, customers[1]!, 0)).toMatch(/must exist/)
    expect(mergeRefusal(customers[1]!, customers[0]!, 0)).toBeNull()
  })
})
