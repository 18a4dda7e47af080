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
import { inTransaction, type OpenUnit, type PostgresDatabase } from './postgres-database'
import { PostgresDeviceChangeTrail } from './postgres-device-change-trail'
import { PostgresDeviceQuotas } from './postgres-device-quotas'
import { postgresDocumentQueries } from './postgres-document-queries'
import type { PostgresDocumentStore } from './postgres-document-store'
import { PostgresPaymentLedger } from './postgres-payment-ledger'
import { PostgresOptOutList } from './postgres-provider-records'

export interface PostgresUnitOptions {
  quotaLimits: DeviceQuotaLimits
  changeLog?: DeviceChangeLogOptions
}

export function unitsOnPostgres(db: PostgresDatabase, documents: PostgresDocumentStore, options: PostgresUnitOptions): UnitRunner {
  return async (unit) => {
    const attempt: { open: OpenUnit | null } = { open: null }
    try {
      const result = await inTransaction(db, (client) => {
        // A deadlock rolled the last attempt back: what it noted is undone.
        for (const undo of attempt.open?.afterRollback ?? []) undo()
        const open: OpenUnit = { client, afterCommit: [], afterRollback: [] }
        attempt.open = open
        const view: PostgresDatabase = { ...db, sql: client, unit: open }
        return runAwaiting(unit(unitStorageOnPostgres(view, documents.inUnit(view), options)))
      })
      for (const announce of attempt.open?.afterCommit ?? []) announce()
      return result
    } catch (error) {
      for (const undo of attempt.open?.afterRollback ?? []) undo()
      throw error
    }
  }
}

function unitStorageOnPostgres(view: PostgresDatabase, documents: PostgresDocumentStore, options: PostgresUnitOptions): UnitStorage {
  const queries = postgresDocumentQueries(view)
  const ledger = new PostgresPaymentLedger(view)
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
    settings: queries.settings,
    needsAttention: queries.needsAttention,
    quotas: new PostgresDeviceQuotas(view, options.quotaLimits),
    audit: new PostgresAuditTrail(view),
    changes: new PostgresDeviceChangeTrail(view, options.changeLog),
    optOuts: new PostgresOptOutList(view),
    ledger: { applicationsOf: (bookingId) => ledger.applicationsOf(bookingId) },
  }
}
