/**
 * The console's RxDB storage: every collection is held in memory (RxDB's memory storage), and
 * every write is appended to an IndexedDB log before RxDB is told it succeeded. Opening replays
 * the log, so the data and any edit made offline survive a restart.
 *
 * Why not RxDB's free Dexie storage: it costs about seven IndexedDB reads and writes per
 * document the console pulls (the document, the replication's record of the relay's state, and
 * the checks around both), and every query is re-read from disk. A newly paired console pulling
 * 10,000 bookings and 10,000 deposits spent most of half a minute there. Here a page of 1,000
 * pulled documents is one IndexedDB write, and queries never wait on the disk.
 *
 * The log is compacted into a snapshot once it holds several times the live documents.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb'
import type {
  BulkWriteRow,
  RxDocumentData,
  RxStorage,
  RxStorageBulkWriteResponse,
  RxStorageInstance,
  RxStorageInstanceCreationParams,
} from 'rxdb'
import { getRxStorageMemory, type RxStorageInstanceMemory } from 'rxdb/plugins/storage-memory'

type AnyDocument = RxDocumentData<Record<string, unknown>>

interface LogEntry {
  seq?: number
  /** Which collection (and schema version) of which RxDB database. */
  instance: string
  /** A snapshot replaces everything logged for the instance before it. */
  snapshot: boolean
  /**
   * The documents as JSON: IndexedDB copies a string far faster than it structured-clones a
   * thousand objects, and the console writes pages of a thousand while it catches up.
   */
  documents: string
}

const logStore = 'log'
/** Compact once the log holds this many times the live documents (plus a floor for small ones). */
const compactionFactor = 3
const compactionFloor = 2_000

/** The IndexedDB database that holds the logs of one RxDB database. */
export function logDatabaseName(databaseName: string): string {
  return `switchboard-store-${databaseName}`
}

const logDatabases = new Map<string, Promise<IDBPDatabase>>()

function openLog(databaseName: string): Promise<IDBPDatabase> {
  let opened = logDatabases.get(databaseName)
  if (!opened) {
    opened = openDB(logDatabaseName(databaseName), 1, {
      upgrade(db) {
        db.createObjectStore(logStore, { keyPath: 'seq', autoIncrement: true }).createIndex('instance', 'instance')
      },
      // Another tab deleting or upgrading the database: let go so it can.
      blocking(_current, _next, event) {
        ;(event.target as IDBDatabase).close()
        logDatabases.delete(databaseName)
      },
    })
    logDatabases.set(databaseName, opened)
  }
  return opened
}

/** Every document logged for `instance`, latest state of each, in log order. */
async function replay(db: IDBPDatabase, instance: string, primaryPath: string): Promise<{ documents: AnyDocument[]; logged: number }> {
  const entries = (await db.getAllFromIndex(logStore, 'instance', instance)) as LogEntry[]
  entries.sort((a, b) => a.seq! - b.seq!)
  const byId = new Map<string, AnyDocument>()
  let logged = 0
  for (const entry of entries) {
    if (entry.snapshot) byId.clear()
    const documents = JSON.parse(entry.documents) as AnyDocument[]
    for (const document of documents) byId.set(document[primaryPath] as string, document)
    logged += documents.length
  }
  return { documents: [...byId.values()], logged }
}

/** Deletes every entry logged for `instance` inside `transaction`. */
async function deleteEntries(transaction: IDBPTransaction<unknown, [typeof logStore], 'readwrite'>, instance: string): Promise<void> {
  for (let cursor = await transaction.store.index('instance').openKeyCursor(instance); cursor; cursor = await cursor.continue()) {
    void transaction.store.delete(cursor.primaryKey)
  }
}

/** Replaces everything logged for `instance` with one snapshot of `documents`, atomically. */
async function writeSnapshot(db: IDBPDatabase, instance: string, documents: AnyDocument[]): Promise<void> {
  const transaction = db.transaction(logStore, 'readwrite')
  await deleteEntries(transaction, instance)
  void transaction.store.add({ instance, snapshot: true, documents: JSON.stringify(documents) } satisfies LogEntry)
  await transaction.done
}

async function forget(db: IDBPDatabase, instance: string): Promise<void> {
  const transaction = db.transaction(logStore, 'readwrite')
  await deleteEntries(transaction, instance)
  await transaction.done
}

function instanceKey(params: { databaseName: string; collectionName: string; schema: { version: number } }): string {
  return `${params.databaseName}|${params.collectionName}|${params.schema.version}`
}

function primaryPathOf(schema: { primaryKey: string | { key: string } }): string {
  return typeof schema.primaryKey === 'string' ? schema.primaryKey : schema.primaryKey.key
}

class PersistedMemoryInstance<RxDocType> implements RxStorageInstance<RxDocType, object, object> {
  readonly databaseName: string
  readonly collectionName: string
  readonly schema: RxStorageInstance<RxDocType, object, object>['schema']
  readonly options: object
  readonly internals: object
  readonly getChangedDocumentsSince: RxStorageInstance<RxDocType, object, object>['getChangedDocumentsSince']
  private writes: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly inner: RxStorageInstance<RxDocType, object, object>,
    private readonly log: IDBPDatabase,
    private readonly key: string,
    /** Per instance: documents logged since its last snapshot (compaction's measure). */
    private readonly loggedSinceSnapshot: Map<string, number>,
  ) {
    this.databaseName = inner.databaseName
    this.collectionName = inner.collectionName
    this.schema = inner.schema
    this.options = inner.options
    this.internals = inner.internals
    this.getChangedDocumentsSince = inner.getChangedDocumentsSince?.bind(inner)
  }

  private get primaryPath(): string {
    return primaryPathOf(this.schema as { primaryKey: string | { key: string } })
  }

  async bulkWrite(rows: BulkWriteRow<RxDocType>[], context: string): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    const result = await this.inner.bulkWrite(rows, context)
    const refused = new Set(result.error.map((error) => error.documentId))
    const written = rows.map((row) => row.document as unknown as AnyDocument).filter((document) => !refused.has(document[this.primaryPath] as string))
    if (written.length > 0) await this.append(written)
    return result
  }

  /** Appends in write order (a later write of a document must land after an earlier one). */
  private append(documents: AnyDocument[]): Promise<unknown> {
    const appended = this.writes.then(async () => {
      const logged = (this.loggedSinceSnapshot.get(this.key) ?? 0) + documents.length
      const live = await this.liveDocuments(logged)
      if (live) {
        await writeSnapshot(this.log, this.key, live)
        this.loggedSinceSnapshot.set(this.key, live.length)
      } else {
        await this.log.add(logStore, { instance: this.key, snapshot: false, documents: JSON.stringify(documents) } satisfies LogEntry)
        this.loggedSinceSnapshot.set(this.key, logged)
      }
    })
    // One failed write must not stop the ones after it from being logged.
    this.writes = appended.catch(() => undefined)
    return appended
  }

  /** Every document (tombstones too) once the log has grown enough to be worth compacting, else null. */
  private async liveDocuments(logged: number): Promise<AnyDocument[] | null> {
    if (logged < compactionFloor) return null
    const memory = this.inner as unknown as RxStorageInstanceMemory<RxDocType>
    memory.ensurePersistence()
    const { documents } = memory.internals
    if (logged < compactionFactor * documents.size) return null
    return [...documents.values()] as unknown as AnyDocument[]
  }

  findDocumentsById(ids: string[], withDeleted: boolean) {
    return this.inner.findDocumentsById(ids, withDeleted)
  }

  query(...args: Parameters<RxStorageInstance<RxDocType, object, object>['query']>) {
    return this.inner.query(...args)
  }

  count(...args: Parameters<RxStorageInstance<RxDocType, object, object>['count']>) {
    return this.inner.count(...args)
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string) {
    return this.inner.getAttachmentData(documentId, attachmentId, digest)
  }

  changeStream() {
    return this.inner.changeStream()
  }

  async cleanup(minimumDeletedTime: number) {
    // Purged tombstones leave memory now and the log at its next snapshot.
    return this.inner.cleanup(minimumDeletedTime)
  }

  async close() {
    await this.writes
    await this.inner.close()
  }

  async remove() {
    await this.writes
    await this.inner.remove()
    await forget(this.log, this.key)
    this.loggedSinceSnapshot.delete(this.key)
  }
}

/**
 * One storage per opened database: its memory starts empty and is filled from the log as each
 * collection opens, so closing and opening again (a restart, a new pairing) reads what was logged.
 */
export function getRxStoragePersistedMemory(): RxStorage<object, object> {
  // RxDB's memory storage keeps collections in `collectionStates`, shared by default; this one's own.
  const memory = { ...getRxStorageMemory(), collectionStates: new Map() }
  const loggedSinceSnapshot = new Map<string, number>()
  return {
    name: 'persisted-memory',
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, object>) {
      const key = instanceKey(params)
      const log = await openLog(params.databaseName)
      const inner = (await memory.createStorageInstance(params as never)) as unknown as RxStorageInstance<RxDocType, object, object>
      if (!loggedSinceSnapshot.has(key)) {
        const { documents, logged } = await replay(log, key, primaryPathOf(params.schema as { primaryKey: string | { key: string } }))
        if (documents.length > 0) {
          await inner.bulkWrite(documents.map((document) => ({ document: document as unknown as RxDocumentData<RxDocType> })), 'persisted-memory-replay')
        }
        loggedSinceSnapshot.set(key, logged)
      }
      return new PersistedMemoryInstance(inner, log, key, loggedSinceSnapshot)
    },
  }
}
