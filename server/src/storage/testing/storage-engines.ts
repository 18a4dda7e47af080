/**
 * The engines the storage contract suite runs on, each opening a fresh database with two sets of
 * stores on it: `mine`, and `theirs` on a connection of its own (another relay on the same
 * database). PostgreSQL runs when a test database is configured (`test-databases.ts`).
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import type { DeviceQuotaLimits, PlaidItems, RingCentralSignIns } from '../contracts'
import { openDatabase, type RelayDatabase } from '../database'
import type { DeviceChangeLogOptions } from '../device-change-log'
import { DocumentStore } from '../document-store'
import { PlaidItemStore, plaidItemsOnSqlite } from '../plaid-item-store'
import { PostgresPlaidItems, PostgresRingCentralSignIns } from '../postgres/postgres-encrypted-records'
import { relayStorageOnPostgres, relayStorageOnSqlite, type RelayStorage } from '../relay-storage'
import { RingCentralAuthStore, ringCentralSignInsOnSqlite } from '../ringcentral-auth-store'
import { SecretBox } from '../secret-box'
import { createPostgresTestSchema, freshSqliteDataDir, postgresSkipReason } from './test-databases'

/** A relay's stores as the relay builds them (relay-storage.ts), and what a test looks at besides. */
export interface ContractStores extends RelayStorage {
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
      ...relayStorageOnSqlite(db, new DocumentStore(db, now), {
        now,
        logger: quietLogger,
        quotaLimits: contractQuotaLimits,
        changeLog: contractChangeLogBounds,
        externalWritesIntervalMs: 50,
      }),
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
      ...relayStorageOnPostgres(db, { now, logger: quietLogger, quotaLimits: contractQuotaLimits, changeLog: contractChangeLogBounds, secretBox: relayKey }),
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

/** `signIns` as it is, noting each key written: a client that signs in again with the JWT writes its new tokens. */
export function signInsNotingWrites(signIns: RingCentralSignIns, written: string[]): RingCentralSignIns {
  return {
    getItem: (key) => signIns.getItem(key),
    setItem: async (key, value) => (written.push(key), signIns.setItem(key, value)),
    removeItem: (key) => signIns.removeItem(key),
    forget: (prefix) => signIns.forget(prefix),
    cachePrefixFor: (consumer, app) => signIns.cachePrefixFor(consumer, app),
  }
}
