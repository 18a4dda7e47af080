import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { Call } from '../../../src/domain/schemas'
import type { DocumentSync } from '../storage/contracts'
import { storageEngines, type ContractStores } from '../storage/testing/storage-engines'
import { createCustomerLinks, type CustomerLinks } from '.'

const phone = '+15105550142'
const now = () => new Date('2026-11-22T18:30:00.000Z')

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

const linkOf = async (documents: DocumentSync, collection: 'calls' | 'conversations', id: string) => (await documents.get(collection, id))?.customerId

function linksOn(stores: ContractStores): CustomerLinks {
  return createCustomerLinks({ documents: stores.documents, queries: stores.queries, logger: pino({ level: 'silent' }) })
}

/** One relay's customer linking on a fresh database of the engine, stopped and closed after the test. */
function onRelay(engine: (typeof storageEngines)[number], test: (relay: { documents: DocumentSync; links: CustomerLinks; theirs: ContractStores; mine: ContractStores }) => Promise<void>) {
  return async () => {
    const { mine, theirs, close } = await engine.open(now)
    const links = linksOn(mine)
    links.start()
    try {
      await test({ documents: mine.documents, links, mine, theirs })
    } finally {
      await links.stop()
      await close()
    }
  }
}

describe.each(storageEngines)('calls and threads follow the customer record of their number, on $name', (engine) => {
  const it_ = it.skipIf(engine.skipReason !== null)

  it_('links an earlier call and thread to the customer a console creates, and later calls as they arrive', onRelay(engine, async ({ documents, links }) => {
    await documents.put('calls', call('call-1'))
    await documents.put('calls', call('call-other', { fromNumber: '+14085550199' }))
    await documents.put('conversations', { id: 'conv-1', customerPhone: phone, customerId: null, messages: [], needsHuman: false, lastMessageAt: '2026-11-22T18:00:00.000Z' })
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-1')).toBeNull()

    // Front desk presses "Create customer" in Live; the record reaches the relay through sync.
    await documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
    expect(await linkOf(documents, 'conversations', 'conv-1')).toBe('cust_robert')
    expect(await linkOf(documents, 'calls', 'call-other')).toBeNull()

    await documents.put('calls', call('call-2', { status: 'ringing', endedAt: null }))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-2')).toBe('cust_robert')
  }))

  it_('prefers a named record to the nameless one texting made, and never moves a call off a named record', onRelay(engine, async ({ documents, links }) => {
    await documents.put('customers', customer('cust-15105550142', '', { createdAt: '2026-11-01T00:00:00.000Z' }))
    await documents.put('calls', call('call-1'))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-1')).toBe('cust-15105550142')
    await documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
    // A second named record for the number (a duplicate added by hand) does not take the call.
    await documents.put('customers', customer('cust_bob', 'Bob Okafor', { createdAt: '2026-11-23T00:00:00.000Z' }))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-1')).toBe('cust_robert')
  }))

  it_('links outbound calls by the number called', onRelay(engine, async ({ documents, links }) => {
    await documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    await documents.put('calls', call('call-out', { direction: 'outbound', fromNumber: '+15105550100', toNumber: phone }))
    await links.idle()
    expect(await linkOf(documents, 'calls', 'call-out')).toBe('cust_robert')
  }))

  it_('links each record once when two relays link the same number at the same moment', onRelay(engine, async ({ mine, theirs, links }) => {
    await links.stop() // linked by hand below, on both relays at once
    await theirs.documents.put('calls', call('call-1'))
    await theirs.documents.put('calls', call('call-2'))
    await mine.documents.put('conversations', { id: 'conv-1', customerPhone: phone, customerId: null, messages: [], needsHuman: false, lastMessageAt: '2026-11-22T18:00:00.000Z' })
    await mine.documents.put('customers', customer('cust_robert', 'Robert Okafor'))
    const [relayA, relayB] = [linksOn(mine), linksOn(theirs)]
    const changed = await Promise.all([relayA.link(phone), relayB.link(phone), relayA.link(phone)])
    expect(changed.reduce((sum, count) => sum + count, 0)).toBe(3)
    for (const [collection, id] of [['calls', 'call-1'], ['calls', 'call-2'], ['conversations', 'conv-1']] as const) {
      expect(await linkOf(theirs.documents, collection, id)).toBe('cust_robert')
    }
  }))
})
