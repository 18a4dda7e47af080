/**
 * Applies stored Plaid webhooks. `TRANSACTIONS` / `SYNC_UPDATES_AVAILABLE` syncs the Item from its
 * stored cursor; `ITEM` webhooks record the Item's health (login required, pending expiration or
 * disconnect, login repaired) for the owner's console (bank-connection.ts).
 */
import type { InboxEvent } from '../../storage/inbox-store'
import { isRecord } from '../webhook-delivery'
import { PlaidItemNotLinkedError, type PlaidBank } from './bank-connection'

export { PlaidItemNotLinkedError }

export function createPlaidEventHandler(bank: PlaidBank) {
  return async function handlePlaidEvent(stored: InboxEvent): Promise<void> {
    const webhook = JSON.parse(stored.body.toString('utf8')) as unknown
    if (!isRecord(webhook)) return
    if (typeof webhook.item_id !== 'string') {
      if (webhook.webhook_type === 'TRANSACTIONS' || webhook.webhook_type === 'ITEM') throw new PlaidItemNotLinkedError()
      return
    }
    const itemId = webhook.item_id
    // A webhook for an Item the owner removed is stale: nothing more is synced for it.
    if (await bank.items.wasRemoved(itemId)) return
    if (webhook.webhook_type === 'TRANSACTIONS' && webhook.webhook_code === 'SYNC_UPDATES_AVAILABLE') {
      await bank.syncItem(itemId)
      return
    }
    if (webhook.webhook_type === 'ITEM') {
      if (!(await bank.items.get(itemId))) throw new PlaidItemNotLinkedError()
      await bank.applyItemWebhook({ ...webhook, item_id: itemId })
    }
    // Legacy transaction codes and other ITEM codes are kept in the inbox.
  }
}
