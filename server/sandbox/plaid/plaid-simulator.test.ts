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

  it('refuses wrong credentials with Plaid’s error body', async () => {
    await expect(plaidClient('someone', 'else').transactionsSync({ access_token: 'access-sandbox-x' })).rejects.toMatchObject({
      response: { status: 400, data: { error_code: 'INVALID_API_KEYS' } },
    })
  })

  it('signs webhooks with an ES256 JWT that verifies against the key it serves', async () => {
    const plaid = plaidClient()
    const { itemId, accessToken } = sandbox.plaid.createItem(receiver.url)
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
