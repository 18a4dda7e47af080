/**
 * The console's storage keeps what RxDB wrote across a restart: inserts, updates, deletions and
 * the replication's own records, through log compaction, and forgets a removed database.
 * IndexedDB here is fake-indexeddb; a "restart" is a new storage reading the same IndexedDB.
 */
import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb'
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { afterEach, describe, expect, it } from 'vitest'
import { collectionSchemas } from '../../../domain/schemas'
import { getRxStoragePersistedMemory, logDatabaseName, type BackgroundLogging } from './persisted-memory-storage'

disableWarnings()
addRxPlugin(RxDBDevModePlugin)

type Db = RxDatabase<{ extensions: RxCollection }>
const opened: Db[] = []
let names = 0

/**
 * Opens the database on a new storage over its IndexedDB: what a console started again reads.
 * `closeDuplicates` lets a test open it again without closing it first (a console killed).
 */
async function open(name: string, background?: BackgroundLogging): Promise<Db> {
  const db = (await createRxDatabase({
    name,
    storage: wrappedValidateAjvStorage({ storage: getRxStoragePersistedMemory(background) }),
    multiInstance: false,
    ignoreDuplicate: true,
    closeDuplicates: true,
  })) as Db
  await db.addCollections({ extensions: { schema: collectionSchemas.extensions as never } })
  opened.push(db)
  return db
}

const extension = (n: number, employeeName = `Staff ${n}`) => ({
  id: `ext_${n}`,
  updatedAt: '2026-12-01T10:00:00.000Z',
  extensionNumber: String(100 + n),
  ringCentralExtensionId: null,
  employeeName,
  role: 'frontdesk' as const,
  status: 'available' as const,
  workingHours: [],
  isPrimary: false,
  alertPhone: null,
})

async function logEntries(name: string): Promise<{ snapshot: boolean; documents: { id?: string }[] }[]> {
  const db = await openDB(logDatabaseName(name))
  try {
    const entries = (await db.getAll('log')) as { snapshot: boolean; documents: string }[]
    return entries.map((entry) => ({ ...entry, documents: JSON.parse(entry.documents) as { id?: string }[] }))
  } finally {
    db.close()
  }
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => (db.closed ? undefined : db.close())))
})

describe('persisted memory storage', () => {
  it('reads back inserts, updates and deletions after a restart', async () => {
    const name = `restart_${names++}`
    const first = await open(name)
    expect((await first.extensions.bulkInsert([extension(1), extension(2), extension(3)])).error).toEqual([])
    await first.extensions.findOne('ext_2').exec().then((doc) => doc!.incrementalPatch({ employeeName: 'Renamed' }))
    await first.extensions.findOne('ext_3').exec().then((doc) => doc!.remove())
    await first.close()

    const second = await open(name)
    const docs = await second.extensions.find({ sort: [{ id: 'asc' }] }).exec()
    expect(docs.map((doc) => [doc.id, doc.employeeName])).toEqual([
      ['ext_1', 'Staff 1'],
      ['ext_2', 'Renamed'],
    ])
    // The revision survives too, so a later edit is a normal update rather than a conflict.
    const renamed = docs[1]!
    await renamed.incrementalPatch({ employeeName: 'Renamed again' })
    await second.close()
    const third = await open(name)
    expect((await third.extensions.findOne('ext_2').exec())!.employeeName).toBe('Renamed again')
  })

  it('compacts a long log into one snapshot without losing a document', async () => {
    const name = `compact_${names++}`
    const db = await open(name)
    expect((await db.extensions.bulkInsert(Array.from({ length: 50 }, (_, n) => extension(n)))).error).toEqual([])
    // 50 live documents rewritten 60 times: well past the compaction threshold.
    for (let round = 0; round < 60; round++) {
      await db.extensions.bulkUpsert(Array.from({ length: 50 }, (_, n) => extension(n, `Round ${round}`)))
    }
    await db.close()
    const entries = await logEntries(name)
    const extensionEntries = entries.filter((entry) => entry.documents.some((doc) => doc.id?.startsWith('ext_')))
    expect(extensionEntries.some((entry) => entry.snapshot)).toBe(true)
    // Without compaction there would be 61 entries for the collection.
    expect(extensionEntries.length).toBeLessThan(61)

    const reopened = await open(name)
    const docs = await reopened.extensions.find().exec()
    expect(docs).toHaveLength(50)
    expect(new Set(docs.map((doc) => doc.employeeName))).toEqual(new Set(['Round 59']))
  })

  it('logs what the relay sent behind RxDB, in write order, and an edit waits for all of it', async () => {
    const name = `background_${names++}`
    // No pause long enough for the log to catch up on its own during this test.
    const db = await open(name, { quietMs: 60_000, maxDelayMs: 60_000 })
    const storage = db.extensions.storageInstance
    const pulled = (n: number) => ({ document: { ...extension(n), _deleted: false, _rev: '1-relay', _meta: { lwt: Date.now() }, _attachments: {} } })
    // Pages the replication writes from the relay: RxDB is answered before the log has them.
    await storage.bulkWrite([pulled(1), pulled(2)], 'replication-downstream-abc')
    await storage.bulkWrite([pulled(3)], 'replication-downstream-abc')
    const before = await logEntries(name)
    expect(before.flatMap((entry) => entry.documents.map((doc) => doc.id))).not.toContain('ext_3')

    // An edit is answered only once it and every write before it are in IndexedDB, in order.
    await db.extensions.findOne('ext_2').exec().then((doc) => doc!.incrementalPatch({ employeeName: 'Edited' }))
    const after = await logEntries(name)
    const order = after.flatMap((entry) => entry.documents.filter((doc) => doc.id?.startsWith('ext_')).map((doc) => doc.id))
    expect(order).toEqual(['ext_1', 'ext_2', 'ext_3', 'ext_2'])

    // A restart without closing (the console killed) reads all of it.
    const restarted = await open(name)
    const docs = await restarted.extensions.find({ sort: [{ id: 'asc' }] }).exec()
    expect(docs.map((doc) => [doc.id, doc.employeeName])).toEqual([
      ['ext_1', 'Staff 1'],
      ['ext_2', 'Edited'],
      ['ext_3', 'Staff 3'],
    ])
  })

  it('writes background pages on its own once the relay pauses, and on close', async () => {
    const name = `quiet_${names++}`
    const db = await open(name)
    const pulled = (n: number) => ({ document: { ...extension(n), _deleted: false, _rev: '1-relay', _meta: { lwt: Date.now() }, _attachments: {} } })
    await db.extensions.storageInstance.bulkWrite([pulled(1)], 'replication-downstream-abc')
    await expect.poll(async () => (await logEntries(name)).flatMap((entry) => entry.documents.map((doc) => doc.id)), { timeout: 5_000 }).toContain('ext_1')
    await db.extensions.storageInstance.bulkWrite([pulled(2)], 'replication-downstream-abc')
    await db.close()
    expect((await logEntries(name)).flatMap((entry) => entry.documents.map((doc) => doc.id))).toContain('ext_2')
  })

  it('forgets a removed database', async () => {
    const name = `removed_${names++}`
    const db = await open(name)
    await db.extensions.bulkInsert([extension(1)])
    await db.remove()
    const reopened = await open(name)
    expect(await reopened.extensions.find().exec()).toHaveLength(0)
  })
})
