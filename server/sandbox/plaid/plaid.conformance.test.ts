/**
 * Plaid simulator against Plaid's published reference: the OpenAPI document version
 * 2020-09-14_1.740.1 (github.com/plaid/plaid-openapi) as generated into plaid-node 47.0.0
 * (`dist/api.d.ts`), plus the webhook verification guide. Required fields are the non-optional
 * properties of SandboxPublicTokenCreateResponse, ItemPublicTokenExchangeResponse,
 * TransactionsSyncResponse, Transaction, RemovedTransaction, WebhookVerificationKeyGetResponse,
 * JWKPublicKey, SandboxItemFireWebhookResponse, SyncUpdatesAvailableWebhook and PlaidError.
 *
 * Covered: every endpoint and webhook the project uses — `/link/token/create` (new Items and
 * update mode), `/item/get`, `/accounts/get`, `/item/remove`, `/sandbox/item/reset_login`, the
 * `ITEM` webhooks `ERROR`, `PENDING_EXPIRATION`, `PENDING_DISCONNECT` and `LOGIN_REPAIRED`,
 * `/sandbox/public_token/create`,
 * `/item/public_token/exchange`, `/transactions/sync` (cursor pagination with `has_more`, count
 * limits), `/webhook_verification_key/get`, `/sandbox/item/fire_webhook`, the
 * `SYNC_UPDATES_AVAILABLE` webhook and its `Plaid-Verification` JWT, credentials in headers or body,
 * and the error object with its status codes.
 */
import { createHash } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose'
import { AccountType, Configuration, CountryCode, ItemUpdateTypeEnum, PendingDisconnectWebhookReason, PlaidApi, Products, TransactionsUpdateStatus } from 'plaid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../index'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'
import { buildPlaidTransaction } from './payloads'
import { expectRequired } from '../testing/conformance'

const required = {
  SandboxPublicTokenCreateResponse: 'public_token request_id',
  ItemPublicTokenExchangeResponse: 'access_token item_id request_id',
  TransactionsSyncResponse: 'transactions_update_status accounts added modified removed next_cursor has_more request_id',
  Transaction: 'account_id amount iso_currency_code unofficial_currency_code date location name payment_meta pending pending_transaction_id account_owner transaction_id authorized_date authorized_datetime datetime payment_channel transaction_code',
  RemovedTransaction: 'transaction_id account_id',
  WebhookVerificationKeyGetResponse: 'key request_id',
  JWKPublicKey: 'alg crv kid kty use x y created_at expired_at',
  SandboxItemFireWebhookResponse: 'webhook_fired request_id',
  SyncUpdatesAvailableWebhook: 'webhook_type webhook_code item_id initial_update_complete historical_update_complete environment',
  PlaidError: 'error_type error_code error_message display_message',
  LinkTokenCreateResponse: 'link_token expiration request_id',
  ItemGetResponse: 'item request_id',
  Item: 'item_id webhook error available_products billed_products consent_expiration_time update_type',
  AccountsGetResponse: 'accounts item request_id',
  AccountBase: 'account_id balances mask name official_name type subtype',
  AccountBalance: 'available current limit iso_currency_code unofficial_currency_code',
  ItemRemoveResponse: 'request_id',
  SandboxItemResetLoginResponse: 'reset_login request_id',
  ItemErrorWebhook: 'webhook_type webhook_code item_id error environment',
  PendingExpirationWebhook: 'webhook_type webhook_code item_id consent_expiration_time environment',
  PendingDisconnectWebhook: 'webhook_type webhook_code item_id reason disconnect_time environment',
  ItemLoginRepairedWebhook: 'webhook_type webhook_code item_id environment',
}


let sandbox: Sandbox
let receiver: WebhookReceiver
const plaid = () =>
  new PlaidApi(new Configuration({ basePath: sandbox.urls.plaid, baseOptions: { headers: { 'PLAID-CLIENT-ID': sandbox.secrets.plaid.clientId, 'PLAID-SECRET': sandbox.secrets.plaid.secret } } }))

beforeEach(async () => {
  sandbox = await startSandbox()
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await receiver.close()
  await sandbox.close()
})

async function linkedItem(): Promise<{ accessToken: string; itemId: string }> {
  const created = (await plaid().sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions], options: { webhook: receiver.url } })).data
  expectRequired(created, required.SandboxPublicTokenCreateResponse)
  expect(created.public_token).toMatch(/^public-sandbox-/)
  const exchanged = (await plaid().itemPublicTokenExchange({ public_token: created.public_token })).data
  expectRequired(exchanged, required.ItemPublicTokenExchangeResponse)
  expect(exchanged.access_token).toMatch(/^access-sandbox-/)
  return { accessToken: exchanged.access_token, itemId: exchanged.item_id }
}

describe('Plaid conformance (OpenAPI 2020-09-14_1.740.1)', () => {
  it('tokens: a sandbox public token is exchanged once for an access token', async () => {
    await linkedItem()
  })

  it('/transactions/sync: pages with has_more and next_cursor; every object has its required fields and the enum values', async () => {
    const { accessToken, itemId } = await linkedItem()
    sandbox.plaid.queueTransactions({ item_id: itemId, added: [1, 2, 3].map((n) => buildPlaidTransaction({ transactionId: `t${n}`, amount: -n * 10, date: '2026-11-0' + n, name: `Zelle payment ${n}` })) })
    const pages = []
    let cursor: string | undefined
    do {
      const page = (await plaid().transactionsSync({ access_token: accessToken, count: 2, ...(cursor ? { cursor } : {}) })).data
      expectRequired(page, required.TransactionsSyncResponse)
      expect(Object.values(TransactionsUpdateStatus)).toContain(page.transactions_update_status)
      for (const transaction of [...page.added, ...page.modified]) {
        expectRequired(transaction, required.Transaction)
        expect(['online', 'in store', 'other']).toContain(transaction.payment_channel)
        expect(transaction.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }
      for (const removed of page.removed) expectRequired(removed, required.RemovedTransaction)
      pages.push(page)
      cursor = page.next_cursor
    } while (pages.at(-1)!.has_more)
    expect(pages.map((page) => page.added.length)).toEqual([2, 1])
    sandbox.plaid.queueTransactions({ item_id: itemId, removed: ['t1'] })
    const next = (await plaid().transactionsSync({ access_token: accessToken, cursor })).data
    expect(next.removed).toEqual([expect.objectContaining({ transaction_id: 't1' })])
  })

  it('errors: the error object with its status code; bad keys, an unknown access token, a count over 500', async () => {
    const failure = async (request: Promise<unknown>) => {
      const error = (await request.catch((caught: unknown) => caught)) as { response: { status: number; data: Record<string, unknown> } }
      expectRequired(error.response.data, required.PlaidError)
      expect(error.response.data.request_id).toEqual(expect.any(String))
      return error.response
    }
    const badKeys = new PlaidApi(new Configuration({ basePath: sandbox.urls.plaid, baseOptions: { headers: { 'PLAID-CLIENT-ID': 'nope', 'PLAID-SECRET': 'nope' } } }))
    expect((await failure(badKeys.transactionsSync({ access_token: 'access-sandbox-x' }))).data).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_API_KEYS' })
    const unknownItem = await failure(plaid().transactionsSync({ access_token: 'access-sandbox-unknown' }))
    expect([unknownItem.status, unknownItem.data.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN'])
    const { accessToken } = await linkedItem()
    const tooMany = await failure(plaid().transactionsSync({ access_token: accessToken, count: 501 }))
    expect(tooMany.status).toBe(400)
    // Credentials in the body work as well as in headers.
    const inBody = await fetch(`${sandbox.urls.plaid}/transactions/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.secrets.plaid.clientId, secret: sandbox.secrets.plaid.secret, access_token: accessToken }),
    })
    expect(inBody.status).toBe(200)
  })

  it('webhooks: SYNC_UPDATES_AVAILABLE signed with an ES256 JWT whose key /webhook_verification_key/get serves', async () => {
    const { accessToken } = await linkedItem()
    await plaid().transactionsSync({ access_token: accessToken })
    const fired = (await plaid().sandboxItemFireWebhook({ access_token: accessToken, webhook_code: 'SYNC_UPDATES_AVAILABLE' as never })).data
    expectRequired(fired, required.SandboxItemFireWebhookResponse)
    expect(fired.webhook_fired).toBe(true)
    const [delivery] = receiver.received
    const body = JSON.parse(delivery!.body) as Record<string, unknown>
    expectRequired(body, required.SyncUpdatesAvailableWebhook)
    expect(body).toMatchObject({ webhook_type: 'TRANSACTIONS', webhook_code: 'SYNC_UPDATES_AVAILABLE' })
    const jwt = String(delivery!.headers['plaid-verification'])
    const header = decodeProtectedHeader(jwt)
    expect([header.alg, header.typ]).toEqual(['ES256', 'JWT'])
    const keyResponse = (await plaid().webhookVerificationKeyGet({ key_id: header.kid! })).data
    expectRequired(keyResponse, required.WebhookVerificationKeyGetResponse)
    expectRequired(keyResponse.key, required.JWKPublicKey)
    expect([keyResponse.key.alg, keyResponse.key.crv, keyResponse.key.kty, keyResponse.key.use, keyResponse.key.expired_at]).toEqual(['ES256', 'P-256', 'EC', 'sig', null])
    const { payload } = await jwtVerify(jwt, await importJWK({ ...keyResponse.key }, 'ES256'))
    expect(payload.request_body_sha256).toBe(createHash('sha256').update(delivery!.body).digest('hex'))
    expect(Math.abs(Number(payload.iat) - Date.now() / 1000)).toBeLessThan(300)
    const unknownKey = (await plaid().webhookVerificationKeyGet({ key_id: 'no-such-key' }).catch((error: unknown) => error)) as { response: { status: number } }
    expect(unknownKey.response.status).toBe(400)
  })

  it('Link and Items: /link/token/create, /item/get, /accounts/get, /item/remove, /sandbox/item/reset_login and the ITEM webhooks', async () => {
    const base = { client_name: 'Switchboard', language: 'en', country_codes: [CountryCode.Us], user: { client_user_id: 'owner-device' } }
    const created = (await plaid().linkTokenCreate({ ...base, products: [Products.Transactions], webhook: receiver.url })).data
    expectRequired(created, required.LinkTokenCreateResponse)
    expect(created.link_token).toMatch(/^link-sandbox-/)
    expect(Date.parse(created.expiration) - Date.now()).toBeGreaterThan(3.9 * 3_600_000)
    const missing = (await plaid().linkTokenCreate({ ...base, client_name: '' }).catch((error: unknown) => error)) as { response: { status: number; data: Record<string, unknown> } }
    expectRequired(missing.response.data, required.PlaidError)
    expect([missing.response.status, missing.response.data.error_code]).toEqual([400, 'MISSING_FIELDS'])

    const { accessToken, itemId } = await linkedItem()
    const item = (await plaid().itemGet({ access_token: accessToken })).data
    expectRequired(item, required.ItemGetResponse)
    expectRequired(item.item, required.Item)
    expect(item.item).toMatchObject({ item_id: itemId, institution_id: 'ins_109508', webhook: receiver.url, error: null })
    expect(Object.values(ItemUpdateTypeEnum)).toContain(item.item.update_type)
    const accounts = (await plaid().accountsGet({ access_token: accessToken })).data
    expectRequired(accounts, required.AccountsGetResponse)
    for (const account of accounts.accounts) {
      expectRequired(account, required.AccountBase)
      expectRequired(account.balances, required.AccountBalance)
      expect(Object.values(AccountType)).toContain(account.type)
    }
    const update = (await plaid().linkTokenCreate({ ...base, access_token: accessToken })).data
    expectRequired(update, required.LinkTokenCreateResponse)

    const reset = (await plaid().sandboxItemResetLogin({ access_token: accessToken })).data
    expectRequired(reset, required.SandboxItemResetLoginResponse)
    for (const code of ['PENDING_EXPIRATION', 'PENDING_DISCONNECT', 'LOGIN_REPAIRED'] as const) {
      await plaid().sandboxItemFireWebhook({ access_token: accessToken, webhook_code: code as never })
    }
    const bodies = receiver.received.map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>)
    const [error, expiring, disconnecting, repaired] = bodies
    expectRequired(error!, required.ItemErrorWebhook)
    expectRequired((error as { error: Record<string, unknown> }).error, required.PlaidError)
    expectRequired(expiring!, required.PendingExpirationWebhook)
    expectRequired(disconnecting!, required.PendingDisconnectWebhook)
    expect(Object.values(PendingDisconnectWebhookReason)).toContain(disconnecting!.reason)
    expectRequired(repaired!, required.ItemLoginRepairedWebhook)
    expect(bodies.map((body) => [body.webhook_type, body.webhook_code])).toEqual([
      ['ITEM', 'ERROR'],
      ['ITEM', 'PENDING_EXPIRATION'],
      ['ITEM', 'PENDING_DISCONNECT'],
      ['ITEM', 'LOGIN_REPAIRED'],
    ])
    for (const delivery of receiver.received) {
      const { payload } = await jwtVerify(String(delivery.headers['plaid-verification']), await importJWK({ ...sandbox.secrets.plaid.signingKey.publicJwk }, 'ES256'))
      expect(payload.request_body_sha256).toBe(createHash('sha256').update(delivery.body).digest('hex'))
    }

    const removed = (await plaid().itemRemove({ access_token: accessToken })).data
    expectRequired(removed, required.ItemRemoveResponse)
    const gone = (await plaid().itemGet({ access_token: accessToken }).catch((caught: unknown) => caught)) as { response: { status: number; data: Record<string, unknown> } }
    expect([gone.response.status, gone.response.data.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN'])
  })
})
