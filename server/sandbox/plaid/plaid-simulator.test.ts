import { importJWK, jwtVerify } from 'jose'
import { createHash } from 'node:crypto'
import { Configuration, PlaidApi, Products } from 'plaid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../index'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'
import { buildPlaidTransaction } from './payloads'

let sandbox: Sandbox
let receiver: WebhookReceiver

function plaidClient(clientId = sandbox.secrets.plaid.clientId, secret = sandbox.secrets.plaid.secret) {
  return new PlaidApi(new Configuration({ basePath: sandbox.urls.plaid, baseOptions: { headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret } } }))
}

beforeEach(async () => {
  sandbox = await startSandbox()
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await receiver.close()
  await sandbox.close()
})

describe('Plaid simulator', () => {
  it('links an Item, pages /transactions/sync with has_more and resumes from a cursor', async () => {
    const plaid = plaidClient()
    const { public_token: publicToken } = (
      await plaid.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions], options: { webhook: receiver.url } })
    ).data
    const { access_token: accessToken, item_id: itemId } = (await plaid.itemPublicTokenExchange({ public_token: publicToken })).data
    await expect(plaid.itemPublicTokenExchange({ public_token: publicToken })).rejects.toMatchObject({ response: { status: 400 } })

    sandbox.plaid.queueTransactions({
      item_id: itemId,
      added: [1, 2, 3].map((n) => buildPlaidTransaction({ transactionId: `t${n}`, amount: -n, date: '2026-11-01', name: `n${n}` })),
    })
    const first = (await plaid.transactionsSync({ access_token: accessToken, count: 2 })).data
    expect(first.added.map((t) => t.transaction_id)).toEqual(['t1', 't2'])
    expect(first.has_more).toBe(true)
    const second = (await plaid.transactionsSync({ access_token: accessToken, cursor: first.next_cursor, count: 2 })).data
    expect(second.added.map((t) => t.transaction_id)).toEqual(['t3'])
    expect(second.has_more).toBe(false)

    sandbox.plaid.queueTransactions({ item_id: itemId, removed: ['t2'] })
    const third = (await plaid.transactionsSync({ access_token: accessToken, cursor: second.next_cursor })).data
    expect(third).toMatchObject({ added: [], modified: [], removed: [{ transaction_id: 't2' }], has_more: false })
  })

  it('sends no SYNC_UPDATES_AVAILABLE for an Item until /transactions/sync has been called on it once (Plaid’s rule)', async () => {
    const plaid = plaidClient()
    const { itemId, accessToken } = sandbox.plaid.createItem(receiver.url)
    sandbox.plaid.queueTransactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 't1', amount: -5, date: '2026-11-01', name: 'n' })] })
    const withheld = await sandbox.plaid.fireWebhook({ item_id: itemId })
    expect(withheld.deliveries).toEqual([])
    expect(withheld.withheld).toMatch(/transactions\/sync/)
    expect((await plaid.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: 'SYNC_UPDATES_AVAILABLE' as never })).data.webhook_fired).toBe(false)
    expect(receiver.received).toHaveLength(0)
    await plaid.transactionsSync({ access_token: accessToken })
    expect((await sandbox.plaid.fireWebhook({ item_id: itemId })).deliveries.map((d) => d.status)).toEqual([200])
    expect(receiver.received).toHaveLength(1)
  })

  it('Link: a link token (with the webhook) redeemed by Link gives a public token and Link’s metadata; update mode repairs the same Item', async () => {
    const plaid = plaidClient()
    const created = (
      await plaid.linkTokenCreate({ client_name: 'Switchboard', language: 'en', country_codes: ['US' as never], user: { client_user_id: 'owner-1' }, products: [Products.Transactions], webhook: receiver.url })
    ).data
    expect(created.link_token).toMatch(/^link-sandbox-/)
    const linked = await sandbox.plaid.completeLink(created.link_token, 'ins_109511')
    expect(linked.metadata.institution).toEqual({ name: 'Tartan Bank', institution_id: 'ins_109511' })
    expect(linked.metadata.accounts).toEqual([expect.objectContaining({ name: 'Business Checking', mask: '4321', type: 'depository', subtype: 'checking' })])
    await expect(sandbox.plaid.completeLink(created.link_token, 'ins_109511')).rejects.toThrow(/link token/)
    const { access_token: accessToken, item_id: itemId } = (await plaid.itemPublicTokenExchange({ public_token: linked.public_token })).data
    expect(sandbox.plaid.itemState(itemId)).toMatchObject({ webhookUrl: receiver.url, loginRequired: false })

    // The bank asks for a new login: ERROR webhook, and syncs fail with ITEM_LOGIN_REQUIRED.
    expect((await plaid.sandboxItemResetLogin({ access_token: accessToken })).data.reset_login).toBe(true)
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ webhook_type: 'ITEM', webhook_code: 'ERROR', item_id: itemId, error: { error_code: 'ITEM_LOGIN_REQUIRED' } })
    await expect(plaid.transactionsSync({ access_token: accessToken })).rejects.toMatchObject({ response: { status: 400, data: { error_code: 'ITEM_LOGIN_REQUIRED' } } })
    expect((await plaid.itemGet({ access_token: accessToken })).data.item.error).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' })

    // Update mode: a link token for the Item's access token, no products; Link repairs it.
    const update = (await plaid.linkTokenCreate({ client_name: 'Switchboard', language: 'en', country_codes: ['US' as never], user: { client_user_id: 'owner-1' }, access_token: accessToken })).data
    expect(sandbox.plaid.linkSession(update.link_token)).toEqual({ updateInstitutionId: 'ins_109511' })
    await sandbox.plaid.completeLink(update.link_token, 'ins_109511')
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ webhook_type: 'ITEM', webhook_code: 'LOGIN_REPAIRED', item_id: itemId })
    expect((await plaid.transactionsSync({ access_token: accessToken })).data.added).toEqual([])

    // Removal: the access token stops working and the Item gets no more webhooks.
    await plaid.itemRemove({ access_token: accessToken })
    await expect(plaid.itemGet({ access_token: accessToken })).rejects.toMatchObject({ response: { data: { error_code: 'INVALID_ACCESS_TOKEN' } } })
    expect((await sandbox.plaid.fireWebhook({ item_id: itemId })).deliveries).toEqual([])
  })

  it('refuses wrong credentials with Plaid’s error body', async () => {
    await expect(plaidClient('someone', 'else').transactionsSync({ access_token: 'access-sandbox-x' })).rejects.toMatchObject({
      response: { status: 400, data: { error_code: 'INVALID_API_KEYS' } },
    })
  })

  it('signs webhooks with an ES256 JWT that verifies against the key it serves', async () => {
    const plaid = plaidClient()
    const { itemId, accessToken } = sandbox.plaid.createItem(receiver.url)
    await plaid.transactionsSync({ access_token: accessToken })
    expect((await plaid.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: 'SYNC_UPDATES_AVAILABLE' as never })).data.webhook_fired).toBe(true)
    const [delivery] = receiver.received
    expect(JSON.parse(delivery!.body)).toMatchObject({ webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE', item_id: itemId })
    const token = String(delivery!.headers['plaid-verification'])
    const [header] = token.split('.')
    const { kid, alg } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string; alg: string }
    expect(alg).toBe('ES256')
    const { key } = (await plaid.webhookVerificationKeyGet({ key_id: kid })).data
    expect(key).toMatchObject({ alg: 'ES256', crv: 'P-256', kty: 'EC', kid, expired_at: null })
    const { payload } = await jwtVerify(token, await importJWK(key, 'ES256'))
    expect(payload.request_body_sha256).toBe(createHash('sha256').update(delivery!.body).digest('hex'))
    expect(Math.abs(Number(payload.iat) - Date.now() / 1000)).toBeLessThan(10)
    await expect(plaid.webhookVerificationKeyGet({ key_id: 'no-such-kid' })).rejects.toMatchObject({ response: { status: 400 } })
  })
})
