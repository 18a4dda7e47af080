/**
 * The console's local store: RxDB on IndexedDB (Dexie), one database per paired device so data
 * from different relays never mixes. Only the collections the device's role may sync are opened.
 */
import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollection, type RxDatabase } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
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

export async function openConsoleDatabase(deviceId: string, role: 'owner' | 'frontdesk'): Promise<ConsoleDatabase> {
  const db = await createRxDatabase<ConsoleCollections>({
    name: `switchboard_${deviceId.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`,
    storage: getRxStorageDexie(),
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
