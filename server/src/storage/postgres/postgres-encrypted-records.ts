/**
 * Provider sign-ins on PostgreSQL (contracts in `../contracts.ts`): linked Plaid Items and the
 * RingCentral SDK's sign-in, each secret sealed with the relay key and bound to its row exactly as
 * on SQLite, so relays sharing a database and a key read each other's tokens and a copy of the
 * database alone opens none.
 */
import type { Logger } from '../../logging/logger'
import type { PlaidItems, RingCentralSignIns } from '../contracts'
import { plaidTokenContext, toSummary, type ItemRow, type PlaidAccountSummary, type PlaidItem, type PlaidItemStatus, type PlaidItemSummary } from '../plaid-item-store'
import { signInDiscardedMessage, signInPrefixes, signInSealContext } from '../ringcentral-auth-store'
import { SecretBoxError, type SecretBox } from '../secret-box'
import { durably, type PostgresDatabase } from './postgres-database'

const summaryColumns = `SELECT item_id, institution_id, institution_name, accounts, status, error_code, status_changed_at, consent_expires_at,
  linked_at, synced_at, sync_state, sync_pulled, sync_error FROM plaid_items`

export class PostgresPlaidItems implements PlaidItems {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(itemId: string): Promise<PlaidItem | null> {
    const { rows } = await this.db.sql.query<{ item_id: string; access_token: string; sync_cursor: string | null }>(
      "SELECT item_id, access_token, sync_cursor FROM plaid_items WHERE item_id = $1 AND status <> 'removed'",
      [itemId],
    )
    const row = rows[0]
    if (!row) return null
    return { itemId: row.item_id, accessToken: this.box.open(row.access_token, plaidTokenContext(row.item_id)), cursor: row.sync_cursor }
  }

  async wasRemoved(itemId: string): Promise<boolean> {
    return (await this.db.sql.query("SELECT 1 FROM plaid_items WHERE item_id = $1 AND status = 'removed'", [itemId])).rowCount === 1
  }

  async link(itemId: string, accessToken: string): Promise<void> {
    await durably(
      this.db,
      `INSERT INTO plaid_items (item_id, access_token, sync_cursor, linked_at, status, removed_at) VALUES ($1, $2, NULL, $3, 'good', NULL)
       ON CONFLICT (item_id) DO UPDATE SET access_token = excluded.access_token, sync_cursor = NULL, linked_at = excluded.linked_at,
         status = 'good', error_code = NULL, removed_at = NULL, sync_state = 'idle', sync_pulled = 0, sync_error = NULL`,
      [itemId, this.box.seal(accessToken, plaidTokenContext(itemId)), this.now().toISOString()],
    )
  }

  async saveDetails(itemId: string, details: { institution: { id: string; name: string } | null; accounts: PlaidAccountSummary[] }): Promise<void> {
    await durably(this.db, 'UPDATE plaid_items SET institution_id = $1, institution_name = $2, accounts = $3 WHERE item_id = $4', [
      details.institution?.id ?? null,
      details.institution?.name ?? null,
      JSON.stringify(details.accounts),
      itemId,
    ])
  }

  async saveCursor(itemId: string, cursor: string): Promise<void> {
    await durably(this.db, 'UPDATE plaid_items SET sync_cursor = $1, synced_at = $2 WHERE item_id = $3', [cursor, this.now().toISOString(), itemId])
  }

  async setStatus(
    itemId: string,
    status: Exclude<PlaidItemStatus, 'removed'>,
    details: { errorCode?: string | null; consentExpiresAt?: string | null } = {},
  ): Promise<void> {
    await durably(
      this.db,
      `UPDATE plaid_items SET status = $1, error_code = $2, consent_expires_at = COALESCE($3, consent_expires_at), status_changed_at = $4
       WHERE item_id = $5 AND status <> 'removed'`,
      [status, details.errorCode ?? null, details.consentExpiresAt ?? null, this.now().toISOString(), itemId],
    )
  }

  async syncStarted(itemId: string): Promise<void> {
    await durably(this.db, "UPDATE plaid_items SET sync_state = 'syncing', sync_pulled = 0, sync_error = NULL WHERE item_id = $1", [itemId])
  }

  async syncProgress(itemId: string, transactionsPulled: number): Promise<void> {
    await durably(this.db, 'UPDATE plaid_items SET sync_pulled = $1 WHERE item_id = $2', [transactionsPulled, itemId])
  }

  async syncFinished(itemId: string, error: string | null): Promise<void> {
    await durably(this.db, 'UPDATE plaid_items SET sync_state = $1, sync_error = $2 WHERE item_id = $3', [error ? 'failed' : 'idle', error, itemId])
  }

  async markRemoved(itemId: string): Promise<void> {
    const at = this.now().toISOString()
    await durably(
      this.db,
      `UPDATE plaid_items SET status = 'removed', access_token = '', sync_cursor = NULL, removed_at = $1, status_changed_at = $1, sync_state = 'idle'
       WHERE item_id = $2`,
      [at, itemId],
    )
  }

  async linkedIds(): Promise<string[]> {
    const { rows } = await this.db.sql.query<{ item_id: string }>("SELECT item_id FROM plaid_items WHERE status <> 'removed' ORDER BY linked_at, item_id")
    return rows.map((row) => row.item_id)
  }

  async summary(itemId: string): Promise<PlaidItemSummary | null> {
    const { rows } = await this.db.sql.query<SummaryRow>(`${summaryColumns} WHERE item_id = $1 AND status <> 'removed'`, [itemId])
    return rows[0] ? toSummary(rows[0]) : null
  }

  async list(): Promise<PlaidItemSummary[]> {
    const { rows } = await this.db.sql.query<SummaryRow>(`${summaryColumns} WHERE status <> 'removed' ORDER BY linked_at, item_id`)
    return rows.map(toSummary)
  }
}

/** JSONB arrives parsed. */
type SummaryRow = Omit<ItemRow, 'accounts'> & { accounts: PlaidAccountSummary[] }

export class PostgresRingCentralSignIns implements RingCentralSignIns {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly box: SecretBox,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getItem(cacheKey: string): Promise<string | null> {
    const { rows } = await this.db.sql.query<{ sealed: string }>('SELECT sealed FROM ringcentral_auth WHERE cache_key = $1', [cacheKey])
    if (!rows[0]) return null
    try {
      return this.box.open(rows[0].sealed, signInSealContext(cacheKey))
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error
      // Only the value that failed: another relay may have stored a good one meanwhile.
      await durably(this.db, 'DELETE FROM ringcentral_auth WHERE cache_key = $1 AND sealed = $2', [cacheKey, rows[0].sealed])
      this.logger.warn({ cacheKey, reason: error.message }, signInDiscardedMessage)
      return null
    }
  }

  async setItem(cacheKey: string, value: string): Promise<void> {
    await durably(
      this.db,
      `INSERT INTO ringcentral_auth (cache_key, sealed, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (cache_key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [cacheKey, this.box.seal(value, signInSealContext(cacheKey)), this.now().toISOString()],
    )
  }

  async removeItem(cacheKey: string): Promise<void> {
    await durably(this.db, 'DELETE FROM ringcentral_auth WHERE cache_key = $1', [cacheKey])
  }

  async forget(cachePrefix: string): Promise<void> {
    await durably(this.db, 'DELETE FROM ringcentral_auth WHERE starts_with(cache_key, $1)', [cachePrefix])
  }

  async cachePrefixFor(consumer: string, app: { serverUrl?: string; clientId?: string }): Promise<string> {
    const { prefix, consumerPrefix } = signInPrefixes(consumer, app)
    await durably(this.db, 'DELETE FROM ringcentral_auth WHERE starts_with(cache_key, $1) AND NOT starts_with(cache_key, $2)', [consumerPrefix, prefix])
    return prefix
  }
}
