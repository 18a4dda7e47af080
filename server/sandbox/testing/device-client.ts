/**
 * A console as the sync API sees it, for black-box tests against a listening relay harness:
 * paired over HTTP with a code made by the relay's own pairing command, then pulling and pushing
 * with its device token.
 */
import type { RelayHarness } from './relay-harness'

export type SyncDoc = Record<string, unknown> & { id: string }
export interface PushRow {
  assumedMasterState: SyncDoc | null
  newDocumentState: SyncDoc
}

export interface DeviceClient {
  deviceId: string
  headers: Record<string, string>
  pull(collection: string): Promise<SyncDoc[]>
  push(collection: string, rows: PushRow[]): Promise<{ status: number; body: SyncDoc[] }>
  /** Edits the relay's current copy, as a console that just pulled it would; returns the conflicts. */
  edit(collection: string, id: string, change: (current: SyncDoc) => SyncDoc): Promise<SyncDoc[]>
}

export async function pairDevice(relay: RelayHarness, role: 'owner' | 'frontdesk', name: string): Promise<DeviceClient> {
  const { code } = await relay.app.devices.createPairingCode(role)
  const paired = (await (
    await fetch(`${relay.url}/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) })
  ).json()) as { token: string; deviceId: string }
  const headers = { authorization: `Bearer ${paired.token}`, 'content-type': 'application/json' }
  const client: DeviceClient = {
    deviceId: paired.deviceId,
    headers,
    async pull(collection) {
      const response = await fetch(`${relay.url}/sync/${collection}/pull?limit=1000`, { headers })
      return ((await response.json()) as { documents: SyncDoc[] }).documents
    },
    async push(collection, rows) {
      const response = await fetch(`${relay.url}/sync/${collection}/push`, { method: 'POST', headers, body: JSON.stringify(rows) })
      return { status: response.status, body: (await response.json()) as SyncDoc[] }
    },
    async edit(collection, id, change) {
      const current = (await client.pull(collection)).find((document) => document.id === id)
      if (!current) throw new Error(`${name} has no ${collection}/${id} to edit`)
      const { status, body } = await client.push(collection, [{ assumedMasterState: current, newDocumentState: change(structuredClone(current)) }])
      if (status !== 200) throw new Error(`Pushing ${collection}/${id} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`)
      return body
    },
  }
  return client
}

/** Waits until the inbox worker, the conversation loop and the booking loop have nothing left to do. */
export async function settleRelay(relay: RelayHarness): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await relay.worker.drain()
    await relay.conversations?.idle()
    await relay.bookings?.idle()
  }
}
