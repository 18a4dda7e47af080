/**
 * Which storage a console opens: the in-memory store with its IndexedDB log for a new pairing,
 * and the earlier Dexie store for a console paired before it, whose replication state still
 * knows which local edits have not reached the relay.
 */
import 'fake-indexeddb/auto'
import { createRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { collectionSchemas } from '../../../domain/schemas'
import { openConsoleDatabase, type ConsoleDatabase } from './database'

const opened: ConsoleDatabase[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()))
})

/** A console's store as the earlier version made it: RxDB on Dexie, holding one extension. */
async function createEarlierStore(name: string): Promise<void> {
  const db = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false })
  await db.addCollections({ extensions: { schema: collectionSchemas.extensions as never } })
  await db.collections.extensions!.insert({
    id: 'ext_1', updatedAt: '2026-12-01T10:00:00.000Z', extensionNumber: '101', ringCentralExtensionId: null,
    employeeName: 'Kept Offline', role: 'frontdesk', status: 'available', workingHours: [], isPrimary: false, alertPhone: null,
  })
  await db.close()
}

describe('openConsoleDatabase', () => {
  it('opens a new pairing on the persisted memory storage', async () => {
    const db = await openConsoleDatabase('dev_new_pairing', 'frontdesk')
    opened.push(db)
    expect(db.storage.name).toBe('persisted-memory')
    expect(Object.keys(db.collections)).not.toContain('transactions')
  })

  it('keeps a console paired before it on its Dexie store', async () => {
    await createEarlierStore('switchboard_dev_paired_earlier')
    const db = await openConsoleDatabase('dev_paired_earlier', 'owner')
    opened.push(db)
    expect(db.storage.name).toBe('dexie')
    expect((await db.collections.extensions!.findOne('ext_1').exec())?.employeeName).toBe('Kept Offline')
  })
})
