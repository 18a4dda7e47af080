/**
 * Talks to the test relay the way another paired device would: pairing through the real CLI
 * and the sync API, so tests can see (and change) the relay's copy of the data.
 */
import { ownerOnlyCollections, type CollectionName } from '../src/domain/schemas'
import { DeviceRegistry } from '../server/src/storage/device-registry'
import { openDatabase } from '../server/src/storage/database'
import { DocumentStore } from '../server/src/storage/document-store'
import type { RunningRelay } from './fixtures'

/**
 * What `npm run relay -- pair` does (the CLI itself is tested in server/test/devices.test.ts),
 * done in-process on the relay's data folder because spawning the CLI per test is slow.
 */
export function createPairingCode(relay: RunningRelay, role: 'owner' | 'frontdesk'): string {
  const db = openDatabase(relay.dataDir)
  try {
    return new DeviceRegistry(db).createPairingCodeNow(role).code
  } finally {
    db.close()
  }
}

/**
 * Records facts only the relay and the providers establish (customer messages, calls, transcript
 * lines, bank transactions, the agent's suggestions) the way the relay stores them: straight into
 * its database, which the running relay announces to its consoles within a second. A device could
 * not push these (src/domain/sync/write-policy).
 */
export function seedAsRelay(relay: RunningRelay, collection: CollectionName, documents: ({ id: string } & Record<string, unknown>)[], options: { ownerOnly?: boolean } = {}) {
  const db = openDatabase(relay.dataDir)
  try {
    const store = new DocumentStore(db)
    // A second connection beside the running relay's: take the write lock first (waiting for it),
    // since SQLite cannot upgrade a read to a write once the relay has written meanwhile.
    db.exec('BEGIN IMMEDIATE')
    try {
      store.transaction(() => {
        const ownerOnly = options.ownerOnly ?? ownerOnlyCollections.includes(collection)
        for (const { _deleted: _ignored, ...document } of documents) store.put(collection, document as { id: string }, { ownerOnly })
      })
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  } finally {
    db.close()
  }
}

/** The relay's side, as a client: `upsert` records a fact over whatever the relay holds. */
export function relayFacts(relay: RunningRelay) {
  return {
    async upsert(collection: CollectionName, document: { id: string } & Record<string, unknown>) {
      seedAsRelay(relay, collection, [{ ...document, updatedAt: '' }])
    },
    async put(collection: CollectionName, documents: ({ id: string } & Record<string, unknown>)[]) {
      seedAsRelay(relay, collection, documents.map((document) => ({ ...document, updatedAt: '' })))
    },
  }
}

export async function pairedRelayClient(relay: RunningRelay, role: 'owner' | 'frontdesk' = 'owner') {
  const code = createPairingCode(relay, role)
  const paired = await fetch(`${relay.url}/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'Test observer' }),
  }).then((response) => response.json() as Promise<{ token: string }>)
  const headers = { authorization: `Bearer ${paired.token}`, 'content-type': 'application/json' }
  return {
    async documents<T = Record<string, unknown>>(collection: string): Promise<T[]> {
      const response = await fetch(`${relay.url}/sync/${collection}/pull?limit=1000`, { headers })
      return ((await response.json()) as { documents: T[] }).documents
    },
    async push(collection: string, rows: unknown[]) {
      const response = await fetch(`${relay.url}/sync/${collection}/push`, { method: 'POST', headers, body: JSON.stringify(rows) })
      return response.json() as Promise<unknown[]>
    },
    /** Writes a document over the relay's current copy (as a device that just pulled it would); throws on a conflict. */
    async upsert(collection: string, document: { id: string } & Record<string, unknown>) {
      const current = (await this.documents<{ id: string }>(collection)).find((existing) => existing.id === document.id) ?? null
      const row = { assumedMasterState: current, newDocumentState: { ...document, updatedAt: new Date().toISOString(), _deleted: false } }
      const response = await fetch(`${relay.url}/sync/${collection}/push`, { method: 'POST', headers, body: JSON.stringify([row]) })
      const body = (await response.json()) as unknown
      if (!response.ok) throw new Error(`the relay refused ${collection}/${document.id}: ${JSON.stringify(body)}`)
      if (Array.isArray(body) && body.length > 0) throw new Error(`${collection}/${document.id} conflicted with the relay's copy`)
    },
  }
}
