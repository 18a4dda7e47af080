/**
 * The engines the storage contract suite runs on, each opening a fresh database with two sets of
 * stores on it: `mine`, and `theirs` on a connection of its own (another relay on the same
 * database). PostgreSQL runs when a test database is configured (`test-databases.ts`).
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import type {
  AuditTrail,
  DeviceChangeTrail,
  DeviceQuotaLimits,
  MissedCallTextBackStore,
  OptOutList,
  PaymentLedger,
  PlaidItems,
  RingCentralRecords,
  RingCentralSignIns,
  StripePaymentRecords,
  DeviceQuotaStore,
  DeviceStore,
  DocumentQueries,
  DocumentSync,
  ScheduledTexts,
  WebhookInbox,
} from '../contracts'
import { AuditLog, auditTrailOnSqlite } from '../audit-log'
import { openDatabase, type RelayDatabase } from '../database'
import { DeviceChangeLog, deviceChangeTrailOnSqlite, type DeviceChangeLogOptions } from '../device-change-log'
import { DeviceQuotas, deviceQuotasOnSqlite } from '../device-quotas'
import { DeviceRegistry } from '../device-registry'
import { documentQueriesOnSqlite, documentRepositories } from '../document-repositories'
import { DocumentStore } from '../document-store'
import { postgresDocumentQueries } from '../postgres/postgres-document-queries'
import { PostgresDocumentStore } from '../postgres/postgres-document-store'
import { InboxStore } from '../inbox-store'
import { MissedCallTextBacks, missedCallTextBacksOnSqlite } from '../missed-call-text-backs'
import { paymentLedgerOnSqlite } from '../payment-ledger'
import { PlaidItemStore, plaidItemsOnSqlite } from '../plaid-item-store'
import { PostgresPlaidItems, PostgresRingCentralSignIns } from '../postgres/postgres-encrypted-records'
import { RingCentralAuthStore, ringCentralSignInsOnSqlite } from '../ringcentral-auth-store'
import { SecretBox } from '../secret-box'
import { ringCentralRecordsOnSqlite } from '../ringcentral-state'
import { optOutListOnSqlite, SmsOptOuts } from '../sms-opt-outs'
import { StripePaymentStore, stripePaymentRecordsOnSqlite } from '../stripe-payment-store'
import { MessageJobStore, scheduledTextsOnSqlite } from '../job-store'
import { PostgresAuditTrail } from '../postgres/postgres-audit-trail'
import { PostgresDeviceChangeTrail } from '../postgres/postgres-device-change-trail'
import { PostgresDeviceQuotas } from '../postgres/postgres-device-quotas'
import { PostgresDeviceStore } from '../postgres/postgres-device-store'
import { PostgresInboxStore } from '../postgres/postgres-inbox-store'
import { PostgresPaymentLedger } from '../postgres/postgres-payment-ledger'
import { PostgresMissedCallTextBacks, PostgresOptOutList, PostgresRingCentralRecords, PostgresStripePaymentRecords } from '../postgres/postgres-provider-records'
import { PostgresScheduledTexts } from '../postgres/postgres-scheduled-texts'
import { createPostgresTestSchema, freshSqliteDataDir, postgresSkipReason } from './test-databases'

export interface ContractStores {
  inbox: WebhookInbox
  devices: DeviceStore
  documents: DocumentSync
  queries: DocumentQueries
  texts: ScheduledTexts
  /** With the small limits below, so a test reaches them. */
  quotas: DeviceQuotaStore
  audit: AuditTrail
  /** Bounded as below, so a test reaches the bounds. */
  changes: DeviceChangeTrail
  ledger: PaymentLedger
  optOuts: OptOutList
  textBacks: MissedCallTextBackStore
  stripe: StripePaymentRecords
  ringCentral: RingCentralRecords
  plaidItems: PlaidItems
  signIns: RingCentralSignIns
  /** The same sign-in stores on the same database with a key of their own (a relay with the wrong key). */
  withAnotherKey(): { plaidItems: PlaidItems; signIns: RingCentralSignIns }
  /** Every sealed value as stored (Plaid tokens of linked Items, RingCentral sign-ins): what a copy of the database reveals. */
  storedSecrets(): Promise<string[]>
}

const quietLogger = pino({ level: 'silent' })

function sqliteSecrets(db: RelayDatabase): string[] {
  const rows = db
    .prepare("SELECT access_token AS secret FROM plaid_items WHERE access_token <> '' UNION ALL SELECT sealed FROM ringcentral_auth")
    .all() as { secret: string }[]
  return rows.map((row) => row.secret)
}

/** A change log small enough for a test to prune (pruned only when asked). */
export const contractChangeLogBounds: DeviceChangeLogOptions = { retentionDays: 30, maxRows: 5, pruneEvery: 1_000_000 }

/** Quotas small enough for a test to reach. */
export const contractQuotaLimits: DeviceQuotaLimits = { textsPerHour: 5, checkoutsPerHour: 2, creationsPerHour: 20 }

/**
 * SQLite's document store is still synchronous (its callers are not converted yet): the same
 * methods, their results handed back as promises, so the one suite checks both engines.
 */
function sqliteDocumentSync(store: DocumentStore): DocumentSync {
  return {
    get: async (collection, id) => store.get(collection, id),
    put: async (collection, document, options) => store.put(collection, document, options),
    pull: async (collection, checkpoint, limit, options) => store.pull(collection, checkpoint, limit, options),
    onChange: (listener) => store.onChange(listener),
    followExternalWrites: () => store.followExternalWrites(50),
  }
}

export interface StorageEngine {
  name: string
  /** Why this engine's tests skip, or null when they run. */
  skipReason: string | null
  open(now: () => Date): Promise<{ mine: ContractStores; theirs: ContractStores; close(): Promise<void> }>
}

const sqlite: StorageEngine = {
  name: 'SQLite',
  skipReason: null,
  async open(now) {
    const dataDir = freshSqliteDataDir()
    const [a, b] = [openDatabase(dataDir), openDatabase(dataDir)]
    const stores = (db: typeof a): ContractStores => ({
      inbox: new InboxStore(db, now),
      devices: new DeviceRegistry(db, now),
      documents: sqliteDocumentSync(new DocumentStore(db, now)),
      queries: documentQueriesOnSqlite(documentRepositories(db)),
      texts: scheduledTextsOnSqlite(new MessageJobStore(db, now)),
      quotas: deviceQuotasOnSqlite(db, new DeviceQuotas(db, contractQuotaLimits)),
      audit: auditTrailOnSqlite(new AuditLog(db)),
      changes: deviceChangeTrailOnSqlite(new DeviceChangeLog(db, contractChangeLogBounds)),
      ledger: paymentLedgerOnSqlite(db),
      optOuts: optOutListOnSqlite(new SmsOptOuts(db)),
      textBacks: missedCallTextBacksOnSqlite(new MissedCallTextBacks(db)),
      stripe: stripePaymentRecordsOnSqlite(db, new StripePaymentStore(db, now)),
      ringCentral: ringCentralRecordsOnSqlite(db),
      plaidItems: plaidItemsOnSqlite(new PlaidItemStore(db, now)),
      signIns: ringCentralSignInsOnSqlite(new RingCentralAuthStore(db, quietLogger, now)),
      withAnotherKey: () => {
        const box = new SecretBox(randomBytes(32))
        return {
          plaidItems: plaidItemsOnSqlite(new PlaidItemStore(db, now, box)),
          signIns: ringCentralSignInsOnSqlite(new RingCentralAuthStore(db, quietLogger, now, box)),
        }
      },
      storedSecrets: async () => sqliteSecrets(db),
    })
    return {
      mine: stores(a),
      theirs: stores(b),
      async close() {
        a.close()
        b.close()
      },
    }
  },
}

const postgres: StorageEngine = {
  name: 'PostgreSQL',
  skipReason: postgresSkipReason(),
  async open(now) {
    const schema = await createPostgresTestSchema()
    const [a, b] = [await schema.open(), await schema.open()]
    // Relays sharing a database share the relay key.
    const relayKey = new SecretBox(randomBytes(32))
    const stores = (db: typeof a): ContractStores => ({
      inbox: new PostgresInboxStore(db, now),
      devices: new PostgresDeviceStore(db, now),
      documents: new PostgresDocumentStore(db, now),
      queries: postgresDocumentQueries(db),
      texts: new PostgresScheduledTexts(db, now),
      quotas: new PostgresDeviceQuotas(db, contractQuotaLimits),
      audit: new PostgresAuditTrail(db),
      changes: new PostgresDeviceChangeTrail(db, contractChangeLogBounds),
      ledger: new PostgresPaymentLedger(db),
      optOuts: new PostgresOptOutList(db),
      textBacks: new PostgresMissedCallTextBacks(db),
      stripe: new PostgresStripePaymentRecords(db, now),
      ringCentral: new PostgresRingCentralRecords(db),
      plaidItems: new PostgresPlaidItems(db, relayKey, now),
      signIns: new PostgresRingCentralSignIns(db, relayKey, quietLogger, now),
      withAnotherKey: () => {
        const box = new SecretBox(randomBytes(32))
        return { plaidItems: new PostgresPlaidItems(db, box, now), signIns: new PostgresRingCentralSignIns(db, box, quietLogger, now) }
      },
      storedSecrets: async () => {
        const { rows } = await db.pool.query<{ secret: string }>(
          "SELECT access_token AS secret FROM plaid_items WHERE access_token <> '' UNION ALL SELECT sealed FROM ringcentral_auth",
        )
        return rows.map((row) => row.secret)
      },
    })
    return {
      mine: stores(a),
      theirs: stores(b),
      async close() {
        await Promise.all([a.close(), b.close()])
        await schema.drop()
      },
    }
  },
}

export const storageEngines: readonly StorageEngine[] = [sqlite, postgres]

/**
 * A test body run on a fresh database of `engine`: `start()` runs first (resetting a test clock),
 * then `test` gets this relay's store and the other relay's, picked by `pick`.
 */
export function onFreshDatabase<T>(engine: StorageEngine, now: () => Date, pick: (stores: ContractStores) => T, start: () => void = () => {}) {
  return (test: (mine: T, theirs: T) => Promise<void>) => async () => {
    start()
    const { mine, theirs, close } = await engine.open(now)
    try {
      await test(pick(mine), pick(theirs))
    } finally {
      await close()
    }
  }
}
