/**
 * Linked Plaid Items: the access token (server-side only, encrypted at rest with the relay key),
 * the `/transactions/sync` cursor (saved only once a sync has been applied), and what the owner
 * sees of each bank: institution, accounts, health and the state of its syncs.
 */
import type { PlaidItems } from './contracts'
import { secretBoxOf, type RelayDatabase } from './database'
import type { SecretBox } from './secret-box'

export interface PlaidItem {
  itemId: string
  accessToken: string
  cursor: string | null
}

/** good, or what Plaid said must be done; `removed` Items keep a row without a token. */
export type PlaidItemStatus = 'good' | 'login_required' | 'pending_expiration' | 'pending_disconnect' | 'error' | 'removed'
export type PlaidSyncState = 'idle' | 'syncing' | 'failed'

export interface PlaidAccountSummary {
  id: string
  name: string
  mask: string | null
  type: string
  subtype: string | null
}

/** An Item as the owner's console lists it: no token, no cursor. */
export interface PlaidItemSummary {
  itemId: string
  institution: { id: string; name: string } | null
  accounts: PlaidAccountSummary[]
  status: PlaidItemStatus
  /** Plaid's error code when `status` is not good (e.g. ITEM_LOGIN_REQUIRED). */
  errorCode: string | null
  statusChangedAt: string | null
  consentExpiresAt: string | null
  linkedAt: string
  /** When a sync last completed. */
  lastSyncedAt: string | null
  sync: { state: PlaidSyncState; transactionsPulled: number; error: string | null }
}

export interface ItemRow {
  item_id: string
  institution_id: string | null
  institution_name: string | null
  accounts: string
  status: PlaidItemStatus
  error_code: string | null
  status_changed_at: string | null
  consent_expires_at: string | null
  linked_at: string
  synced_at: string | null
  sync_state: PlaidSyncState
  sync_pulled: number
  sync_error: string | null
}

/** Binds each encrypted token to its Item, so a token copied onto another row will not open (both engines). */
export const plaidTokenContext = (itemId: string) => `plaid_items.access_token:${itemId}`
const tokenContext = plaidTokenContext

export class PlaidItemStore {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
    /** The relay key's box; the database's own unless a test gives another. */
    private readonly box: SecretBox = secretBoxOf(db),
  ) {}

  /** A linked Item with its token; null when unknown or removed. */
  get(itemId: string): PlaidItem | null {
    const row = this.db
      .prepare("SELECT item_id, access_token, sync_cursor FROM plaid_items WHERE item_id = ? AND status != 'removed'")
      .get(itemId) as { item_id: string; access_token: string; sync_cursor: string | null } | undefined
    if (!row) return null
    return { itemId: row.item_id, accessToken: this.box.open(row.access_token, tokenContext(row.item_id)), cursor: row.sync_cursor }
  }

  /** True when the Item was linked here once and has since been removed. */
  wasRemoved(itemId: string): boolean {
    return Boolean(this.db.prepare("SELECT 1 FROM plaid_items WHERE item_id = ? AND status = 'removed'").get(itemId))
  }

  /** Links (or re-links, with a new token and a fresh cursor) an Item. */
  link(itemId: string, accessToken: string): void {
    this.db
      .prepare(
        `INSERT INTO plaid_items (item_id, access_token, sync_cursor, linked_at, status, removed_at) VALUES (?, ?, NULL, ?, 'good', NULL)
         ON CONFLICT (item_id) DO UPDATE SET access_token = excluded.access_token, sync_cursor = NULL, linked_at = excluded.linked_at,
           status = 'good', error_code = NULL, removed_at = NULL, sync_state = 'idle', sync_pulled = 0, sync_error = NULL`,
      )
      .run(itemId, this.box.seal(accessToken, tokenContext(itemId)), this.now().toISOString())
  }

  saveDetails(itemId: string, details: { institution: { id: string; name: string } | null; accounts: PlaidAccountSummary[] }): void {
    this.db
      .prepare('UPDATE plaid_items SET institution_id = ?, institution_name = ?, accounts = ? WHERE item_id = ?')
      .run(details.institution?.id ?? null, details.institution?.name ?? null, JSON.stringify(details.accounts), itemId)
  }

  saveCursor(itemId: string, cursor: string): void {
    this.db.prepare('UPDATE plaid_items SET sync_cursor = ?, synced_at = ? WHERE item_id = ?').run(cursor, this.now().toISOString(), itemId)
  }

  /** Records what Plaid says about the Item's health; a removed Item stays removed. */
  setStatus(itemId: string, status: Exclude<PlaidItemStatus, 'removed'>, details: { errorCode?: string | null; consentExpiresAt?: string | null } = {}): void {
    this.db
      .prepare(
        `UPDATE plaid_items SET status = ?, error_code = ?, consent_expires_at = COALESCE(?, consent_expires_at), status_changed_at = ?
         WHERE item_id = ? AND status != 'removed'`,
      )
      .run(status, details.errorCode ?? null, details.consentExpiresAt ?? null, this.now().toISOString(), itemId)
  }

  syncStarted(itemId: string): void {
    this.db.prepare("UPDATE plaid_items SET sync_state = 'syncing', sync_pulled = 0, sync_error = NULL WHERE item_id = ?").run(itemId)
  }

  syncProgress(itemId: string, transactionsPulled: number): void {
    this.db.prepare('UPDATE plaid_items SET sync_pulled = ? WHERE item_id = ?').run(transactionsPulled, itemId)
  }

  syncFinished(itemId: string, error: string | null): void {
    this.db.prepare('UPDATE plaid_items SET sync_state = ?, sync_error = ? WHERE item_id = ?').run(error ? 'failed' : 'idle', error, itemId)
  }

  /** Forgets the token and cursor; the row stays so later webhooks for the Item are known to be stale. */
  markRemoved(itemId: string): void {
    this.db
      .prepare(
        `UPDATE plaid_items SET status = 'removed', access_token = '', sync_cursor = NULL, removed_at = ?, status_changed_at = ?, sync_state = 'idle'
         WHERE item_id = ?`,
      )
      .run(this.now().toISOString(), this.now().toISOString(), itemId)
  }

  /** Ids of the Items that are linked (not removed), oldest first. */
  linkedIds(): string[] {
    return (this.db.prepare("SELECT item_id FROM plaid_items WHERE status != 'removed' ORDER BY linked_at, item_id").all() as { item_id: string }[]).map(
      (row) => row.item_id,
    )
  }

  summary(itemId: string): PlaidItemSummary | null {
    const row = this.db.prepare(`${summaryColumns} WHERE item_id = ? AND status != 'removed'`).get(itemId) as ItemRow | undefined
    return row ? toSummary(row) : null
  }

  list(): PlaidItemSummary[] {
    return (this.db.prepare(`${summaryColumns} WHERE status != 'removed' ORDER BY linked_at, item_id`).all() as ItemRow[]).map(toSummary)
  }
}

/**
 * The `PlaidItems` contract over the synchronous SQLite store: the same methods, their results
 * handed back as promises. Temporary, until the bank connection awaits the contract itself.
 */
export function plaidItemsOnSqlite(store: PlaidItemStore): PlaidItems {
  return {
    get: async (itemId) => store.get(itemId),
    wasRemoved: async (itemId) => store.wasRemoved(itemId),
    link: async (itemId, accessToken) => store.link(itemId, accessToken),
    saveDetails: async (itemId, details) => store.saveDetails(itemId, details),
    saveCursor: async (itemId, cursor) => store.saveCursor(itemId, cursor),
    setStatus: async (itemId, status, details) => store.setStatus(itemId, status, details),
    syncStarted: async (itemId) => store.syncStarted(itemId),
    syncProgress: async (itemId, pulled) => store.syncProgress(itemId, pulled),
    syncFinished: async (itemId, error) => store.syncFinished(itemId, error),
    markRemoved: async (itemId) => store.markRemoved(itemId),
    linkedIds: async () => store.linkedIds(),
    summary: async (itemId) => store.summary(itemId),
    list: async () => store.list(),
  }
}

const summaryColumns = `SELECT item_id, institution_id, institution_name, accounts, status, error_code, status_changed_at, consent_expires_at,
  linked_at, synced_at, sync_state, sync_pulled, sync_error FROM plaid_items`

/** A row of `plaid_items` as the owner sees it; `accounts` is JSON text (SQLite) or already parsed (PostgreSQL's JSONB). */
export function toSummary(row: Omit<ItemRow, 'accounts'> & { accounts: string | PlaidAccountSummary[] }): PlaidItemSummary {
  let accounts: PlaidAccountSummary[] = []
  if (Array.isArray(row.accounts)) accounts = row.accounts
  else {
    try {
      accounts = JSON.parse(row.accounts) as PlaidAccountSummary[]
    } catch {
      accounts = []
    }
  }
  return {
    itemId: row.item_id,
    institution: row.institution_id ? { id: row.institution_id, name: row.institution_name ?? row.institution_id } : null,
    accounts,
    status: row.status,
    errorCode: row.error_code,
    statusChangedAt: row.status_changed_at,
    consentExpiresAt: row.consent_expires_at,
    linkedAt: row.linked_at,
    lastSyncedAt: row.synced_at,
    sync: { state: row.sync_state, transactionsPulled: row.sync_pulled, error: row.sync_error },
  }
}
