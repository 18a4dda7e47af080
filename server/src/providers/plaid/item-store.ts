/**
 * Linked Plaid Items: the access token (server-side only, encrypted at rest with the relay key)
 * and the `/transactions/sync` cursor, which is saved only once a sync has been applied.
 */
import type { PlaidApi } from 'plaid'
import { secretBoxOf, type RelayDatabase } from '../../storage/database'
import { PlaidApiError } from './plaid-client'

export interface PlaidItem {
  itemId: string
  accessToken: string
  cursor: string | null
}

/** Binds each encrypted token to its Item, so a token copied onto another row will not open. */
const tokenContext = (itemId: string) => `plaid_items.access_token:${itemId}`

export class PlaidItemStore {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(itemId: string): PlaidItem | null {
    const row = this.db.prepare('SELECT item_id, access_token, sync_cursor FROM plaid_items WHERE item_id = ?').get(itemId) as
      | { item_id: string; access_token: string; sync_cursor: string | null }
      | undefined
    if (!row) return null
    return { itemId: row.item_id, accessToken: secretBoxOf(this.db).open(row.access_token, tokenContext(row.item_id)), cursor: row.sync_cursor }
  }

  /** Links (or re-links, with a new token and a fresh cursor) an Item. */
  link(itemId: string, accessToken: string): void {
    this.db
      .prepare(
        `INSERT INTO plaid_items (item_id, access_token, sync_cursor, linked_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (item_id) DO UPDATE SET access_token = excluded.access_token, sync_cursor = NULL, linked_at = excluded.linked_at`,
      )
      .run(itemId, secretBoxOf(this.db).seal(accessToken, tokenContext(itemId)), this.now().toISOString())
  }

  saveCursor(itemId: string, cursor: string): void {
    this.db.prepare('UPDATE plaid_items SET sync_cursor = ?, synced_at = ? WHERE item_id = ?').run(cursor, this.now().toISOString(), itemId)
  }
}

/** Exchanges a Link public token for an access token and links the Item; returns its id. */
export async function linkPlaidItem(client: PlaidApi, items: PlaidItemStore, publicToken: string): Promise<string> {
  let exchanged
  try {
    exchanged = (await client.itemPublicTokenExchange({ public_token: publicToken })).data
  } catch (error) {
    throw new PlaidApiError('/item/public_token/exchange', error)
  }
  items.link(exchanged.item_id, exchanged.access_token)
  return exchanged.item_id
}
