/**
 * A Plaid simulator for the official SDK (`basePath` pointed here). Every call is a JSON POST
 * authenticated by `client_id`/`secret` in the body or `PLAID-CLIENT-ID`/`PLAID-SECRET` headers.
 * Serves `/link/token/create`, `/sandbox/public_token/create`, `/item/public_token/exchange`,
 * `/item/get`, `/accounts/get`, `/item/remove`, `/transactions/sync` (cursor paging with
 * `has_more`), `/webhook_verification_key/get`, `/sandbox/item/fire_webhook` and
 * `/sandbox/item/reset_login`; webhooks are signed with an ES256 JWT in `Plaid-Verification`.
 *
 * Plaid's rule for `SYNC_UPDATES_AVAILABLE` is enforced: an Item gets none until
 * `/transactions/sync` has been called on it once. An Item in `ITEM_LOGIN_REQUIRED` answers that
 * error to `/transactions/sync` and `/accounts/get` until Link's update mode repairs it.
 *
 * The stand-in for Plaid's Link script and frame lives in `link-stand-in.ts`, under the same
 * paths as on Plaid's CDN (`/link/v2/stable/…`).
 *
 * Keys rotate as Plaid's do: `rotateSigningKey()` serves the old key with `expired_at` set and
 * signs with a new one from then on.
 *
 * Control endpoints (never used by real Plaid):
 * - `POST /__sim/plaid/transactions` `{ item_id, added?, modified?, removed? }` — queue changes
 * - `POST /__sim/plaid/fire-webhook` `{ item_id, webhook_code?, webhook_url?, …_update_complete? }` — deliver a webhook
 * - `POST /__sim/plaid/items` `{ webhook_url? }` — an Item with its access token, skipping Link
 * - `GET /__sim/plaid/items/:itemId` — what the simulator holds for an Item (sync calls, error, removed)
 * - `POST /__sim/plaid/institution-history` `{ institution_id, transactions }` — the history every
 *   Item linked at that institution from now on starts with (Plaid's sandbox users come with one)
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { RemovedTransaction, Transaction, TransactionsSyncResponse } from 'plaid'
import { deliverWebhook, randomId, startSimulatorServer, type DeliveryResult } from '../simulator-server'
import type { AccountBase } from 'plaid'
import {
  buildItemWebhook,
  buildSyncUpdatesAvailableWebhook,
  defaultAccountId,
  generatePlaidSigningKey,
  itemLoginRequiredError,
  sandboxInstitutions,
  signPlaidWebhook,
  type ItemWebhookCode,
  type PlaidSigningKey,
} from './payloads'
import { LinkTokenError, linkStandInRoutes } from './link-stand-in'

export interface PlaidSimulatorOptions {
  clientId: string
  secret: string
  signingKey: PlaidSigningKey
  now?: () => Date
}

type Change = { kind: 'added' | 'modified'; transaction: Transaction } | { kind: 'removed'; removed: RemovedTransaction }

interface SimulatedItem {
  itemId: string
  accessToken: string
  webhookUrl: string | null
  institutionId: string
  accounts: AccountBase[]
  /** Every change ever made; a cursor is a position in this log. */
  log: Change[]
  /** `/transactions/sync` calls served for this Item; Plaid sends no SYNC_UPDATES_AVAILABLE before the first. */
  syncCalls: number
  /** Set by an ERROR webhook or `/sandbox/item/reset_login`; cleared by Link's update mode. */
  loginRequired: boolean
  consentExpirationTime: string | null
  removed: boolean
}

/** A link token from `/link/token/create`, as the Link stand-in redeems it. */
export interface SimulatedLinkToken {
  webhookUrl: string | null
  /** Update mode: the Item whose login Link repairs. */
  updateItemId: string | null
  expiresAt: Date
}

/** Body of `POST /__sim/plaid/transactions`. */
export interface TransactionsControl {
  item_id: string
  added?: Transaction[]
  modified?: Transaction[]
  /** Transaction ids. */
  removed?: string[]
}

/** Body of `POST /__sim/plaid/fire-webhook`. */
export interface FireWebhookControl {
  item_id: string
  /** Default SYNC_UPDATES_AVAILABLE (withheld until the Item has been synced once, as Plaid does). */
  webhook_code?: 'SYNC_UPDATES_AVAILABLE' | ItemWebhookCode
  /** Overrides the Item's webhook URL. */
  webhook_url?: string
  /** Body flags (default true); Plaid sends `false` while the history is still loading. */
  initial_update_complete?: boolean
  historical_update_complete?: boolean
}

export interface PlaidSimulator {
  url: string
  /** Creates an Item directly (what Link + exchange would give) and returns its credentials. */
  createItem(webhookUrl?: string | null, institutionId?: string): { itemId: string; accessToken: string }
  queueTransactions(control: TransactionsControl): { queued: number }
  /** `withheld` says why nothing was delivered (Plaid's rule on SYNC_UPDATES_AVAILABLE). */
  fireWebhook(control: FireWebhookControl): Promise<{ body: string; deliveries: DeliveryResult[]; withheld?: string }>
  /** What Link does on success: a public token for a new Item (or, in update mode, the repaired one). */
  completeLink(linkToken: string, institutionId: string): Promise<LinkCompletion>
  /** What Link shows for a live link token: in update mode, the Item's institution; null when unknown or expired. */
  linkSession(linkToken: string): { updateInstitutionId: string | null } | null
  /** Transactions every Item linked at `institutionId` from now on starts with. */
  setInstitutionHistory(institutionId: string, transactions: Transaction[]): void
  /** The Item an unexchanged public token belongs to (tests; Link's metadata names no Item). */
  itemIdForPublicToken(publicToken: string): string | null
  /** The Item's state as the simulator holds it, or null. */
  itemState(itemId: string): { syncCalls: number; loginRequired: boolean; removed: boolean; webhookUrl: string | null } | null
  /** How many `/transactions/sync` calls were served (tests check paging). */
  syncCalls: number
  /** How many `/webhook_verification_key/get` calls were served (tests check the relay's key cache). */
  keyRequests: number
  /** The key webhooks are signed with now. */
  signingKey(): PlaidSigningKey
  /** Expires the current signing key (served with `expired_at` from now on) and signs with a new one. */
  rotateSigningKey(): Promise<PlaidSigningKey>
  close(): Promise<void>
}

/** What Link reports on success (`onSuccess(public_token, metadata)`). */
export interface LinkCompletion {
  public_token: string
  metadata: {
    institution: { name: string; institution_id: string }
    accounts: { id: string; name: string; mask: string | null; type: string; subtype: string | null; verification_status: null; class_type: null }[]
    link_session_id: string
  }
}

/** Link tokens live 4 hours, public tokens 30 minutes (Plaid's API reference). */
const linkTokenLifetimeMs = 4 * 3_600_000

export async function startPlaidSimulator(options: PlaidSimulatorOptions): Promise<PlaidSimulator> {
  const now = options.now ?? (() => new Date())
  const items = new Map<string, SimulatedItem>()
  const itemIdByAccessToken = new Map<string, string>()
  const itemIdByPublicToken = new Map<string, string>()
  const linkTokens = new Map<string, SimulatedLinkToken>()
  const institutionHistory = new Map<string, Transaction[]>()
  let signingKey = options.signingKey
  /** Every key ever used, by kid, as `/webhook_verification_key/get` serves it. */
  const publishedKeys = new Map([[signingKey.kid, { ...signingKey.publicJwk }]])

  function createItem(webhookUrl: string | null = null, institutionId = 'ins_109508') {
    const institution = sandboxInstitutions[institutionId] ?? sandboxInstitutions.ins_109508!
    const item: SimulatedItem = {
      itemId: randomId('item_', 16),
      accessToken: `access-sandbox-${randomBytes(16).toString('hex')}`,
      webhookUrl,
      institutionId: sandboxInstitutions[institutionId] ? institutionId : 'ins_109508',
      accounts: institution.accounts.map((account) => ({
        account_id: randomId('acc_', 12),
        balances: { available: 1200, current: 1200, limit: null, iso_currency_code: 'USD', unofficial_currency_code: null },
        mask: account.mask,
        name: account.name,
        official_name: null,
        type: account.type as AccountBase['type'],
        subtype: account.subtype as AccountBase['subtype'],
      })),
      log: (institutionHistory.get(institutionId) ?? []).map((transaction) => ({ kind: 'added' as const, transaction })),
      syncCalls: 0,
      loginRequired: false,
      consentExpirationTime: null,
      removed: false,
    }
    items.set(item.itemId, item)
    itemIdByAccessToken.set(item.accessToken, item.itemId)
    return { itemId: item.itemId, accessToken: item.accessToken }
  }

  function issuePublicToken(itemId: string): string {
    const publicToken = `public-sandbox-${randomBytes(16).toString('hex')}`
    itemIdByPublicToken.set(publicToken, itemId)
    return publicToken
  }

  function itemObject(item: SimulatedItem) {
    return {
      item_id: item.itemId,
      institution_id: item.institutionId,
      institution_name: sandboxInstitutions[item.institutionId]?.name ?? null,
      webhook: item.webhookUrl,
      auth_method: null,
      error: item.loginRequired ? itemLoginRequiredError(requestId()) : null,
      available_products: [],
      billed_products: ['transactions'],
      products: ['transactions'],
      consented_products: ['transactions'],
      consent_expiration_time: item.consentExpirationTime,
      update_type: 'background',
    }
  }

  async function deliver(item: SimulatedItem, body: string, url: string | null): Promise<DeliveryResult[]> {
    if (!url) return []
    const token = await signPlaidWebhook(body, signingKey, { now: now() })
    return [
      await deliverWebhook(url, body, {
        'content-type': 'application/json',
        'plaid-verification': token,
        'user-agent': 'Plaid Verifier',
      }),
    ]
  }

  const simulator: PlaidSimulator = {
    url: '',
    syncCalls: 0,
    keyRequests: 0,
    signingKey: () => signingKey,
    async rotateSigningKey() {
      publishedKeys.get(signingKey.kid)!.expired_at = Math.floor(now().getTime() / 1000)
      signingKey = await generatePlaidSigningKey(now())
      publishedKeys.set(signingKey.kid, { ...signingKey.publicJwk })
      return signingKey
    },
    createItem,
    queueTransactions(control) {
      const item = items.get(control.item_id)
      if (!item) throw new Error(`No Item ${control.item_id} in the Plaid simulator`)
      const changes: Change[] = [
        ...(control.added ?? []).map((transaction) => ({ kind: 'added' as const, transaction })),
        ...(control.modified ?? []).map((transaction) => ({ kind: 'modified' as const, transaction })),
        ...(control.removed ?? []).map((id) => ({
          kind: 'removed' as const,
          removed: { transaction_id: id, account_id: defaultAccountId },
        })),
      ]
      item.log.push(...changes)
      return { queued: changes.length }
    },
    async fireWebhook(control) {
      const item = items.get(control.item_id)
      if (!item) throw new Error(`No Item ${control.item_id} in the Plaid simulator`)
      const url = control.webhook_url ?? item.webhookUrl
      const code = control.webhook_code ?? 'SYNC_UPDATES_AVAILABLE'
      if (code !== 'SYNC_UPDATES_AVAILABLE') {
        if (code === 'ERROR') item.loginRequired = true
        if (code === 'LOGIN_REPAIRED') item.loginRequired = false
        const webhook = buildItemWebhook(item.itemId, code, { requestId: requestId(), at: now() })
        if (code === 'PENDING_EXPIRATION') item.consentExpirationTime = String(webhook.consent_expiration_time)
        const body = JSON.stringify(webhook, null, 2)
        return { body, deliveries: item.removed ? [] : await deliver(item, body, url) }
      }
      const body = JSON.stringify(
        buildSyncUpdatesAvailableWebhook(item.itemId, {
          initialUpdateComplete: control.initial_update_complete,
          historicalUpdateComplete: control.historical_update_complete,
        }),
        null,
        2,
      )
      if (item.removed) return { body, deliveries: [], withheld: 'the Item was removed' }
      // Plaid's API reference: SYNC_UPDATES_AVAILABLE only once /transactions/sync was called for the Item.
      if (item.syncCalls === 0) return { body, deliveries: [], withheld: '/transactions/sync has not been called on this Item yet' }
      return { body, deliveries: await deliver(item, body, url) }
    },
    async completeLink(linkToken, institutionId) {
      const link = linkTokens.get(linkToken)
      if (!link || link.expiresAt.getTime() < now().getTime()) throw new LinkTokenError()
      linkTokens.delete(linkToken) // one Link session per token
      let itemId: string
      if (link.updateItemId) {
        // Update mode: the user logged in again; the Item (and its access token) stays the same.
        const item = items.get(link.updateItemId)
        if (!item || item.removed) throw new LinkTokenError()
        const wasBroken = item.loginRequired || item.consentExpirationTime !== null
        item.loginRequired = false
        item.consentExpirationTime = null
        itemId = item.itemId
        if (wasBroken) await simulator.fireWebhook({ item_id: itemId, webhook_code: 'LOGIN_REPAIRED' })
      } else {
        itemId = createItem(link.webhookUrl, institutionId).itemId
      }
      const item = items.get(itemId)!
      return {
        public_token: issuePublicToken(itemId),
        metadata: {
          institution: { name: sandboxInstitutions[item.institutionId]?.name ?? item.institutionId, institution_id: item.institutionId },
          accounts: item.accounts.map((account) => ({
            id: account.account_id,
            name: account.name,
            mask: account.mask,
            type: String(account.type),
            subtype: account.subtype ? String(account.subtype) : null,
            verification_status: null,
            class_type: null,
          })),
          link_session_id: randomUUID(),
        },
      }
    },
    linkSession(linkToken) {
      const link = linkTokens.get(linkToken)
      if (!link || link.expiresAt.getTime() < now().getTime()) return null
      return { updateInstitutionId: link.updateItemId ? (items.get(link.updateItemId)?.institutionId ?? null) : null }
    },
    setInstitutionHistory(institutionId, transactions) {
      institutionHistory.set(institutionId, transactions)
    },
    itemIdForPublicToken: (publicToken) => itemIdByPublicToken.get(publicToken) ?? null,
    itemState(itemId) {
      const item = items.get(itemId)
      return item ? { syncCalls: item.syncCalls, loginRequired: item.loginRequired, removed: item.removed, webhookUrl: item.webhookUrl } : null
    },
    close: async () => undefined,
  }

  const server = await startSimulatorServer((app) => {
    // Credentials in the body or in headers, like Plaid; the body may omit them when headers carry them.
    app.addHook('preHandler', async (request, reply) => {
      // Control endpoints and Link's own (authenticated by the link token) take no client credentials.
      if (request.url.startsWith('/__sim/') || request.url.startsWith('/link/v2/')) return
      const body = (request.body ?? {}) as { client_id?: unknown; secret?: unknown }
      const clientId = body.client_id ?? request.headers['plaid-client-id']
      const secret = body.secret ?? request.headers['plaid-secret']
      if (clientId !== options.clientId || secret !== options.secret) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_API_KEYS', 'invalid client_id or secret provided')
      }
    })

    app.post('/link/token/create', async (request, reply) => {
      const body = request.body as {
        client_name?: unknown
        language?: unknown
        country_codes?: unknown
        user?: { client_user_id?: unknown }
        products?: unknown
        webhook?: unknown
        access_token?: unknown
      }
      const missing = [
        typeof body.client_name === 'string' && body.client_name ? null : 'client_name',
        typeof body.language === 'string' && body.language ? null : 'language',
        Array.isArray(body.country_codes) && body.country_codes.length > 0 ? null : 'country_codes',
        typeof body.user?.client_user_id === 'string' && body.user.client_user_id ? null : 'user.client_user_id',
      ].filter(Boolean)
      if (missing.length > 0) return plaidError(reply, 400, 'INVALID_REQUEST', 'MISSING_FIELDS', `the following required fields are missing: ${missing.join(', ')}`)
      let updateItemId: string | null = null
      if (body.access_token !== undefined) {
        const item = itemFor(typeof body.access_token === 'string' ? body.access_token : undefined)
        if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
        updateItemId = item.itemId
      } else if (!Array.isArray(body.products) || body.products.length === 0) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'products is required unless access_token is given (update mode)')
      } else if (!body.products.every((product) => product === 'transactions')) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_PRODUCT', 'this simulator supports the transactions product only')
      }
      if (body.webhook !== undefined && (typeof body.webhook !== 'string' || !/^https?:\/\//.test(body.webhook))) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_FIELD', 'webhook must be a URL')
      }
      const expiresAt = new Date(now().getTime() + linkTokenLifetimeMs)
      const linkToken = `link-sandbox-${randomUUID()}`
      linkTokens.set(linkToken, { webhookUrl: typeof body.webhook === 'string' ? body.webhook : null, updateItemId, expiresAt })
      return { link_token: linkToken, expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), request_id: requestId() }
    })

    app.post('/sandbox/public_token/create', async (request, reply) => {
      const body = request.body as { institution_id?: string; options?: { webhook?: string } }
      if (!body.institution_id) return plaidError(reply, 400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'institution_id is required')
      const { itemId } = createItem(body.options?.webhook ?? null, body.institution_id)
      return { public_token: issuePublicToken(itemId), request_id: requestId() }
    })

    app.post('/item/get', async (request, reply) => {
      const item = itemFor((request.body as { access_token?: string }).access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      return { item: itemObject(item), status: null, request_id: requestId() }
    })

    app.post('/accounts/get', async (request, reply) => {
      const item = itemFor((request.body as { access_token?: string }).access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      if (item.loginRequired) return reply.code(400).send(itemLoginRequiredError(requestId()))
      return { accounts: item.accounts, item: itemObject(item), request_id: requestId() }
    })

    app.post('/item/remove', async (request, reply) => {
      const item = itemFor((request.body as { access_token?: string }).access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      // The access token stops working at once; Plaid sends the Item nothing more.
      item.removed = true
      itemIdByAccessToken.delete(item.accessToken)
      return { request_id: requestId() }
    })

    app.post('/sandbox/item/reset_login', async (request, reply) => {
      const item = itemFor((request.body as { access_token?: string }).access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      await simulator.fireWebhook({ item_id: item.itemId, webhook_code: 'ERROR' })
      return { reset_login: true, request_id: requestId() }
    })

    app.post('/item/public_token/exchange', async (request, reply) => {
      const { public_token: publicToken } = request.body as { public_token?: string }
      const itemId = publicToken ? itemIdByPublicToken.get(publicToken) : undefined
      if (!publicToken || !itemId) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_PUBLIC_TOKEN', 'provided public token is in an invalid format')
      itemIdByPublicToken.delete(publicToken) // single use
      const item = items.get(itemId)!
      return { access_token: item.accessToken, item_id: item.itemId, request_id: requestId() }
    })

    app.post('/transactions/sync', async (request, reply) => {
      const body = request.body as { access_token?: string; cursor?: string; count?: number }
      const item = itemFor(body.access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      const count = body.count ?? 100
      if (!Number.isInteger(count) || count < 1 || count > 500) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_FIELD', 'count must be an integer from 1 to 500')
      }
      const start = body.cursor ? decodeCursor(body.cursor) : 0
      if (start === null || start > item.log.length) {
        return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_CURSOR', 'cursor is invalid')
      }
      if (item.loginRequired) return reply.code(400).send(itemLoginRequiredError(requestId()))
      simulator.syncCalls++
      item.syncCalls++
      const page = item.log.slice(start, start + count)
      const end = start + page.length
      const response: TransactionsSyncResponse = {
        added: page.flatMap((change) => (change.kind === 'added' ? [change.transaction] : [])),
        modified: page.flatMap((change) => (change.kind === 'modified' ? [change.transaction] : [])),
        removed: page.flatMap((change) => (change.kind === 'removed' ? [change.removed] : [])),
        next_cursor: encodeCursor(end),
        has_more: end < item.log.length,
        transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE' as TransactionsSyncResponse['transactions_update_status'],
        accounts: item.accounts,
        request_id: requestId(),
      }
      return response
    })

    app.post('/webhook_verification_key/get', async (request, reply) => {
      simulator.keyRequests++
      const { key_id: keyId } = request.body as { key_id?: string }
      const key = keyId === undefined ? undefined : publishedKeys.get(keyId)
      if (!key) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_WEBHOOK_VERIFICATION_KEY_ID', 'invalid key_id provided')
      return { key, request_id: requestId() }
    })

    app.post('/sandbox/item/fire_webhook', async (request, reply) => {
      const body = request.body as { access_token?: string; webhook_code?: string }
      const item = itemFor(body.access_token)
      if (!item) return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN', 'provided access token is in an invalid format')
      const code = body.webhook_code
      if (code !== 'SYNC_UPDATES_AVAILABLE' && code !== 'ERROR' && code !== 'LOGIN_REPAIRED' && code !== 'PENDING_DISCONNECT' && code !== 'PENDING_EXPIRATION') {
        return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_FIELD', 'this simulator fires SYNC_UPDATES_AVAILABLE, ERROR, LOGIN_REPAIRED, PENDING_DISCONNECT and PENDING_EXPIRATION')
      }
      const fired = await simulator.fireWebhook({ item_id: item.itemId, webhook_code: code })
      return { webhook_fired: !fired.withheld, request_id: requestId() }
    })

    linkStandInRoutes(app, simulator)

    app.post('/__sim/plaid/transactions', async (request, reply) => {
      const control = request.body as TransactionsControl
      if (!items.has(control?.item_id)) return plaidError(reply, 404, 'INVALID_INPUT', 'ITEM_NOT_FOUND', 'no such item')
      return simulator.queueTransactions(control)
    })
    app.post('/__sim/plaid/fire-webhook', async (request, reply) => {
      const control = request.body as FireWebhookControl
      if (!items.has(control?.item_id)) return plaidError(reply, 404, 'INVALID_INPUT', 'ITEM_NOT_FOUND', 'no such item')
      return simulator.fireWebhook(control)
    })
    app.post('/__sim/plaid/items', async (request) => {
      const { webhook_url: webhookUrl } = (request.body ?? {}) as { webhook_url?: string }
      const { itemId, accessToken } = createItem(webhookUrl ?? null)
      return { item_id: itemId, access_token: accessToken }
    })
    app.post('/__sim/plaid/institution-history', async (request, reply) => {
      const body = (request.body ?? {}) as { institution_id?: unknown; transactions?: unknown }
      if (typeof body.institution_id !== 'string' || !Array.isArray(body.transactions)) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_FIELD', 'institution_id and transactions are required')
      }
      simulator.setInstitutionHistory(body.institution_id, body.transactions as Transaction[])
      return { institution_id: body.institution_id, transactions: body.transactions.length }
    })
    app.get('/__sim/plaid/items/:itemId', async (request, reply) => {
      const state = simulator.itemState((request.params as { itemId: string }).itemId)
      return state ?? plaidError(reply, 404, 'INVALID_INPUT', 'ITEM_NOT_FOUND', 'no such item')
    })
  })

  function itemFor(accessToken: string | undefined): SimulatedItem | undefined {
    const itemId = accessToken ? itemIdByAccessToken.get(accessToken) : undefined
    return itemId ? items.get(itemId) : undefined
  }

  simulator.url = server.url
  simulator.close = () => server.close()
  return simulator
}

/** Cursors are opaque to clients; here, a position in the Item's change log. */
function encodeCursor(position: number): string {
  return Buffer.from(`sim-cursor:${position}`).toString('base64url')
}

function decodeCursor(cursor: string): number | null {
  const match = /^sim-cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  return match ? Number(match[1]) : null
}

function requestId(): string {
  return randomBytes(8).toString('base64url')
}

function plaidError(reply: FastifyReply, status: number, errorType: string, errorCode: string, message: string) {
  return reply.code(status).send({
    error_type: errorType,
    error_code: errorCode,
    error_message: message,
    display_message: null,
    request_id: requestId(),
    causes: [],
    status,
    documentation_url: `https://plaid.com/docs/errors/`,
    suggested_action: null,
  })
}
