/**
 * Units of work on PostgreSQL (../unit-of-work.ts): one transaction on one connection, every store
 * built over a view of the database whose statements go to that connection. Locks a store takes
 * (a document's key, a device's quota) are held until the unit ends; its documents' change
 * events wait for its commit. A unit the server rolls back to break a deadlock runs again.
 */
import type { DeviceQuotaLimits } from '../contracts'
import type { DeviceChangeLogOptions } from '../device-change-log'
import { runAwaiting, type UnitRunner, type UnitStorage } from '../unit-of-work'
import { PostgresAuditTrail } from './postgres-audit-trail'
import { inTransaction, isDeadlock, type OpenUnit, type PostgresDatabase } from './postgres-database'
import { PostgresDeviceChangeTrail } from './postgres-device-change-trail'
import { PostgresDeviceQuotas } from './postgres-device-quotas'
import { postgresDocumentQueries } from './postgres-document-queries'
import type { PostgresDocumentStore } from './postgres-document-store'
import { PostgresPaymentLedger } from './postgres-payment-ledger'
import { PostgresPlaidItems } from './postgres-encrypted-records'
import type { SecretBox } from '../secret-box'
import { PostgresOptOutList } from './postgres-provider-records'

export interface PostgresUnitOptions {
  quotaLimits: DeviceQuotaLimits
  changeLog?: DeviceChangeLogOptions
  secretBox: SecretBox
  now: () => Date
}

export function unitsOnPostgres(db: PostgresDatabase, documents: PostgresDocumentStore, options: PostgresUnitOptions): UnitRunner {
  return async (unit) => {
    const attempt: { open: OpenUnit | null } = { open: null }
    let committed = false
    let listenerError: unknown = null
    try {
      const result = await inTransaction(db, async (client) => {
        const open: OpenUnit = { client, depth: 0, afterCommit: [], afterRollback: [] }
        attempt.open = open
        const view: PostgresDatabase = { ...db, sql: client, unit: open }
        const unitDocuments = documents.inUnit(view)
        try {
          const answer = await runAwaiting(unit(unitStorageOnPostgres(view, unitDocuments, options)), isDeadlock)
          await unitDocuments.finishUnit()
          return answer
        } catch (error) {
          // Rolled back (and perhaps run again): what this attempt noted is undone at once.
          undo(open)
          throw error
        }
      })
      committed = true
      for (const announce of attempt.open?.afterCommit ?? []) {
        try {
          announce()
        } catch (error) {
          // A listener's failure is its own: the unit is committed, and the other listeners still hear of it.
          listenerError = listenerError ?? error
        }
      }
      if (listenerError !== null) throw listenerError
      return result
    } catch (error) {
      if (!committed && attempt.open) undo(attempt.open)
      throw error
    }
  }
}

/** What a rolled-back attempt noted (its own writes, for the change feed) is forgotten, once. */
function undo(open: OpenUnit): void {
  for (const forget of open.afterRollback.splice(0)) forget()
}

function unitStorageOnPostgres(view: PostgresDatabase, documents: PostgresDocumentStore, options: PostgresUnitOptions): UnitStorage {
  const queries = postgresDocumentQueries(view)
  const ledger = new PostgresPaymentLedger(view)
  const plaidItems = new PostgresPlaidItems(view, options.secretBox, options.now)
  return {
    documents: {
      get: (collection, id) => documents.get(collection, id),
      put: (collection, document, putOptions) => documents.put(collection, document, putOptions),
      isOwnerOnly: (collection, id) => documents.isOwnerOnly(collection, id),
      withField: (collection, field, value) => documents.liveWithField(collection, field, value),
      lock: (collection, id) => documents.lock(collection, id),
    },
    bookings: queries.bookings,
    customers: queries.customers,
    transactions: queries.transactions,
    paymentMatches: queries.paymentMatches,
    settings: queries.settings,
    needsAttention: queries.needsAttention,
    quotas: new PostgresDeviceQuotas(view, options.quotaLimits),
    audit: new PostgresAuditTrail(view),
    changes: new PostgresDeviceChangeTrail(view, options.changeLog),
    optOuts: new PostgresOptOutList(view),
    ledger,
    plaidItems: { saveCursor: (itemId, cursor) => plaidItems.saveCursor(itemId, cursor) },
  }
}
