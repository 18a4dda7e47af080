/**
 * Talks to the test relay the way another paired device would: pairing through the real CLI
 * and the sync API, so tests can see (and change) the relay's copy of the data.
 */
import { DeviceRegistry } from '../server/src/devices/device-registry'
import { openDatabase } from '../server/src/storage/database'
import type { RunningRelay } from './fixtures'

/**
 * What `npm run relay -- pair` does (the CLI itself is tested in server/test/devices.test.ts),
 * done in-process on the relay's data folder because spawning the CLI per test is slow.
 */
export function createPairingCode(relay: RunningRelay, role: 'owner' | 'frontdesk'): string {
  const db = openDatabase(relay.dataDir)
  try {
    return new DeviceRegistry(db).createPairingCode(role).code
  } finally {
    db.close()
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
