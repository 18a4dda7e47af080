/**
 * The owner's bank connection through Plaid: link tokens for Link (new Items and update mode),
 * the public-token exchange, the Item's institution and accounts, removal through `/item/remove`,
 * `ITEM` webhooks (login required, pending expiration or disconnect, login repaired), and every
 * `/transactions/sync`.
 *
 * Plaid sends `SYNC_UPDATES_AVAILABLE` for an Item only after `/transactions/sync` has been called
 * on it once, so the first sync runs right after the exchange and pages through the whole history.
 * A periodic sync of every Item backs up the webhooks, so a lost (or deduplicated) webhook delays
 * transactions but never loses them. Syncs of one Item never overlap.
 */
import type { PlaidApi, RemovedTransaction, Transaction as PlaidTransaction } from 'plaid'
import { CountryCode, Products } from 'plaid'
import type { Logger } from '../../logging/logger'
import { PaymentMatching, type PlaidChanges } from '../../matching'
import type { PlaidItems } from '../../storage/contracts'
import type { RelayStorage } from '../../storage/relay-storage'
import { ask, type UnitStorage, type Work } from '../../storage/unit-of-work'
import type { RelayConfig } from '../../config/config'
import { createPlaidClient, plaidErrorOf, PlaidApiError } from './plaid-client'
import type { PlaidAccountSummary, PlaidItemSummary } from '../../storage/plaid-item-store'
import { toTransactionDocument } from './transactions'

export class PlaidItemNotLinkedError extends Error {
  constructor() {
    super('Plaid webhook for an Item this relay has not linked')
    this.name = 'PlaidItemNotLinkedError'
  }
}

/** The owner asked about an Item this relay does not hold (or no longer holds). */
export class UnknownBankItemError extends Error {
  constructor() {
    super('No linked bank with that id.')
    this.name = 'UnknownBankItemError'
  }
}

/** Plaid's own maximum page size. */
const syncPageSize = 500
/** Restarts allowed when Plaid reports a mutation during pagination. */
const maxPaginationRestarts = 3
/** Plaid error codes that need the owner to log in again through Link's update mode. */
const loginErrorCodes = new Set(['ITEM_LOGIN_REQUIRED', 'PENDING_EXPIRATION', 'ACCESS_NOT_GRANTED', 'INVALID_CREDENTIALS'])

export const defaultBankSyncIntervalMs = 6 * 3_600_000

export interface PlaidBankOptions {
  client: PlaidApi
  /** Linked Items (either engine), and the unit of work each sync's changes are applied in. */
  storage: Pick<RelayStorage, 'plaidItems' | 'units'>
  now?: () => Date
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
  /** The periodic `/transactions/sync` backstop (default 6 hours). */
  syncIntervalMs?: number
}

/** Syncs in flight per Item store, so every PlaidBank over one relay's storage serialises an Item's syncs. */
const inFlightByStore = new WeakMap<PlaidItems, Map<string, Promise<void>>>()

export class PlaidBank {
  readonly items: PlaidItems
  private readonly client: PlaidApi
  private readonly storage: PlaidBankOptions['storage']
  private readonly now: () => Date
  private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'> | undefined
  private readonly inFlight: Map<string, Promise<void>>
  private readonly background = new Set<Promise<unknown>>()
  private timer: NodeJS.Timeout | null = null
  readonly syncIntervalMs: number

  constructor(options: PlaidBankOptions) {
    this.client = options.client
    this.storage = options.storage
    this.now = options.now ?? (() => new Date())
    this.logger = options.logger
    this.items = options.storage.plaidItems
    this.syncIntervalMs = options.syncIntervalMs ?? defaultBankSyncIntervalMs
    let inFlight = inFlightByStore.get(this.items)
    if (!inFlight) inFlightByStore.set(this.items, (inFlight = new Map()))
    this.inFlight = inFlight
  }

  /**
   * A link token for Plaid Link: for a new Item (transactions, the relay's webhook address), or
   * with `itemId` for update mode, where the user logs in again to the same Item.
   */
  async createLinkToken(request: { deviceId: string; webhookUrl: string; itemId?: string }): Promise<{ linkToken: string; expiration: string }> {
    const common = {
      client_name: 'Switchboard',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: request.deviceId },
      webhook: request.webhookUrl,
    }
    let body
    if (request.itemId) {
      const item = await this.items.get(request.itemId)
      if (!item) throw new UnknownBankItemError()
      body = { ...common, access_token: item.accessToken }
    } else {
      body = { ...common, products: [Products.Transactions], transactions: { days_requested: 730 } }
    }
    try {
      const created = (await this.client.linkTokenCreate(body)).data
      return { linkToken: created.link_token, expiration: created.expiration }
    } catch (error) {
      throw new PlaidApiError('/link/token/create', error)
    }
  }

  /**
   * Exchanges Link's public token, stores the encrypted access token with the institution and
   * accounts, and starts the first sync (its progress shows in `list()`). Returns the Item.
   */
  async connect(publicToken: string): Promise<PlaidItemSummary> {
    let exchanged
    try {
      exchanged = (await this.client.itemPublicTokenExchange({ public_token: publicToken })).data
    } catch (error) {
      throw new PlaidApiError('/item/public_token/exchange', error)
    }
    await this.items.link(exchanged.item_id, exchanged.access_token)
    await this.refreshDetails(exchanged.item_id)
    await this.items.syncStarted(exchanged.item_id)
    this.inBackground(this.syncItem(exchanged.item_id))
    return (await this.items.summary(exchanged.item_id))!
  }

  /** After Link's update mode: asks Plaid for the Item's state, and syncs at once when it is healthy again. */
  async reconnected(itemId: string): Promise<PlaidItemSummary> {
    if (!(await this.items.get(itemId))) throw new UnknownBankItemError()
    await this.refreshDetails(itemId)
    const summary = (await this.items.summary(itemId))!
    if (summary.status === 'good') {
      await this.items.syncStarted(itemId)
      this.inBackground(this.syncItem(itemId))
    }
    return (await this.items.summary(itemId))!
  }

  /** Removes the Item at Plaid (`/item/remove`) and here; its transactions stay, no sync runs again. */
  async remove(itemId: string): Promise<void> {
    const item = await this.items.get(itemId)
    if (!item) throw new UnknownBankItemError()
    await this.inFlight.get(itemId)
    try {
      await this.client.itemRemove({ access_token: item.accessToken })
    } catch (error) {
      // A token Plaid no longer knows means the Item is gone there already.
      const code = plaidErrorOf(error)?.errorCode
      if (code !== 'INVALID_ACCESS_TOKEN' && code !== 'ITEM_NOT_FOUND') throw new PlaidApiError('/item/remove', error)
    }
    await this.items.markRemoved(itemId)
    this.logger?.info({ itemId }, 'bank connection removed')
  }

  list(): Promise<PlaidItemSummary[]> {
    return this.items.list()
  }

  /**
   * Pulls `/transactions/sync` from the Item's cursor, page by page while `has_more`, and applies
   * added, modified and removed with the new cursor in one transaction — so a crash mid-way
   * re-syncs from the old cursor instead of skipping changes. A login error marks the Item for
   * update mode instead of failing (retrying cannot help until the owner logs in again).
   */
  syncItem(itemId: string): Promise<void> {
    // The map holds promises that never reject: the caller of each sync gets its outcome.
    const run = (this.inFlight.get(itemId) ?? Promise.resolve()).then(() => this.syncNow(itemId))
    const settled = run.then(
      () => undefined,
      () => undefined,
    )
    this.inFlight.set(itemId, settled)
    void settled.then(() => {
      if (this.inFlight.get(itemId) === settled) this.inFlight.delete(itemId)
    })
    return run
  }

  /** The backstop: syncs every linked Item that is not waiting for its owner to log in again. */
  async syncAll(): Promise<void> {
    for (const summary of await this.items.list()) {
      if (summary.status === 'login_required') continue
      try {
        await this.syncItem(summary.itemId)
      } catch (error) {
        this.logger?.warn({ itemId: summary.itemId, err: error }, 'periodic bank sync failed')
      }
    }
  }

  /** Applies an `ITEM` webhook; returns false for codes it does not act on. */
  async applyItemWebhook(webhook: { webhook_code?: unknown; item_id: string; error?: unknown; consent_expiration_time?: unknown }): Promise<boolean> {
    const { item_id: itemId } = webhook
    switch (webhook.webhook_code) {
      case 'ERROR': {
        const code = (webhook.error as { error_code?: unknown } | null)?.error_code
        const errorCode = typeof code === 'string' ? code.slice(0, 64) : 'UNKNOWN'
        await this.items.setStatus(itemId, loginErrorCodes.has(errorCode) ? 'login_required' : 'error', { errorCode })
        return true
      }
      case 'PENDING_EXPIRATION': {
        const at = typeof webhook.consent_expiration_time === 'string' ? webhook.consent_expiration_time.slice(0, 40) : null
        await this.items.setStatus(itemId, 'pending_expiration', { errorCode: 'PENDING_EXPIRATION', consentExpiresAt: at })
        return true
      }
      case 'PENDING_DISCONNECT':
        await this.items.setStatus(itemId, 'pending_disconnect', { errorCode: 'PENDING_DISCONNECT' })
        return true
      case 'LOGIN_REPAIRED':
        await this.items.setStatus(itemId, 'good')
        await this.syncItem(itemId)
        return true
      default:
        return false
    }
  }

  /** Starts the periodic backstop. */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.inBackground(this.syncAll()), this.syncIntervalMs)
    this.timer.unref()
  }

  /** Stops the backstop and waits for syncs this instance started. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.idle()
  }

  /** Waits until the syncs this instance started in the background have finished. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background])
  }

  private inBackground(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger?.warn({ err: error }, 'bank sync failed')).finally(() => this.background.delete(tracked))
    this.background.add(tracked)
  }

  private async refreshDetails(itemId: string): Promise<void> {
    const item = await this.items.get(itemId)
    if (!item) return
    let itemInfo
    try {
      itemInfo = (await this.client.itemGet({ access_token: item.accessToken })).data.item
    } catch (error) {
      throw new PlaidApiError('/item/get', error)
    }
    const errorCode = itemInfo.error?.error_code ?? null
    if (errorCode) await this.items.setStatus(itemId, loginErrorCodes.has(errorCode) ? 'login_required' : 'error', { errorCode })
    else await this.items.setStatus(itemId, 'good')
    let accounts: PlaidAccountSummary[] = []
    try {
      accounts = (await this.client.accountsGet({ access_token: item.accessToken })).data.accounts.map((account) => ({
        id: account.account_id,
        name: account.name.slice(0, 200),
        mask: account.mask ?? null,
        type: String(account.type),
        subtype: account.subtype ? String(account.subtype) : null,
      }))
    } catch (error) {
      // An Item that needs a login answers /accounts/get with that error; keep the accounts we know.
      if (!plaidErrorOf(error)) throw new PlaidApiError('/accounts/get', error)
      accounts = (await this.items.summary(itemId))?.accounts ?? []
    }
    const institution = itemInfo.institution_id ? { id: itemInfo.institution_id, name: itemInfo.institution_name ?? itemInfo.institution_id } : null
    await this.items.saveDetails(itemId, { institution, accounts })
  }

  private async syncNow(itemId: string): Promise<void> {
    const item = await this.items.get(itemId)
    if (!item) {
      if (await this.items.wasRemoved(itemId)) return
      throw new PlaidItemNotLinkedError()
    }
    await this.items.syncStarted(itemId)
    let changes
    try {
      changes = await this.fetchChanges(itemId, item.accessToken, item.cursor)
    } catch (error) {
      const code = plaidErrorOf(error)?.errorCode ?? null
      if (code && loginErrorCodes.has(code)) {
        await this.items.setStatus(itemId, 'login_required', { errorCode: code })
        await this.items.syncFinished(itemId, null)
        return
      }
      await this.items.syncFinished(itemId, 'Plaid did not answer the sync; it will be retried.')
      throw new PlaidApiError('/transactions/sync', error)
    }
    await this.storage.units((unit) => this.applySync(unit, itemId, changes))
    await this.items.syncFinished(itemId, null)
  }

  /**
   * One sync's changes as one unit of work: the transactions, the matcher's reading of them
   * (server/src/matching) and the new cursor commit together, or none of them does.
   */
  private *applySync(unit: UnitStorage, itemId: string, changes: PlaidChanges & { cursor: string | undefined }): Work<void> {
    for (const transaction of [...changes.added, ...changes.modified]) {
      yield* ask(() => unit.documents.put('transactions', toTransactionDocument(transaction), { ownerOnly: true }))
    }
    for (const { transaction_id: id } of changes.removed) {
      if (!id) continue
      const existing = yield* ask(() => unit.transactions.live(id))
      if (!existing || existing.removed) continue
      yield* ask(() => unit.documents.put('transactions', { ...existing, removed: true }, { ownerOnly: true }))
    }
    yield* new PaymentMatching(unit, this.now, this.logger).applyPlaidChanges(changes)
    // An empty cursor means Plaid had nothing ready yet: keep ours.
    const cursor = changes.cursor
    if (cursor) yield* ask(() => unit.plaidItems.saveCursor(itemId, cursor))
  }

  private async fetchChanges(itemId: string, accessToken: string, startCursor: string | null) {
    for (let restarts = 0; ; restarts++) {
      const added: PlaidTransaction[] = []
      const modified: PlaidTransaction[] = []
      const removed: RemovedTransaction[] = []
      let cursor = startCursor ?? undefined
      try {
        for (;;) {
          const page = (await this.client.transactionsSync({ access_token: accessToken, cursor, count: syncPageSize })).data
          added.push(...page.added)
          modified.push(...page.modified)
          removed.push(...page.removed)
          cursor = page.next_cursor
          await this.items.syncProgress(itemId, added.length + modified.length + removed.length)
          if (!page.has_more) break
        }
        return { added, modified, removed, cursor }
      } catch (error) {
        const isMutation = plaidErrorOf(error)?.errorCode === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION'
        if (isMutation && restarts < maxPaginationRestarts) continue
        throw error
      }
    }
  }
}

/** The relay's bank connection on its configured Plaid (the sandbox simulator in tests and the demo). */
export function createPlaidBank(options: {
  storage: PlaidBankOptions['storage']
  config: RelayConfig
  now?: () => Date
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
}): PlaidBank {
  return new PlaidBank({
    client: createPlaidClient(options.config.providers.plaid),
    storage: options.storage,
    now: options.now,
    logger: options.logger,
    syncIntervalMs: options.config.bankSyncIntervalMs,
  })
}
