import { createHash } from 'node:crypto'
import { SignJWT, generateKeyPair } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildPlaidTransaction, buildSyncUpdatesAvailableWebhook, signPlaidWebhook } from '../sandbox/plaid/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness()
})
afterEach(async () => {
  await relay.close()
})

const webhookBody = (itemId = 'item_unknown') => JSON.stringify(buildSyncUpdatesAvailableWebhook(itemId))

function plaidRequest(body: string, token: string) {
  return {
    method: 'POST' as const,
    url: '/webhooks/plaid',
    headers: { 'content-type': 'application/json', 'plaid-verification': token },
    payload: body,
  }
}

/** Links an Item the way the console does: a public token from the (simulated) Link flow, exchanged by the relay. */
const linkItem = () => relay.linkPlaidItem()

describe('POST /webhooks/plaid verification', () => {
  it('accepts a webhook signed by the simulator key and stores it under the body hash', async () => {
    const body = webhookBody()
    const token = await signPlaidWebhook(body, relay.sandbox.secrets.plaid.signingKey)
    const response = await relay.app.inject(plaidRequest(body, token))
    expect(response.statusCode).toBe(200)
    const [stored] = await relay.inbox.list()
    expect(stored).toMatchObject({ provider: 'plaid', eventId: createHash('sha256').update(body).digest('hex') })
    // A second delivery of the same bytes is the same event.
    const again = await relay.app.inject(plaidRequest(body, await signPlaidWebhook(body, relay.sandbox.secrets.plaid.signingKey)))
    expect(again.json()).toEqual({ received: true, duplicate: true })
    expect(await relay.inbox.count()).toBe(1)
  })

  it('refuses HS256, an unknown kid, an old iat and a body hash mismatch — 401, audited, nothing stored', async () => {
    const body = webhookBody()
    const key = relay.sandbox.secrets.plaid.signingKey
    const hs256 = await new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
      .setIssuedAt()
      .sign(new TextEncoder().encode('a-shared-secret-anyone-could-guess'))
    const strangerKey = await generateKeyPair('ES256')
    const unknownKid = await new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
      .setProtectedHeader({ alg: 'ES256', kid: 'kid-plaid-never-issued', typ: 'JWT' })
      .setIssuedAt()
      .sign(strangerKey.privateKey)
    const sixMinutesAgo = new Date(relay.clock.now().getTime() - 6 * 60_000)
    const old = await signPlaidWebhook(body, key, { issuedAt: sixMinutesAgo })
    const mismatch = await signPlaidWebhook(body, key, { bodyHash: createHash('sha256').update(`${body} `).digest('hex') })

    const statuses = []
    for (const token of [hs256, unknownKid, old, mismatch, 'not-a-jwt']) {
      statuses.push((await relay.app.inject(plaidRequest(body, token))).statusCode)
    }
    const missing = await relay.app.inject({ method: 'POST', url: '/webhooks/plaid', headers: { 'content-type': 'application/json' }, payload: body })
    statuses.push(missing.statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401])
    expect((await relay.auditRows()).map((row) => row.detail.reason)).toEqual([
      'bad_alg',
      'unknown_kid',
      'stale_jwt',
      'body_hash_mismatch',
      'bad_jwt',
      'missing_jwt',
    ])
    expect(await relay.inbox.count()).toBe(0)
  })

  it('refuses a signature by a stranger that claims the simulator key id', async () => {
    const body = webhookBody()
    const stranger = await generateKeyPair('ES256')
    const forged = await signPlaidWebhook(body, { ...relay.sandbox.secrets.plaid.signingKey, privateKey: stranger.privateKey })
    expect((await relay.app.inject(plaidRequest(body, forged))).statusCode).toBe(401)
    expect(await relay.inbox.count()).toBe(0)
  })
})

describe('Plaid verification keys', () => {
  const send = async (body: string, key: Parameters<typeof signPlaidWebhook>[1], remoteAddress = '52.21.26.131') =>
    relay.app.inject({ ...plaidRequest(body, await signPlaidWebhook(body, key, { issuedAt: relay.clock.now() })), remoteAddress })

  it('stops accepting a cached key once Plaid reports it expired, learnt when a new key appears', async () => {
    const oldKey = relay.sandbox.plaid.signingKey()
    expect((await send(webhookBody('item_a'), oldKey)).statusCode).toBe(200)
    const newKey = await relay.sandbox.plaid.rotateSigningKey()
    // Plaid signs with the new key; the relay asks for it and, seeing a rotation, about the key it holds.
    expect((await send(webhookBody('item_b'), newKey)).statusCode).toBe(200)
    // Anything still signed with the old key (a leaked key, say) is refused.
    const stale = await send(webhookBody('item_c'), oldKey)
    expect([stale.statusCode, stale.json().error]).toEqual([401, 'expired_key'])
    expect(await relay.inbox.count()).toBe(2)
  })

  it('asks again about a cached key after an hour, so an expiry is learnt without a new key', async () => {
    const key = relay.sandbox.plaid.signingKey()
    expect((await send(webhookBody('item_a'), key)).statusCode).toBe(200)
    await relay.sandbox.plaid.rotateSigningKey()
    const requests = relay.sandbox.plaid.keyRequests
    // Within the hour the cached key is used as it is, without asking Plaid.
    relay.clock.advance(30 * 60_000)
    expect((await send(webhookBody('item_b'), key)).statusCode).toBe(200)
    expect(relay.sandbox.plaid.keyRequests).toBe(requests)
    relay.clock.advance(31 * 60_000)
    const late = await send(webhookBody('item_c'), key)
    expect([late.statusCode, late.json().error]).toEqual([401, 'expired_key'])
    expect(relay.sandbox.plaid.keyRequests).toBe(requests + 1)
  })

  it('bounds the lookups that unknown key ids cause, and keeps verifying with known keys meanwhile', async () => {
    const known = relay.sandbox.plaid.signingKey()
    expect((await send(webhookBody('item_known'), known)).statusCode).toBe(200)
    const before = relay.sandbox.plaid.keyRequests
    const stranger = await generateKeyPair('ES256')
    const forgedWithKid = (kid: string) => signPlaidWebhook(webhookBody(), { kid, privateKey: stranger.privateKey, publicJwk: known.publicJwk }, { issuedAt: relay.clock.now() })
    // The same made-up kid, many times at once: Plaid is asked once.
    const same = await forgedWithKid('kid-made-up')
    const sameResults = await Promise.all(Array.from({ length: 50 }, (_, i) => relay.app.inject({ ...plaidRequest(webhookBody(), same), remoteAddress: `10.3.0.${i}` })))
    expect(sameResults.every((response) => response.statusCode === 401)).toBe(true)
    expect(relay.sandbox.plaid.keyRequests - before).toBe(1)
    // 300 different made-up kids from 300 addresses: at most ten lookups a minute; the rest are told to retry later.
    const statuses = new Map<number, number>()
    for (let i = 0; i < 300; i++) {
      const response = await relay.app.inject({ ...plaidRequest(webhookBody(), await forgedWithKid(`kid-${i}`)), remoteAddress: `10.4.${i >> 8}.${i & 255}` })
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
      if (response.statusCode === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
    }
    expect(relay.sandbox.plaid.keyRequests - before).toBeLessThanOrEqual(10)
    // Two of the minute's ten went to the known key and the first made-up kid.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 8, 429: 292 })
    // A genuine delivery signed with the known key is verified all along.
    expect((await send(webhookBody('item_still'), known)).statusCode).toBe(200)
    expect(await relay.inbox.count()).toBe(2)
    // A minute later, new kids can be looked up again.
    relay.clock.advance(60_000)
    expect((await relay.app.inject({ ...plaidRequest(webhookBody(), await forgedWithKid('kid-next')), remoteAddress: '10.5.0.1' })).statusCode).toBe(401)
  })
})

describe('SYNC_UPDATES_AVAILABLE', () => {
  it('pages /transactions/sync while has_more and applies added, modified and removed', async () => {
    const itemId = await linkItem()
    // 1,100 changes: three pages of at most 500.
    const added = Array.from({ length: 1_100 }, (_, index) =>
      buildPlaidTransaction({ transactionId: `txn_${index}`, amount: index % 2 === 0 ? -100 : 12.345, date: '2026-11-20', name: `Payment ${index}` }),
    )
    await relay.control.plaid.transactions({ item_id: itemId, added })
    // Plaid's bodies carry no event id: the first webhook says the history is still loading, the next one differs.
    const fired = await relay.control.plaid.fireWebhook({ item_id: itemId, historical_update_complete: false })
    expect(fired.deliveries.map((d) => d.status)).toEqual([200])
    const callsBefore = relay.sandbox.plaid.syncCalls
    await relay.worker.drain()
    expect(relay.sandbox.plaid.syncCalls - callsBefore).toBe(3)
    expect(await relay.documents.get('transactions', 'txn_0')).toMatchObject({ amountCents: -10_000, removed: false, description: 'Payment 0' })
    expect(await relay.documents.get('transactions', 'txn_1')).toMatchObject({ amountCents: 1_235 })
    expect(await relay.documents.get('transactions', 'txn_1099')).not.toBeNull()

    // Next round starts from the stored cursor: only the new changes come back.
    await relay.control.plaid.transactions({
      item_id: itemId,
      modified: [buildPlaidTransaction({ transactionId: 'txn_0', amount: -150.5, date: '2026-11-21', name: 'Payment 0 (corrected)' })],
      removed: ['txn_1'],
      added: [buildPlaidTransaction({ transactionId: 'txn_new', amount: 42, date: '2026-11-21', name: 'Propane', pending: true })],
    })
    await relay.control.plaid.fireWebhook({ item_id: itemId })
    const callsBeforeSecond = relay.sandbox.plaid.syncCalls
    await relay.worker.drain()
    expect(relay.sandbox.plaid.syncCalls - callsBeforeSecond).toBe(1)
    expect(await relay.documents.get('transactions', 'txn_0')).toMatchObject({ amountCents: -15_050, date: '2026-11-21', removed: false })
    expect(await relay.documents.get('transactions', 'txn_1')).toMatchObject({ removed: true, amountCents: 1_235 })
    expect(await relay.documents.get('transactions', 'txn_new')).toMatchObject({ amountCents: 4_200, pending: true })
    expect((await relay.inbox.list()).every((event) => event.status === 'done')).toBe(true)
  })

  it('keeps retrying a webhook for an Item the relay has not linked', async () => {
    const body = webhookBody('item_never_linked_here')
    expect((await relay.app.inject(plaidRequest(body, await signPlaidWebhook(body, relay.sandbox.secrets.plaid.signingKey)))).statusCode).toBe(200)
    await relay.worker.drain()
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('PlaidItemNotLinkedError') })
  })
})
