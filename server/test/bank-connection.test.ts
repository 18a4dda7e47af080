/**
 * The owner's bank connection over real HTTP against the Plaid simulator: link tokens, the
 * exchange and its first sync, Item health from ITEM webhooks, update mode, removal, the periodic
 * sync backstop, and front desk refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildPlaidTransaction, buildSyncUpdatesAvailableWebhook, signPlaidWebhook } from '../sandbox/plaid/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { PlaidBank } from '../src/providers/plaid/bank-connection'
import { createPlaidClient } from '../src/providers/plaid/plaid-client'

let relay: RelayHarness
let owner: string
let frontDesk: string

async function pairedToken(role: 'owner' | 'frontdesk'): Promise<string> {
  const { code } = await relay.app.devices.createPairingCode(role)
  return (await relay.app.devices.pair(code, `${role} console`)).token
}

beforeEach(async () => {
  relay = await startRelayHarness()
  owner = await pairedToken('owner')
  frontDesk = await pairedToken('frontdesk')
})
afterEach(async () => {
  await relay.close()
})

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, token: string | null = owner, body?: unknown) {
  const response = await fetch(`${relay.url}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }
}

/** What the console does: a link token from the relay, Link (the simulator's), the public token back to the relay. */
async function connectThroughLink(institutionId = 'ins_109508', history: number = 0) {
  const token = await call('POST', '/bank/link-token', owner, {})
  expect(token.status).toBe(201)
  const link = await relay.sandbox.plaid.completeLink(token.body.linkToken, institutionId)
  const itemId = await itemIdOf(link.public_token)
  if (history > 0) {
    const added = Array.from({ length: history }, (_, index) =>
      buildPlaidTransaction({ transactionId: `hist_${index}`, amount: index % 3 === 0 ? -120 : 18.5, date: '2026-10-01', name: `History ${index}` }),
    )
    relay.sandbox.plaid.queueTransactions({ item_id: itemId, added })
  }
  const connected = await call('POST', '/bank/items', owner, { publicToken: link.public_token })
  expect(connected.status).toBe(201)
  return { itemId, link, connected: connected.body.item }
}

/** The Item Link made (a public token names none; the simulator knows). */
async function itemIdOf(publicToken: string): Promise<string> {
  const itemId = relay.sandbox.plaid.itemIdForPublicToken(publicToken)
  expect(itemId).toBeTruthy()
  return itemId!
}

describe('bank routes', () => {
  it('are for owner devices: front desk gets 403, no token 401, and nothing reaches Plaid', async () => {
    const callsBefore = relay.sandbox.plaid.syncCalls
    for (const [method, url, body] of [
      ['GET', '/bank/items', undefined],
      ['POST', '/bank/link-token', {}],
      ['POST', '/bank/items', { publicToken: 'public-sandbox-x' }],
      ['POST', '/bank/items/item_1/reconnected', undefined],
      ['DELETE', '/bank/items/item_1', undefined],
    ] as const) {
      expect((await call(method, url, frontDesk, body)).status, `${method} ${url}`).toBe(403)
      expect((await call(method, url, null, body)).status, `${method} ${url}`).toBe(401)
    }
    expect(relay.sandbox.plaid.syncCalls).toBe(callsBefore)
  })

  it('creates a link token with the relay’s webhook address and the transactions product', async () => {
    const created = await call('POST', '/bank/link-token', owner, {})
    expect(created.body).toMatchObject({ linkToken: expect.stringMatching(/^link-sandbox-/), mode: 'create' })
    const { public_token: publicToken } = await relay.sandbox.plaid.completeLink(created.body.linkToken, 'ins_109508')
    const itemId = await itemIdOf(publicToken)
    expect(relay.sandbox.plaid.itemState(itemId)?.webhookUrl).toBe(relay.webhookUrl('plaid'))
    // A second Link session needs a new token.
    await expect(relay.sandbox.plaid.completeLink(created.body.linkToken, 'ins_109508')).rejects.toThrow()
  })

  it('exchanges the public token, lists the bank and pulls the whole history at once (before any webhook)', async () => {
    const { itemId, connected } = await connectThroughLink('ins_109511', 1_234)
    expect(connected).toMatchObject({ itemId, institution: { id: 'ins_109511', name: 'Tartan Bank' }, status: 'good' })
    expect(connected.accounts).toEqual([{ id: expect.any(String), name: 'Business Checking', mask: '4321', type: 'depository', subtype: 'checking' }])
    await relay.bank.idle()
    // Three pages of at most 500, without a single webhook.
    expect(relay.sandbox.plaid.itemState(itemId)?.syncCalls).toBe(3)
    expect(await relay.documents.get('transactions', 'hist_0')).toMatchObject({ amountCents: -12_000 })
    expect(await relay.documents.get('transactions', 'hist_1233')).not.toBeNull()
    const [listed] = (await call('GET', '/bank/items')).body.items
    expect(listed).toMatchObject({ itemId, status: 'good', lastSyncedAt: expect.any(String), sync: { state: 'idle', transactionsPulled: 1_234, error: null } })
    // The access token never leaves the relay.
    expect(JSON.stringify(listed)).not.toMatch(/access-sandbox/)

    // From now on Plaid sends SYNC_UPDATES_AVAILABLE, and the relay follows it from the cursor.
    relay.sandbox.plaid.queueTransactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 'later', amount: -55, date: '2026-11-02', name: 'Zelle' })] })
    const fired = await relay.control.plaid.fireWebhook({ item_id: itemId })
    expect(fired.deliveries.map((delivery) => delivery.status)).toEqual([200])
    await relay.worker.drain()
    expect(await relay.documents.get('transactions', 'later')).toMatchObject({ amountCents: -5_500 })
  })

  it('refuses a used or forged public token with 400 and keeps nothing', async () => {
    const { link } = await connectThroughLink()
    expect((await call('POST', '/bank/items', owner, { publicToken: link.public_token })).status).toBe(400)
    expect((await call('POST', '/bank/items', owner, { publicToken: 'public-sandbox-forged' })).body).toMatchObject({ error: 'invalid_public_token' })
    expect((await call('POST', '/bank/items', owner, { publicToken: 'access-sandbox-x' })).status).toBe(400)
    expect((await call('POST', '/bank/items', owner, {})).status).toBe(400)
    expect((await call('GET', '/bank/items')).body.items).toHaveLength(1)
    expect((await call('DELETE', '/bank/items/item_nobody')).status).toBe(404)
  })

  it('marks the bank for update mode on ITEM_LOGIN_REQUIRED and is healthy again once Link repairs the login', async () => {
    const { itemId } = await connectThroughLink()
    await relay.bank.idle()
    await relay.control.plaid.fireWebhook({ item_id: itemId, webhook_code: 'ERROR' })
    await relay.worker.drain()
    expect((await call('GET', '/bank/items')).body.items[0]).toMatchObject({ status: 'login_required', errorCode: 'ITEM_LOGIN_REQUIRED' })
    // Syncing now fails at Plaid; the relay records it instead of retrying forever.
    await relay.bank.syncAll()
    expect(relay.sandbox.plaid.itemState(itemId)?.loginRequired).toBe(true)

    const update = await call('POST', '/bank/link-token', owner, { itemId })
    expect(update.body).toMatchObject({ mode: 'update' })
    relay.sandbox.plaid.queueTransactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 'after_repair', amount: -80, date: '2026-11-03', name: 'Venmo' })] })
    await relay.sandbox.plaid.completeLink(update.body.linkToken, 'ins_109508')
    const reconnected = await call('POST', `/bank/items/${itemId}/reconnected`)
    expect(reconnected.body.item).toMatchObject({ itemId, status: 'good', errorCode: null })
    await relay.bank.idle()
    await relay.worker.drain()
    expect(await relay.documents.get('transactions', 'after_repair')).toMatchObject({ amountCents: -8_000 })
    expect((await call('GET', '/bank/items')).body.items[0]).toMatchObject({ status: 'good' })
  })

  it('records PENDING_EXPIRATION and PENDING_DISCONNECT until update mode', async () => {
    const { itemId } = await connectThroughLink()
    await relay.bank.idle()
    await relay.control.plaid.fireWebhook({ item_id: itemId, webhook_code: 'PENDING_EXPIRATION' })
    await relay.worker.drain()
    expect((await call('GET', '/bank/items')).body.items[0]).toMatchObject({ status: 'pending_expiration', consentExpiresAt: expect.stringMatching(/^\d{4}-/) })
    await relay.control.plaid.fireWebhook({ item_id: itemId, webhook_code: 'PENDING_DISCONNECT' })
    await relay.worker.drain()
    expect((await call('GET', '/bank/items')).body.items[0]).toMatchObject({ status: 'pending_disconnect' })
    const update = await call('POST', '/bank/link-token', owner, { itemId })
    await relay.sandbox.plaid.completeLink(update.body.linkToken, 'ins_109508')
    await relay.worker.drain()
    expect((await call('GET', '/bank/items')).body.items[0]).toMatchObject({ status: 'good' })
  })

  it('removes the bank through /item/remove: no more syncs, late webhooks dropped, transactions kept', async () => {
    const { itemId } = await connectThroughLink('ins_109508', 3)
    await relay.bank.idle()
    expect((await call('DELETE', `/bank/items/${itemId}`)).status).toBe(204)
    expect(relay.sandbox.plaid.itemState(itemId)?.removed).toBe(true)
    expect((await call('GET', '/bank/items')).body.items).toEqual([])
    expect(await relay.documents.get('transactions', 'hist_0')).not.toBeNull()

    const syncCalls = relay.sandbox.plaid.syncCalls
    // A webhook Plaid had already sent for the Item, delivered late: accepted, then dropped.
    const body = JSON.stringify(buildSyncUpdatesAvailableWebhook(itemId))
    const late = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/plaid',
      headers: { 'content-type': 'application/json', 'plaid-verification': await signPlaidWebhook(body, relay.sandbox.secrets.plaid.signingKey) },
      payload: body,
    })
    expect(late.statusCode).toBe(200)
    await relay.worker.drain()
    await relay.bank.syncAll()
    expect(relay.sandbox.plaid.syncCalls).toBe(syncCalls)
    expect((await relay.inbox.list()).every((event) => event.status === 'done')).toBe(true)
    expect((await call('DELETE', `/bank/items/${itemId}`)).status).toBe(404)
  })

  it('the periodic sync fetches what a lost or deduplicated webhook would have announced', async () => {
    const { itemId } = await connectThroughLink()
    await relay.bank.idle()
    relay.sandbox.plaid.queueTransactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 'missed', amount: -300, date: '2026-11-04', name: 'Cash App' })] })
    // No webhook: only the backstop can find it.
    await relay.bank.syncAll()
    expect(await relay.documents.get('transactions', 'missed')).toMatchObject({ amountCents: -30_000 })
    expect(relay.config.bankSyncIntervalMs).toBe(6 * 3_600_000)
    expect((await call('GET', '/bank/items')).body.syncIntervalMs).toBe(6 * 3_600_000)
  })

  it('runs the backstop on its own timer at the configured interval', async () => {
    const { itemId } = await connectThroughLink()
    await relay.bank.idle()
    const timed = new PlaidBank({ client: createPlaidClient(relay.config.providers.plaid), storage: relay.storage, syncIntervalMs: 100 })
    relay.sandbox.plaid.queueTransactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 'timed', amount: -10, date: '2026-11-05', name: 'Zelle' })] })
    timed.start()
    try {
      await expect.poll(() => relay.documents.get('transactions', 'timed'), { timeout: 5_000 }).not.toBeNull()
    } finally {
      await timed.stop()
    }
  })
})
