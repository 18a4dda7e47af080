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
 * What the relay sends while a console catches up is logged behind RxDB's back: RxDB is told
 * at once, and the log is written when the pull pauses, in the background. Only the relay's
 * copy is at stake there (it is pulled again), and one queue per database keeps the log in write
 * order, so a console closed mid-way keeps a consistent earlier state: never a checkpoint ahead
 * of the documents it covers. Everything else, an edit above all, is acknowledged only once it
 * and every write before it are in IndexedDB.
 *
 * The log is compacted into a snapshot once it holds several times the live documents, when no
 * write is in flight (so the snapshot is exactly what the log holds).
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
/** Writes made by RxDB's replication from what the relay sent (see the note above). */
const relayCopyContexts = [/^replication-downstream-/, /^replication-down-write-meta$/, /^replication-set-checkpoint$/]
/** When the log catches up with writes made in the background. */
export interface BackgroundLogging {
  /** A pause in the relay's writes this long… */
  quietMs: number
  /** …or this long since the oldest write not yet logged. */
  maxDelayMs: number
}
// A second's pause: the first views draw from memory before the log takes the main thread.
const defaultBackgroundLogging: BackgroundLogging = { quietMs: 1_000, maxDelayMs: 5_000 }
/** One IndexedDB transaction carries about this many documents. */
const documentsPerTransaction = 5_000
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


interface QueuedWrite {
  instance: string
  /** Null while RxDB is still applying the write (its place in the order is already taken). */
  documents: AnyDocument[] | null
  /** Set for a write whose caller waits until it is in IndexedDB. */
  settle: { resolve(): void; reject(error: unknown): void } | null
}

/** The log of one RxDB database: every instance's writes, in the order RxDB made them. */
class DatabaseLog {
  private readonly queue: QueuedWrite[] = []
  private draining: Promise<unknown> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private oldestWaitingSince: number | null = null
  /** The memory instances whose documents a snapshot is taken from. */
  readonly instances = new Map<string, RxStorageInstanceMemory<unknown>>()
  /** Per instance: documents logged since its last snapshot (compaction's measure). */
  readonly loggedSinceSnapshot = new Map<string, number>()

  constructor(
    readonly db: IDBPDatabase,
    private readonly background: BackgroundLogging,
  ) {}

  /** Takes the next place in the log for a write RxDB is about to apply. */
  reserve(instance: string): QueuedWrite {
    const write: QueuedWrite = { instance, documents: null, settle: null }
    this.queue.push(write)
    return write
  }

  /**
   * Fills a reserved place. A write RxDB waits on resolves once it and everything before it are
   * in IndexedDB; one in the background resolves now and is written soon.
   */
  fill(write: QueuedWrite, documents: AnyDocument[], background: boolean): Promise<void> {
    write.documents = documents
    if (documents.length === 0) this.queue.splice(this.queue.indexOf(write), 1)
    if (background || documents.length === 0) {
      this.scheduleDrain()
      return Promise.resolve()
    }
    const durable = new Promise<void>((resolve, reject) => (write.settle = { resolve, reject }))
    void this.drain()
    return durable
  }

  /** Everything accepted so far, written (closing waits for this). */
  async flush(): Promise<void> {
    while (this.queue.length > 0) {
      if (!this.queue[0]!.documents) {
        // A write RxDB is still applying holds the head: wait for it to take its place.
        await new Promise((resolve) => setTimeout(resolve, 5))
        continue
      }
      const error = await this.drain()
      if (error) throw error
    }
    await this.draining
  }

  private scheduleDrain(): void {
    const now = Date.now()
    this.oldestWaitingSince ??= now
    if (this.timer) clearTimeout(this.timer)
    const wait = Math.max(0, Math.min(this.background.quietMs, this.oldestWaitingSince + this.background.maxDelayMs - now))
    this.timer = setTimeout(() => void yieldToRendering(backgroundPatienceMs).then(() => this.drain()), wait)
  }

  /** Writes what it can; resolves with the error if IndexedDB refused a write. */
  private drain(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.oldestWaitingSince = null
    this.draining ??= this.writeQueued().finally(() => {
      this.draining = null
      // A write filled while the last transaction was finishing.
      if (this.queue[0]?.documents) {
        if (this.queue.some((write) => write.settle)) void this.drain()
        else this.scheduleDrain()
      }
    })
    return this.draining
  }

  /** Writes the filled writes at the head of the queue, a transaction at a time, yielding between. */
  private async writeQueued(): Promise<unknown> {
    for (;;) {
      const batch: QueuedWrite[] = []
      let count = 0
      for (const write of this.queue) {
        if (!write.documents || (count > 0 && count + write.documents.length > documentsPerTransaction)) break
        batch.push(write)
        count += write.documents.length
      }
      if (batch.length === 0) break
      try {
        const transaction = this.db.transaction(logStore, 'readwrite')
        for (const write of batch) {
          void transaction.store.add({ instance: write.instance, snapshot: false, documents: JSON.stringify(write.documents) } satisfies LogEntry)
        }
        await transaction.done
      } catch (error) {
        // Nothing later may reach the log before these: they stay at the head and are tried
        // again, and whoever waits is told now.
        for (const write of this.queue) write.settle?.reject(error)
        for (const write of this.queue) write.settle = null
        return error
      }
      this.queue.splice(0, batch.length)
      for (const write of batch) {
        this.loggedSinceSnapshot.set(write.instance, (this.loggedSinceSnapshot.get(write.instance) ?? 0) + write.documents!.length)
        write.settle?.resolve()
      }
      // Let the console draw between transactions: a catch-up can leave tens of thousands behind.
      if (this.queue.length > 0) await yieldToRendering(this.queue.some((write) => write.settle) ? 50 : backgroundPatienceMs)
    }
    // A snapshot that fails leaves the log longer, nothing lost.
    if (this.queue.length === 0) await this.compact().catch(() => undefined)
    return null
  }

  /** Snapshots each instance whose log has grown to several times its live documents. */
  private async compact(): Promise<void> {
    for (const [instance, memory] of this.instances) {
      const logged = this.loggedSinceSnapshot.get(instance) ?? 0
      if (logged < compactionFloor) continue
      memory.ensurePersistence()
      const { documents } = memory.internals
      if (logged < compactionFactor * documents.size) continue
      // Taken when nothing is in flight, so the snapshot holds exactly what the log does.
      if (this.queue.length > 0) return
      const live = [...documents.values()] as unknown as AnyDocument[]
      await writeSnapshot(this.db, instance, live)
      this.loggedSinceSnapshot.set(instance, live.length)
    }
  }
}

/** How long background logging waits for the console to be idle before it writes anyway. */
const backgroundPatienceMs = 1_000

/** Resolves when the main thread is idle, or after `patienceMs` at the latest. */
function yieldToRendering(patienceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: patienceMs })
    else setTimeout(resolve, 0)
  })
}

class PersistedMemoryInstance<RxDocType> implements RxStorageInstance<RxDocType, object, object> {
  readonly databaseName: string
  readonly collectionName: string
  readonly schema: RxStorageInstance<RxDocType, object, object>['schema']
  readonly options: object
  readonly internals: object
  readonly getChangedDocumentsSince: RxStorageInstance<RxDocType, object, object>['getChangedDocumentsSince']

  constructor(
    private readonly inner: RxStorageInstance<RxDocType, object, object>,
    private readonly log: DatabaseLog,
    private readonly key: string,
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
    // The place in the log is taken before RxDB applies the write, so the log's order is RxDB's.
    const place = this.log.reserve(this.key)
    let result: RxStorageBulkWriteResponse<RxDocType>
    try {
      result = await this.inner.bulkWrite(rows, context)
    } catch (error) {
      await this.log.fill(place, [], true)
      throw error
    }
    const refused = new Set(result.error.map((error) => error.documentId))
    const written = rows.map((row) => row.document as unknown as AnyDocument).filter((document) => !refused.has(document[this.primaryPath] as string))
    await this.log.fill(place, written, relayCopyContexts.some((pattern) => pattern.test(context)))
    return result
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
    await this.log.flush()
    this.log.instances.delete(this.key)
    await this.inner.close()
  }

  async remove() {
    await this.log.flush()
    this.log.instances.delete(this.key)
    await this.inner.remove()
    await forget(this.log.db, this.key)
    this.log.loggedSinceSnapshot.delete(this.key)
  }
}

/**
 * One storage per opened database: its memory starts empty and is filled from the log as each
 * collection opens, so closing and opening again (a restart, a new pairing) reads what was logged.
 */
export function getRxStoragePersistedMemory(background = defaultBackgroundLogging): RxStorage<object, object> {
  // RxDB's memory storage keeps collections in `collectionStates`, shared by default; this one's own.
  const memory = { ...getRxStorageMemory(), collectionStates: new Map() }
  const logs = new Map<string, DatabaseLog>()
  return {
    name: 'persisted-memory',
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, object>) {
      const key = instanceKey(params)
      const db = await openLog(params.databaseName)
      let log = logs.get(params.databaseName)
      if (!log || log.db !== db) logs.set(params.databaseName, (log = new DatabaseLog(db, background)))
      const inner = (await memory.createStorageInstance(params as never)) as unknown as RxStorageInstance<RxDocType, object, object>
      if (!log.loggedSinceSnapshot.has(key)) {
        const { documents, logged } = await replay(db, key, primaryPathOf(params.schema as { primaryKey: string | { key: string } }))
        if (documents.length > 0) {
          await inner.bulkWrite(documents.map((document) => ({ document: document as unknown as RxDocumentData<RxDocType> })), 'persisted-memory-replay')
        }
        log.loggedSinceSnapshot.set(key, logged)
      }
      log.instances.set(key, inner as unknown as RxStorageInstanceMemory<unknown>)
      return new PersistedMemoryInstance(inner, log, key)
    },
  }
}
