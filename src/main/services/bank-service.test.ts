import { describe, expect, it } from 'vitest'
import type { BankLinkEvent } from '../../shared/ipc-contract'
import { IpcError } from '../ipc/dispatcher'
import { BankService, type LinkSession } from './bank-service'

/** The relay as the paired device sees it (our own port: SyncService.asDevice). */
function relayDouble(refuseExchange = false) {
  const calls: { path: string; method: string; body: unknown }[] = []
  const asDevice = async (path: string, init: RequestInit) => {
    const body = init.body ? (JSON.parse(String(init.body)) as unknown) : null
    calls.push({ path, method: init.method ?? 'GET', body })
    if (path === '/bank/link-token') {
      const update = Boolean((body as { itemId?: string }).itemId)
      return Response.json({ linkToken: 'link-sandbox-1', expiration: '2026-12-02T12:00:00Z', mode: update ? 'update' : 'create' }, { status: 201 })
    }
    if (path === '/bank/items' && init.method === 'POST') {
      if (refuseExchange) throw new IpcError('refused', 'Plaid did not accept that public token.')
      return Response.json({ item: { itemId: 'item_new' } }, { status: 201 })
    }
    return Response.json({ item: { itemId: 'item_1' } })
  }
  return { calls, asDevice }
}

function service(relay = relayDouble()) {
  const events: BankLinkEvent[] = []
  const opened: LinkSession[] = []
  const bank = new BankService({
    sync: relay,
    launcher: { open: async (session) => (opened.push(session), { openUrl: null }) },
    emit: (event) => events.push(event),
  })
  return { bank, events, opened, relay }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('BankService', () => {
  it('opens Link with the relay’s link token and exchanges the public token once', async () => {
    const { bank, events, opened, relay } = service()
    const { sessionId, mode } = await bank.startLink(null)
    expect(mode).toBe('create')
    expect(opened).toEqual([{ sessionId, linkToken: 'link-sandbox-1', mode: 'create', itemId: null }])
    const result = { sessionId, outcome: 'success' as const, publicToken: 'public-sandbox-1', institution: null, accountCount: 1 }
    expect(bank.finish(result)).toBe(true)
    // A replayed or invented result is refused.
    expect(bank.finish(result)).toBe(false)
    expect(bank.finish({ ...result, sessionId: 'made-up-session-id-000' })).toBe(false)
    await settle()
    expect(relay.calls.filter((call) => call.path === '/bank/items')).toEqual([{ path: '/bank/items', method: 'POST', body: { publicToken: 'public-sandbox-1' } }])
    expect(events.map((event) => [event.state, event.itemId])).toEqual([
      ['open', null],
      ['exchanging', null],
      ['connected', 'item_new'],
    ])
  })

  it('in update mode tells the relay the login was repaired instead of exchanging', async () => {
    const { bank, events, relay } = service()
    const { sessionId, mode } = await bank.startLink('item_1')
    expect(mode).toBe('update')
    bank.finish({ sessionId, outcome: 'success', publicToken: 'public-sandbox-2', institution: null, accountCount: 1 })
    await settle()
    expect(relay.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /bank/link-token', 'POST /bank/items/item_1/reconnected'])
    expect(events.at(-1)).toMatchObject({ state: 'reconnected', itemId: 'item_1', mode: 'update' })
  })

  it('reports an exit and a refused exchange in words', async () => {
    const { bank, events } = service(relayDouble(true))
    const first = await bank.startLink(null)
    bank.finish({ sessionId: first.sessionId, outcome: 'exit', errorCode: null, message: null })
    const second = await bank.startLink(null)
    bank.finish({ sessionId: second.sessionId, outcome: 'success', publicToken: 'public-sandbox-3', institution: null, accountCount: 0 })
    await settle()
    expect(events.filter((event) => event.state !== 'open' && event.state !== 'exchanging').map((event) => [event.state, event.message])).toEqual([
      ['exited', null],
      ['failed', 'Plaid did not accept that public token.'],
    ])
  })
})
