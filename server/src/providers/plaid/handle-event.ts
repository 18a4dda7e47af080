/**
 * Applies stored Plaid webhooks. `TRANSACTIONS` / `SYNC_UPDATES_AVAILABLE` pulls
 * `/transactions/sync` from the Item's stored cursor, page by page while `has_more`, then applies
 * added, modified and removed in one transaction together with the new cursor — so a crash
 * mid-way re-syncs from the old cursor instead of skipping changes.
 */
import type { PlaidApi, RemovedTransaction, Transaction as PlaidTransaction } from 'plaid'
import type { InboxEvent } from '../../inbox/inbox-store'
import type { DocumentStore } from '../../storage/document-store'
import { isRecord } from '../webhook-delivery'
import { paymentMatchingFor } from '../../matching'
import { plaidErrorOf, PlaidApiError } from './plaid-client'
import type { PlaidItemStore } from './item-store'
import { toTransactionDocument } from './transactions'

export class PlaidItemNotLinkedError extends Error {
  constructor() {
    super('Plaid webhook for an Item this relay has not linked')
    this.name = 'PlaidItemNotLinkedError'
  }
}

/** Plaid's own maximum page size. */
const syncPageSize = 500
/** Restarts allowed when Plaid reports a mutation during pagination. */
const maxPaginationRestarts = 3

export interface PlaidHandlerDependencies {
  client: PlaidApi
  items: PlaidItemStore
  documents: DocumentStore
}

export function createPlaidEventHandler({ client, items, documents }: PlaidHandlerDependencies) {
  async function fetchChanges(accessToken: string, startCursor: string | null) {
    for (let restarts = 0; ; restarts++) {
      const added: PlaidTransaction[] = []
      const modified: PlaidTransaction[] = []
      const removed: RemovedTransaction[] = []
      let cursor = startCursor ?? undefined
      try {
        for (;;) {
          const page = (await client.transactionsSync({ access_token: accessToken, cursor, count: syncPageSize })).data
          added.push(...page.added)
          modified.push(...page.modified)
          removed.push(...page.removed)
          cursor = page.next_cursor
          if (!page.has_more) break
        }
        return { added, modified, removed, cursor }
      } catch (error) {
        const isMutation = plaidErrorOf(error)?.errorCode === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION'
        if (isMutation && restarts < maxPaginationRestarts) continue
        throw new PlaidApiError('/transactions/sync', error)
      }
    }
  }

  async function syncItem(itemId: string): Promise<void> {
    const item = items.get(itemId)
    if (!item) throw new PlaidItemNotLinkedError()
    const changes = await fetchChanges(item.accessToken, item.cursor)
    documents.transaction(() => {
      for (const transaction of [...changes.added, ...changes.modified]) {
        documents.put('transactions', toTransactionDocument(transaction), { ownerOnly: true })
      }
      for (const { transaction_id: id } of changes.removed) {
        if (!id) continue
        const existing = documents.get('transactions', id)
        if (!existing || existing.removed === true) continue
        const { _deleted: _ignored, ...fields } = existing
        documents.put('transactions', { ...fields, removed: true }, { ownerOnly: true })
      }
      // Matching (server/src/matching) joins this transaction: matches commit with their transactions.
      paymentMatchingFor(documents)?.applyPlaidChanges(changes)
      // An empty cursor means Plaid had nothing ready yet: keep ours.
      if (changes.cursor) items.saveCursor(itemId, changes.cursor)
    })
  }

  return async function handlePlaidEvent(stored: InboxEvent): Promise<void> {
    const webhook = JSON.parse(stored.body.toString('utf8')) as unknown
    if (!isRecord(webhook)) return
    if (webhook.webhook_type === 'TRANSACTIONS' && webhook.webhook_code === 'SYNC_UPDATES_AVAILABLE') {
      if (typeof webhook.item_id !== 'string') throw new PlaidItemNotLinkedError()
      await syncItem(webhook.item_id)
    }
    // Legacy transaction codes and ITEM codes are kept in the inbox; later features act on them.
  }
}
