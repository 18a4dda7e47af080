/**
 * Every store the relay has, behind its engine-neutral contract (./contracts.ts), built in one
 * place per engine: SQLite (the embedded default) or PostgreSQL (several relays on one
 * database). Services take what they need from here; the storage contract suite builds its
 * stores with the same functions, so what it checks is what the relay runs.
 */
import { isDatabaseUsable, secretBoxOf, type RelayDatabase } from './database'
import type {
  AuditTrail,
  DeviceChangeTrail,
  DeviceQuotaLimits,
  DeviceQuotaStore,
  DeviceStore,
  DocumentQueries,
  DocumentSync,
  MissedCallTextBackStore,
  OptOutList,
  PaymentLedger,
  PlaidItems,
  RingCentralRecords,
  RingCentralSignIns,
  ScheduledTexts,
  StripePaymentRecords,
  TelephonyCalls,
  WebhookInbox,
  WorkClaims,
} from './contracts'
import type { Logger } from '../logging/logger'
import { AuditLog, auditTrailOnSqlite } from './audit-log'
import { DeviceChangeLog, deviceChangeTrailOnSqlite, type DeviceChangeLogOptions } from './device-change-log'
import { DeviceQuotas, deviceQuotasOnSqlite } from './device-quotas'
import { DeviceRegistry } from './device-registry'
import { documentQueriesOnSqlite, documentRepositories } from './document-repositories'
import type { DocumentStore } from './document-store'
import { InboxStore } from './inbox-store'
import { MessageJobStore, scheduledTextsOnSqlite } from './job-store'
import { MissedCallTextBacks, missedCallTextBacksOnSqlite } from './missed-call-text-backs'
import { BankLines, PaymentApplications, paymentLedgerOnSqlite } from './payment-ledger'
import { groupCommitOf } from './group-commit'
import { runAtOnce, type UnitRunner, type UnitStorage } from './unit-of-work'
import { unitsOnPostgres } from './postgres/postgres-unit-of-work'
import { PostgresWorkClaims } from './postgres/postgres-work-claims'
import { workClaimsOnSqlite } from './work-claims'
import { PlaidItemStore, plaidItemsOnSqlite } from './plaid-item-store'
import { PostgresAuditTrail } from './postgres/postgres-audit-trail'
import type { PostgresDatabase } from './postgres/postgres-database'
import { PostgresDeviceChangeTrail } from './postgres/postgres-device-change-trail'
import { PostgresDeviceQuotas } from './postgres/postgres-device-quotas'
import { PostgresDeviceStore } from './postgres/postgres-device-store'
import { postgresDocumentQueries } from './postgres/postgres-document-queries'
import { PostgresDocumentStore } from './postgres/postgres-document-store'
import { PostgresPlaidItems, PostgresRingCentralSignIns } from './postgres/postgres-encrypted-records'
import { PostgresInboxStore } from './postgres/postgres-inbox-store'
import { PostgresPaymentLedger } from './postgres/postgres-payment-ledger'
import { PostgresMissedCallTextBacks, PostgresOptOutList, PostgresRingCentralRecords, PostgresStripePaymentRecords, PostgresTelephonyCalls } from './postgres/postgres-provider-records'
import { PostgresScheduledTexts } from './postgres/postgres-scheduled-texts'
import { ringCentralRecordsOnSqlite, telephonyCallsOnSqlite } from './ringcentral-state'
import { RingCentralAuthStore, ringCentralSignInsOnSqlite } from './ringcentral-auth-store'
import type { SecretBox } from './secret-box'
import { optOutListOnSqlite, SmsOptOuts } from './sms-opt-outs'
import { StripePaymentStore, stripePaymentRecordsOnSqlite } from './stripe-payment-store'

export interface RelayStorage {
  engine: 'sqlite' | 'postgres'
  inbox: WebhookInbox
  devices: DeviceStore
  documents: DocumentSync
  queries: DocumentQueries
  texts: ScheduledTexts
  quotas: DeviceQuotaStore
  audit: AuditTrail
  changes: DeviceChangeTrail
  ledger: PaymentLedger
  optOuts: OptOutList
  textBacks: MissedCallTextBackStore
  stripe: StripePaymentRecords
  ringCentral: RingCentralRecords
  /** Calls as RingCentral's telephony events make them (the event order and the call in one transaction). */
  telephonyCalls: TelephonyCalls
  plaidItems: PlaidItems
  signIns: RingCentralSignIns
  claims: WorkClaims
  /** Whether the database answers (and, on SQLite, the file is intact): what `/healthz` reports. */
  usable(): Promise<boolean>
  /** Runs a unit of work (./unit-of-work.ts) in one transaction; resolves once it is durable. */
  units: UnitRunner
}

export interface RelayStorageOptions {
  now: () => Date
  /** Where a stored secret that fails to open is reported. */
  logger: Logger
  quotaLimits: DeviceQuotaLimits
  changeLog?: DeviceChangeLogOptions
  /** The relay key's box; on SQLite the database's own (`relay.key` beside it) unless given. */
  secretBox?: SecretBox
  /** SQLite: how often another process's writes to the file are looked for (default 500 ms). */
  externalWritesIntervalMs?: number
}

/**
 * SQLite's document store as the `DocumentSync` contract: the same methods, their results handed
 * back as promises, until its callers await it.
 */
function documentSyncOnSqlite(store: DocumentStore, externalWritesIntervalMs?: number): DocumentSync {
  return {
    get: async (collection, id) => store.get(collection, id),
    put: async (collection, document, options) => store.put(collection, document, options),
    update: async (collection, id, change, options) => store.upsert(collection, id, change, options),
    pull: async (collection, checkpoint, limit, options) => store.pull(collection, checkpoint, limit, options),
    onChange: (listener) => store.onChange(listener),
    followExternalWrites: () => store.followExternalWrites(externalWritesIntervalMs),
  }
}

/** Every store on the SQLite file, over its one document store (whose change events the relay listens to). */
export function relayStorageOnSqlite(db: RelayDatabase, documents: DocumentStore, options: RelayStorageOptions): RelayStorage {
  const { now, logger } = options
  const box = options.secretBox ?? secretBoxOf(db)
  const quotas = new DeviceQuotas(db, options.quotaLimits)
  const changeLog = new DeviceChangeLog(db, options.changeLog)
  const unitStorage = unitStorageOnSqlite(db, documents, quotas, changeLog, now, box)
  return {
    engine: 'sqlite',
    inbox: new InboxStore(db, now),
    devices: new DeviceRegistry(db, now),
    documents: documentSyncOnSqlite(documents, options.externalWritesIntervalMs),
    queries: documentQueriesOnSqlite(documentRepositories(db)),
    texts: scheduledTextsOnSqlite(new MessageJobStore(db, now)),
    quotas: deviceQuotasOnSqlite(db, quotas),
    audit: auditTrailOnSqlite(new AuditLog(db)),
    changes: deviceChangeTrailOnSqlite(changeLog),
    ledger: paymentLedgerOnSqlite(db),
    optOuts: optOutListOnSqlite(new SmsOptOuts(db)),
    textBacks: missedCallTextBacksOnSqlite(new MissedCallTextBacks(db)),
    stripe: stripePaymentRecordsOnSqlite(db, documents, new StripePaymentStore(db, now)),
    ringCentral: ringCentralRecordsOnSqlite(db),
    telephonyCalls: telephonyCallsOnSqlite(db, documents),
    plaidItems: plaidItemsOnSqlite(new PlaidItemStore(db, now, box)),
    signIns: ringCentralSignInsOnSqlite(new RingCentralAuthStore(db, logger, now, box)),
    claims: workClaimsOnSqlite(db),
    usable: async () => isDatabaseUsable(db),
    // One transaction with the others of the group commit, each unit in its own savepoint.
    units: (unit) => groupCommitOf(db).run(() => documents.transaction(() => runAtOnce(unit(unitStorage)))),
  }
}

/** The stores a unit of work asks on SQLite: each answers at once, inside the unit's transaction. */
function unitStorageOnSqlite(db: RelayDatabase, documents: DocumentStore, quotas: DeviceQuotas, changeLog: DeviceChangeLog, now: () => Date, box: SecretBox): UnitStorage {
  const audit = new AuditLog(db)
  const optOuts = new SmsOptOuts(db)
  const applications = new PaymentApplications(db)
  const lines = new BankLines(db)
  const plaidItems = new PlaidItemStore(db, now, box)
  return {
    documents: {
      get: (collection, id) => documents.get(collection, id),
      put: (collection, document, options) => documents.put(collection, document, options),
      isOwnerOnly: (collection, id) => documents.isOwnerOnly(collection, id),
      withField: (collection, field, value) => documents.findBy(collection, field, value),
      // The unit's transaction holds the whole database.
      lock: () => undefined,
    },
    bookings: documents.bookings,
    customers: documents.customers,
    transactions: documents.transactions,
    paymentMatches: documents.paymentMatches,
    settings: documents.settings,
    needsAttention: documents.needsAttention,
    quotas,
    audit,
    changes: changeLog,
    optOuts,
    ledger: {
      upsertLines: (batch, receivedAt) => lines.upsert(batch, receivedAt),
      markRemoved: (transactionId) => lines.markRemoved(transactionId),
      line: (transactionId) => lines.get(transactionId),
      applicationOf: (transactionId) => applications.ofTransaction(transactionId),
      applicationsOf: (bookingId) => applications.ofBooking(bookingId),
      apply: (application, appliedAt) => {
        if (applications.ofTransaction(application.transactionId)) return false
        applications.add(application, appliedAt)
        return true
      },
      unapply: (transactionId) => {
        if (!applications.ofTransaction(transactionId)) return false
        applications.remove(transactionId)
        return true
      },
    },
    plaidItems: { saveCursor: (itemId, cursor) => plaidItems.saveCursor(itemId, cursor) },
  }
}

/** Every store on a PostgreSQL database; relays sharing it must share the relay key (`secretBox`). */
export function relayStorageOnPostgres(db: PostgresDatabase, options: RelayStorageOptions & { secretBox: SecretBox }): RelayStorage {
  const { now, logger, secretBox } = options
  const documents = new PostgresDocumentStore(db, now)
  return {
    engine: 'postgres',
    inbox: new PostgresInboxStore(db, now),
    devices: new PostgresDeviceStore(db, now),
    documents,
    queries: postgresDocumentQueries(db),
    texts: new PostgresScheduledTexts(db, now),
    quotas: new PostgresDeviceQuotas(db, options.quotaLimits),
    audit: new PostgresAuditTrail(db),
    changes: new PostgresDeviceChangeTrail(db, options.changeLog),
    ledger: new PostgresPaymentLedger(db),
    optOuts: new PostgresOptOutList(db),
    textBacks: new PostgresMissedCallTextBacks(db),
    stripe: new PostgresStripePaymentRecords(db, documents, now),
    ringCentral: new PostgresRingCentralRecords(db),
    telephonyCalls: new PostgresTelephonyCalls(documents),
    plaidItems: new PostgresPlaidItems(db, secretBox, now),
    signIns: new PostgresRingCentralSignIns(db, secretBox, logger, now),
    claims: new PostgresWorkClaims(db),
    usable: async () => {
      try {
        await db.sql.query('SELECT 1')
        return true
      } catch {
        return false
      }
    },
    units: unitsOnPostgres(db, documents, { ...options, secretBox }),
  }
}
