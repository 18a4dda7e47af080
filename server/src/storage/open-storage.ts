/**
 * The relay's storage as its configuration names it: PostgreSQL when `DATABASE_URL` is set
 * (several relays on one database), else the SQLite file in `RELAY_DATA_DIR` (the embedded
 * default). The relay and its commands (pair, devices, events) open it here.
 *
 * On PostgreSQL the relay key (`relay.key` in `RELAY_DATA_DIR`, made on first start) seals the
 * provider tokens in the database: relays on one database must have the same key file.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RelayConfig } from '../config/config'
import type { Logger } from '../logging/logger'
import { openDatabase, type RelayDatabase } from './database'
import { DocumentStore } from './document-store'
import { redactDatabaseUrl } from './postgres/database-url'
import { openPostgres, type PostgresDatabase } from './postgres/postgres-database'
import { relayStorageOnPostgres, relayStorageOnSqlite, type RelayStorage } from './relay-storage'
import { loadOrCreateKey, SecretBox } from './secret-box'

export type OpenedStorage =
  | { engine: 'sqlite'; storage: RelayStorage; db: RelayDatabase; documents: DocumentStore; close(): Promise<void> }
  | { engine: 'postgres'; storage: RelayStorage; db: PostgresDatabase; close(): Promise<void> }

export async function openRelayStorage(config: RelayConfig, logger: Logger, now: () => Date = () => new Date()): Promise<OpenedStorage> {
  const options = { now, logger, quotaLimits: config.deviceQuotas }
  if (config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    const secretBox = new SecretBox(loadOrCreateKey(join(config.dataDir, 'relay.key')))
    let db
    try {
      db = await openPostgres(config.databaseUrl, { schema: config.databaseSchema })
    } catch (error) {
      // Named without its password: the message reaches the terminal and the log.
      throw new Error(`could not open the PostgreSQL database ${redactDatabaseUrl(config.databaseUrl)} (${(error as Error).message.slice(0, 200)})`)
    }
    const opened = db
    return { engine: 'postgres', storage: relayStorageOnPostgres(db, { ...options, secretBox }), db, close: () => opened.close() }
  }
  const db = openDatabase(config.dataDir)
  const documents = new DocumentStore(db, now)
  return { engine: 'sqlite', storage: relayStorageOnSqlite(db, documents, options), db, documents, close: async () => void (db.open && db.close()) }
}
