import { afterEach, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { RelayApp } from '../src/app'
import { buildTestRelay, pairDevice } from './helper'

const at = '2026-11-22T10:00:00.000Z'
function booking(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id, updatedAt: at, customerId: null, customerName: 'Dana Whitfield', customerPhone: null, customerEmail: null,
    eventDate: '2026-12-12', eventTime: '17:00', adults: 30, kids: 0, address: null, zip: '94539',
    subtotalCents: 165000, travelFeeCents: 0, totalCents: 165000, depositCents: 10000, paidCents: 0,
    status: 'confirmed', notes: '', createdAt: at, _deleted: false, ...overrides,
  }
}

describe('sync API', () => {
  let app: RelayApp
  afterEach(() => app?.close())

  async function pull(headers: Record<string, string>, collection: string, checkpoint?: unknown, limit?: number) {
    const query = new URLSearchParams()
    if (checkpoint !== undefined) query.set('checkpoint', JSON.stringify(checkpoint))
    if (limit !== undefined) query.set('limit', String(limit))
    return app.inject({ method: 'GET', url: `/sync/${collection}/pull?${query}`, headers })
  }
  const push = (headers: Record<string, string>, collection: string, rows: unknown[]) =>
    app.inject({ method: 'POST', url: `/sync/${collection}/push`, headers, payload: rows })

  it('requires a device token on every sync route', async () => {
    app = await buildTestRelay()
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer sbd_not-a-real-token' }, { authorization: 'Basic abc' }]
    for (const headers of attempts) {
      expect((await pull(headers, 'bookings')).statusCode).toBe(401)
      expect((await push(headers, 'bookings', [])).statusCode).toBe(401)
      expect((await app.inject({ method: 'GET', url: '/sync/stream', headers })).statusCode).toBe(401)
    }
  })

  it('keeps transactions, payment matches and settings from front-desk devices', async () => {
    app = await buildTestRelay()
    const frontdesk = await pairDevice(app, 'frontdesk')
    const owner = await pairDevice(app, 'owner')
    for (const collection of ['transactions', 'paymentMatches', 'settings']) {
      expect((await pull(frontdesk.headers, collection)).statusCode).toBe(403)
      expect((await push(frontdesk.headers, collection, [])).statusCode).toBe(403)
      expect((await pull(owner.headers, collection)).statusCode).toBe(200)
    }
    expect((await pull(frontdesk.headers, 'bookings')).statusCode).toBe(200)
    expect((await pull(owner.headers, 'nonsense')).statusCode).toBe(404)
    expect((await pull(owner.headers, 'bookings', { nope: 1 })).statusCode).toBe(400)
  })

  it('checks the pull query and answers by the wire format’s schemas', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const raw = (query: string) => app.inject({ method: 'GET', url: `/sync/bookings/pull?${query}`, headers: owner.headers })
    // First pulls: no checkpoint, an empty one, or null; the answer's checkpoint stays null while nothing is stored.
    for (const query of ['', 'checkpoint=', 'checkpoint=null']) {
      const first = await raw(query)
      expect(first.statusCode).toBe(200)
      expect(first.json()).toEqual({ documents: [], checkpoint: null })
    }
    // A checkpoint that is not JSON, or not {updatedAt, id}, is named as such.
    for (const checkpoint of ['{not json', '5', '"abc"', '{"updatedAt":"2026-01-01T00:00:00.000Z"}', `{"updatedAt":"${'9'.repeat(31)}","id":"x"}`, `{"x":"${'y'.repeat(600)}"}`]) {
      const refused = await raw(`checkpoint=${encodeURIComponent(checkpoint)}`)
      expect(refused.statusCode, checkpoint).toBe(400)
      expect(refused.json().error, checkpoint).toBe('invalid_checkpoint')
    }
    for (const limit of ['0', '5001', 'ten']) expect((await raw(`limit=${limit}`)).statusCode).toBe(400)
    // Every field of a stored document reaches the console, whatever the response schema names.
    await push(owner.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_wire', { notes: 'gate code 4411' }) }])
    const pulled = (await raw(`checkpoint=${encodeURIComponent(JSON.stringify({ updatedAt: '', id: '' }))}`)).json()
    expect(pulled.documents).toHaveLength(1)
    expect(pulled.documents[0]).toMatchObject({ id: 'bk_wire', notes: 'gate code 4411', customerName: 'Dana Whitfield', adults: 30, _deleted: false })
    expect(pulled.checkpoint).toEqual({ updatedAt: pulled.documents[0].updatedAt, id: 'bk_wire' })
  })

  it('applies a push, stamps it with the relay clock, and serves it by checkpoint', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const created = await push(owner.headers, 'bookings', [
      { assumedMasterState: null, newDocumentState: booking('bk_1') },
      { assumedMasterState: null, newDocumentState: booking('bk_2') },
    ])
    expect(created.statusCode).toBe(200)
    expect(created.json()).toEqual([])

    const first = await pull(owner.headers, 'bookings', null, 1)
    const page1 = first.json() as { documents: { id: string; updatedAt: string }[]; checkpoint: { id: string } }
    expect(page1.documents.map((d) => d.id)).toEqual(['bk_1'])
    expect(page1.documents[0]!.updatedAt).not.toBe(at)
    const page2 = (await pull(owner.headers, 'bookings', page1.checkpoint, 10)).json() as typeof page1
    expect(page2.documents.map((d) => d.id)).toEqual(['bk_2'])
    const done = (await pull(owner.headers, 'bookings', page2.checkpoint, 10)).json() as typeof page1
    expect(done).toEqual({ documents: [], checkpoint: page2.checkpoint })
  })

  it('returns the master and records needs-attention when a stale edit collides, never overwriting', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner', 'Owner laptop')
    const frontdesk = await pairDevice(app, 'frontdesk', 'Front desk')
    await push(owner.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_1') }])
    const original = (await app.storage.documents.get('bookings', 'bk_1'))!

    await push(owner.headers, 'bookings', [{ assumedMasterState: original, newDocumentState: { ...original, notes: 'Gate code 1234' } }])
    const afterOwner = (await app.storage.documents.get('bookings', 'bk_1'))!

    const stale = await push(frontdesk.headers, 'bookings', [
      { assumedMasterState: original, newDocumentState: { ...original, notes: 'Back gate is locked' } },
    ])
    expect(stale.statusCode).toBe(200)
    expect(stale.json()).toEqual([afterOwner])
    expect(await app.storage.documents.get('bookings', 'bk_1')).toEqual(afterOwner)

    const attention = (await pull(frontdesk.headers, 'needsAttention')).json() as { documents: Record<string, unknown>[] }
    expect(attention.documents).toHaveLength(1)
    expect(attention.documents[0]).toMatchObject({
      kind: 'rejected_edit', collectionName: 'bookings', documentId: 'bk_1', conflictingFields: ['notes'],
      serverState: { notes: 'Gate code 1234' }, rejectedEdit: { notes: 'Back gate is locked' }, deviceName: 'Front desk', status: 'open',
    })
  })

  it('refuses a booking beyond the slot’s capacity in the owner’s settings, from any console, and says why', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner', 'Owner laptop')
    const frontdesk = await pairDevice(app, 'frontdesk', 'Front desk')
    // The owner allows one dinner party a night; the front desk never sees settings.
    const settings = demoBusinessProfile(at)
    const oneDinner = { ...settings, timeSlots: [{ name: 'Lunch', start: '12:00', capacity: 2 }, { name: 'Dinner', start: '17:00', capacity: 1 }] }
    expect((await push(owner.headers, 'settings', [{ assumedMasterState: null, newDocumentState: { ...oneDinner, _deleted: false } }])).json()).toEqual([])
    expect((await push(owner.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_1') }])).json()).toEqual([])

    const refused = await push(frontdesk.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_2', { eventTime: '18:30' }) }])
    expect(refused.statusCode).toBe(200)
    // The console learns the booking is not on the relay: its copy is removed, the edit kept in needs attention.
    expect(refused.json()).toEqual([expect.objectContaining({ id: 'bk_2', _deleted: true })])
    expect(await app.storage.documents.get('bookings', 'bk_2')).toBeNull()
    const attention = (await pull(frontdesk.headers, 'needsAttention')).json() as { documents: Record<string, unknown>[] }
    expect(attention.documents).toEqual([
      expect.objectContaining({
        kind: 'rejected_edit', documentId: 'bk_2', serverState: null, conflictingFields: ['eventDate', 'eventTime'], rejectedEdit: expect.objectContaining({ eventTime: '18:30' }), deviceName: 'Front desk',
        title: expect.stringMatching(/^A booking from Front desk was not saved: .*Dinner slot \(5:00 PM\) is full: 1 of 1 party booked\.$/),
      }),
    ])

    // Saying it is cancelled does not get a live booking past the check: the relay derives the status.
    const { updatedAt: _sent, ...unstamped } = booking('bk_3', { eventTime: '19:00', status: 'cancelled' })
    expect((await push(frontdesk.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: unstamped }])).json()).toEqual([expect.objectContaining({ id: 'bk_3', _deleted: true })])
    expect(await app.storage.documents.get('bookings', 'bk_3')).toBeNull()

    // Moving the existing booking to lunch is fine, and then the dinner place is free again.
    const bk1 = (await app.storage.documents.get('bookings', 'bk_1'))!
    expect((await push(owner.headers, 'bookings', [{ assumedMasterState: bk1, newDocumentState: { ...bk1, eventTime: '12:00' } }])).json()).toEqual([])
    expect((await push(frontdesk.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_2', { eventTime: '18:30' }) }])).json()).toEqual([])
    // Editing a booking that already holds its place is never refused.
    const bk2 = (await app.storage.documents.get('bookings', 'bk_2'))!
    expect((await push(frontdesk.headers, 'bookings', [{ assumedMasterState: bk2, newDocumentState: { ...bk2, notes: 'Gate code 1234' } }])).json()).toEqual([])
  })

  it('merges edits to different fields instead of reporting a conflict', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    await push(owner.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_1') }])
    const original = (await app.storage.documents.get('bookings', 'bk_1'))!
    await app.storage.documents.put('bookings', { ...original, paidCents: 10000, status: 'deposit_paid' })

    const response = await push(owner.headers, 'bookings', [
      { assumedMasterState: original, newDocumentState: { ...original, notes: 'Gate code 1234' } },
    ])
    expect(response.json()).toEqual([])
    expect(await app.storage.documents.get('bookings', 'bk_1')).toMatchObject({ paidCents: 10000, status: 'deposit_paid', notes: 'Gate code 1234' })
    expect((await pull(owner.headers, 'needsAttention')).json()).toMatchObject({ documents: [] })
  })

  it('refuses an invalid document with 400 and applies nothing from that push', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const response = await push(owner.headers, 'bookings', [
      { assumedMasterState: null, newDocumentState: booking('bk_ok') },
      { assumedMasterState: null, newDocumentState: booking('bk_bad', { totalCents: 12.5 }) },
    ])
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'invalid_document', message: expect.stringContaining('/totalCents') })
    expect(await app.storage.documents.get('bookings', 'bk_ok')).toBeNull()
  })

  it('streams RESYNC on connect, then changes, and keeps owner-only changes from front desk', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const frontdesk = await pairDevice(app, 'frontdesk')
    const base = await app.listen({ port: 0, host: '127.0.0.1' })

    async function openStream(headers: Record<string, string>) {
      const response = await fetch(`${base}/sync/stream`, { headers })
      expect(response.headers.get('content-type')).toBe('text/event-stream')
      const reader = response.body!.getReader()
      const events: unknown[] = []
      let buffer = ''
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
          if (done) return
          buffer += new TextDecoder().decode(value)
          const parts = buffer.split('\n\n')
          buffer = parts.pop()!
          for (const part of parts) if (part.startsWith('data: ')) events.push(JSON.parse(part.slice(6)))
        }
      })()
      return events
    }

    // A query string (a proxy's cache-buster, say) does not change the contract: still the stream.
    const withQuery = new AbortController()
    const queried = await fetch(`${base}/sync/stream?nocache=1`, { headers: owner.headers, signal: withQuery.signal })
    expect(queried.status).toBe(200)
    expect(queried.headers.get('content-type')).toBe('text/event-stream')
    withQuery.abort()

    const ownerEvents = await openStream(owner.headers)
    const frontdeskEvents = await openStream(frontdesk.headers)
    await expect.poll(() => ownerEvents).toEqual(['RESYNC'])
    await expect.poll(() => frontdeskEvents).toEqual(['RESYNC'])

    // Bank transactions come from Plaid through the relay, never from a device.
    await app.storage.documents.put('transactions', {
      id: 'txn_1', updatedAt: at, accountId: 'acc', amountCents: -10000, currency: 'USD', date: '2026-11-20',
      authorizedDate: null, description: 'Zelle from D WHITFIELD', merchantName: null, counterpartyName: null,
      paymentChannel: 'other', pending: false, pendingTransactionId: null, removed: false,
    })
    await push(owner.headers, 'bookings', [{ assumedMasterState: null, newDocumentState: booking('bk_1') }])

    await expect.poll(() => ownerEvents.length).toBe(3)
    await expect.poll(() => frontdeskEvents.length).toBe(2)
    expect(frontdeskEvents[1]).toMatchObject({ collection: 'bookings', documents: [{ id: 'bk_1' }], checkpoint: { id: 'bk_1' } })
    expect(ownerEvents[1]).toMatchObject({ collection: 'transactions', documents: [{ id: 'txn_1' }] })
  })
})
