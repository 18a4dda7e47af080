/**
 * A Plaid simulator for the official SDK (`basePath` pointed here). Every call is a JSON POST
 * authenticated by `client_id`/`secret` in the body or `PLAID-CLIENT-ID`/`PLAID-SECRET` headers.
 * Serves `/sandbox/public_token/create`, `/item/public_token/exchange`, `/transactions/sync`
 * (cursor paging with `has_more`), `/webhook_verification_key/get` and `/sandbox/item/fire_webhook`;
 * webhooks are signed with an ES256 JWT in `Plaid-Verification`.
 *
 * Keys rotate as Plaid's do: `rotateSigningKey()` serves the old key with `expired_at` set and
 * signs with a new one from then on.
 *
 * Control endpoints (never used by real Plaid):
 * - `POST /__sim/plaid/transactions` `{ item_id, added?, modified?, removed? }` — queue changes
 * - `POST /__sim/plaid/fire-webhook` `{ item_id, webhook_code?, webhook_url?, …_update_complete? }` — deliver a webhook
 * - `POST /__sim/plaid/items` `{ webhook_url? }` — an Item with its access token, skipping Link
 */
import { randomBytes } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import type { RemovedTransaction, Transaction, TransactionsSyncResponse } from 'plaid'
import { deliverWebhook, randomId, startSimulatorServer, type DeliveryResult } from '../simulator-server'
import { buildSyncUpdatesAvailableWebhook, defaultAccountId, generatePlaidSigningKey, signPlaidWebhook, type PlaidSigningKey } from './payloads'

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
  /** Every change ever made; a cursor is a position in this log. */
  log: Change[]
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
  webhook_code?: 'SYNC_UPDATES_AVAILABLE'
  /** Overrides the Item's webhook URL. */
  webhook_url?: string
  /** Body flags (default true); Plaid sends `false` while the history is still loading. */
  initial_update_complete?: boolean
  historical_update_complete?: boolean
}

export interface PlaidSimulator {
  url: string
  /** Creates an Item directly (what Link + exchange would give) and returns its credentials. */
  createItem(webhookUrl?: string | null): { itemId: string; accessToken: string }
  queueTransactions(control: TransactionsControl): { queued: number }
  fireWebhook(control: FireWebhookControl): Promise<{ body: string; deliveries: DeliveryResult[] }>
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

export async function startPlaidSimulator(options: PlaidSimulatorOptions): Promise<PlaidSimulator> {
  const now = options.now ?? (() => new Date())
  const items = new Map<string, SimulatedItem>()
  const itemIdByAccessToken = new Map<string, string>()
  const itemIdByPublicToken = new Map<string, string>()
  let signingKey = options.signingKey
  /** Every key ever used, by kid, as `/webhook_verification_key/get` serves it. */
  const publishedKeys = new Map([[signingKey.kid, { ...signingKey.publicJwk }]])

  function createItem(webhookUrl: string | null = null) {
    const item: SimulatedItem = {
      itemId: randomId('item_', 16),
      accessToken: `access-sandbox-${randomBytes(16).toString('hex')}`,
      webhookUrl,
      log: [],
    }
    items.set(item.itemId, item)
    itemIdByAccessToken.set(item.accessToken, item.itemId)
    return { itemId: item.itemId, accessToken: item.accessToken }
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
      const body = JSON.stringify(
        buildSyncUpdatesAvailableWebhook(item.itemId, {
          initialUpdateComplete: control.initial_update_complete,
          historicalUpdateComplete: control.historical_update_complete,
        }),
        null,
        2,
      )
      const url = control.webhook_url ?? item.webhookUrl
      if (!url) return { body, deliveries: [] }
      const token = await signPlaidWebhook(body, signingKey, { now: now() })
      const delivery = await deliverWebhook(url, body, {
        'content-type': 'application/json',
        'plaid-verification': token,
        'user-agent': 'Plaid Verifier',
      })
      return { body, deliveries: [delivery] }
    },
    close: async () => undefined,
  }

  const server = await startSimulatorServer((app) => {
    // Credentials in the body or in headers, like Plaid; the body may omit them when headers carry them.
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.startsWith('/__sim/')) return
      const body = (request.body ?? {}) as { client_id?: unknown; secret?: unknown }
      const clientId = body.client_id ?? request.headers['plaid-client-id']
      const secret = body.secret ?? request.headers['plaid-secret']
      if (clientId !== options.clientId || secret !== options.secret) {
        return plaidError(reply, 400, 'INVALID_REQUEST', 'INVALID_API_KEYS', 'invalid client_id or secret provided')
      }
    })

    app.post('/sandbox/public_token/create', async (request, reply) => {
      const body = request.body as { institution_id?: string; options?: { webhook?: string } }
      if (!body.institution_id) return plaidError(reply, 400, 'INVALID_REQUEST', 'MISSING_FIELDS', 'institution_id is required')
      const { itemId } = createItem(body.options?.webhook ?? null)
      const publicToken = `public-sandbox-${randomBytes(16).toString('hex')}`
      itemIdByPublicToken.set(publicToken, itemId)
      return { public_token: publicToken, request_id: requestId() }
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
      simulator.syncCalls++
      const page = item.log.slice(start, start + count)
      const end = start + page.length
      const response: TransactionsSyncResponse = {
        added: page.flatMap((change) => (change.kind === 'added' ? [change.transaction] : [])),
        modified: page.flatMap((change) => (change.kind === 'modified' ? [change.transaction] : [])),
        removed: page.flatMap((change) => (change.kind === 'removed' ? [change.removed] : [])),
        next_cursor: encodeCursor(end),
        has_more: end < item.log.length,
        transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE' as TransactionsSyncResponse['transactions_update_status'],
        accounts: [],
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
      if (body.webhook_code !== 'SYNC_UPDATES_AVAILABLE') {
        return plaidError(reply, 400, 'INVALID_INPUT', 'INVALID_FIELD', 'this simulator fires SYNC_UPDATES_AVAILABLE only')
      }
      await simulator.fireWebhook({ item_id: item.itemId })
      return { webhook_fired: true, request_id: requestId() }
    })

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
