import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { Call } from '../../../src/domain/schemas'
import { openDatabase, type RelayDatabase } from '../storage/database'
import { DocumentStore } from '../storage/document-store'
import { createCustomerLinks, type CustomerLinks } from '.'

const phone = '+15105550142'
const running: { links: CustomerLinks; db: RelayDatabase }[] = []

afterEach(async () => {
  for (const { links, db } of running.splice(0)) {
    await links.stop()
    db.close()
  }
})

function start() {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'customer-links-')))
  const documents = new DocumentStore(db)
  const links = createCustomerLinks({ db, documents, logger: pino({ level: 'silent' }) })
  links.start()
  running.push({ links, db })
  return { db, documents, links }
}

function call(id: string, overrides: Partial<Call> = {}) {
  return {
    id, telephonySessionId: `s-${id}`, direction: 'inbound', fromNumber: phone, toNumber: '+15105550100', customerId: null,
    status: 'ended', startedAt: '2026-11-22T18:00:00.000Z', endedAt: '2026-11-22T18:05:00.000Z', escalated: false,
    escalationReason: null, assignedExtensionId: null, summary: '', ...overrides,
  }
}

function customer(id: string, name: string, overrides: Record<string, unknown> = {}) {
  return { id, name, phone, email: null, notes: '', smsOptOut: false, createdAt: '2026-11-22T18:10:00.000Z', ...overrides }
}

const linkOf = (documents: DocumentStore, collection: 'calls' | 'conversations', id: string) => documents.get(collection, id)?.customerId

describe('calls and threads follow the customer record of their number', () => {
  it('links an earlier call and thread to the customer a console creates, and later calls as they arrive', async () => {
    const { documents, links } = start()
    documents.put('calls', call('call-1'))
    documents.put('calls', call('call-other', { fromNumber: '+14085550199' }))
    documents.put('conversations', { id: 'conv-1', customerPhone: phone, customerId: null, messages: [], needsHuman: false, lastMessageAt: '2026-11-22T18:00:00.000Z' })
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-1')).toBeNull()

    // Front desk presses "Create customer" in Live; the record reaches the relay through sync.
    documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
    expect(linkOf(documents, 'conversations', 'conv-1')).toBe('cust_robert')
    expect(linkOf(documents, 'calls', 'call-other')).toBeNull()

    documents.put('calls', call('call-2', { status: 'ringing', endedAt: null }))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-2')).toBe('cust_robert')
  })

  it('prefers a named record to the nameless one texting made, and never moves a call off a named record', async () => {
    const { documents, links } = start()
    documents.put('customers', customer('cust-15105550142', '', { createdAt: '2026-11-01T00:00:00.000Z' }))
    documents.put('calls', call('call-1'))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-1')).toBe('cust-15105550142')
    documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
    // A second named record for the number (a duplicate added by hand) does not take the call.
    documents.put('customers', customer('cust_bob', 'Bob Okafor', { createdAt: '2026-11-23T00:00:00.000Z' }))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
  })

  it('links outbound calls by the number called', async () => {
    const { documents, links } = start()
    documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    documents.put('calls', call('call-out', { direction: 'outbound', fromNumber: '+15105550100', toNumber: phone }))
    await links.idle()
    expect(linkOf(documents, 'calls', 'call-out')).toBe('cust_robert')
  })
})
