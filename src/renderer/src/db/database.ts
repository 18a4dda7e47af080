/**
 * The console's local store: RxDB held in memory and logged to IndexedDB (persisted-memory-storage),
 * one database per paired device so data from different relays never mixes. Only the collections
 * the device's role may sync are opened.
 */
import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollection, type RxDatabase } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { getRxStoragePersistedMemory } from './persisted-memory-storage'
import {
  collectionMigrationStrategies,
  collectionNames,
  collectionSchemas,
  ownerOnlyCollections,
  type CollectionName,
} from '../../../domain/schemas'

// Needed to open a collection whose schema version was bumped: it upgrades the stored documents.
addRxPlugin(RxDBMigrationSchemaPlugin)

/** One strategy per schema version step (bookings, calls, suggestions and settings changed shape). */
const migrationStrategies = collectionMigrationStrategies as Partial<Record<CollectionName, MigrationStrategies>>

export type ConsoleCollections = Partial<Record<CollectionName, RxCollection>>
export type ConsoleDatabase = RxDatabase<ConsoleCollections>

export function collectionsForRole(role: 'owner' | 'frontdesk'): CollectionName[] {
  return collectionNames.filter((name) => role === 'owner' || !ownerOnlyCollections.includes(name))
}

/**
 * Consoles paired before the persisted-memory storage keep their Dexie database until they are
 * paired again: its replication state knows which local edits have not reached the relay yet,
 * and moving the documents alone would lose that.
 */
async function hasLegacyDexieDatabase(name: string): Promise<boolean> {
  const databases = await indexedDB.databases?.().catch(() => []) ?? []
  return databases.some((database) => database.name?.startsWith(`rxdb-dexie-${name}--`))
}

export async function openConsoleDatabase(deviceId: string, role: 'owner' | 'frontdesk'): Promise<ConsoleDatabase> {
  const name = `switchboard_${deviceId.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`
  const db = await createRxDatabase<ConsoleCollections>({
    name,
    storage: (await hasLegacyDexieDatabase(name)) ? getRxStorageDexie() : getRxStoragePersistedMemory(),
    // One console window per database; no cross-tab coordination needed.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  })
  await db.addCollections(
    Object.fromEntries(
      collectionsForRole(role).map((name) => [
        name,
        { schema: collectionSchemas[name] as never, migrationStrategies: migrationStrategies[name] ?? {} },
      ]),
    ),
  )
  return db
}
