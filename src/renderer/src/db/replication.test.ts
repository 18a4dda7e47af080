/**
 * Scheduled interleavings of the console's replication against a real relay: a live-stream
 * document arriving while a push is in flight (the RxDB race where the checkpoint can advance past
 * a document the client dropped). Whatever the order, the console must end with the relay's data.
 *
 * RxDB runs here on in-memory storage; the main-process SyncService and the relay are the real
 * ones. The test holds pushes and stream events at gates to force each ordering.
 */
import { addRxPlugin, createRxDatabase } from 'rxdb'
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayApp } from '../../../../server/src/app'
import { buildTestRelay } from '../../../../server/test/helper'
import { collectionSchemas } from '../../../domain/schemas'
import { PairingFile } from '../../../main/services/pairing-file'
import { MemorySecretStore } from '../../../main/services/secret-store'
import { SyncService } from '../../../main/services/sync-service'
import type { EventName, EventPayloadOf, SwitchboardApi, SyncStreamEvent } from '../../../shared/ipc-contract'
import type { ConsoleDatabase } from './database'
import { PendingChanges } from './pending-changes'
import { startReplication, type CatchUpProgress } from './replication'

disableWarnings()
addRxPlugin(RxDBDevModePlugin)

const at = '2026-11-22T10:00:00.000Z'
const extension = (id: string, extensionNumber: string, employeeName: string) => ({
  id, updatedAt: at, extensionNumber, ringCentralExtensionId: null, employeeName, role: 'frontdesk' as const,
  status: 'available' as const, workingHours: [], isPrimary: false, alertPhone: null,
})

/** A gate holds calls until the test opens it. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

async function scenario(
  options: { seed?: ReturnType<typeof extension>[]; pullBatchSize?: number; beforePull?: (relay: RelayApp, pullNumber: number) => Promise<void>
    /** Runs once the relay has answered a pull, before the console gets the page. */
    afterPull?: (relay: RelayApp, pullNumber: number) => Promise<void>
  } = {},
) {
  const relay: RelayApp = await buildTestRelay()
  for (const document of options.seed ?? []) await relay.storage.documents.put('extensions', document)
  const relayUrl = await relay.listen({ port: 0, host: '127.0.0.1' })
  const streamListeners = new Set<(event: SyncStreamEvent) => void>()
  const heldStream: SyncStreamEvent[] = []
  let holdStream = false
  const service = new SyncService({
    relayUrl,
    secrets: new MemorySecretStore(),
    pairingFile: new PairingFile(null),
    emitState: () => {},
    emitStream: (event) => {
      if (holdStream) heldStream.push(event)
      else for (const listener of streamListeners) listener(event)
    },
    reconnectDelayMs: 50,
  })
  await service.start()
  await service.pair((await relay.devices.createPairingCode('owner')).code, 'Race laptop')
  await expect.poll(() => service.getState().live).toBe(true)

  let pulls = 0
  let pushGate: ReturnType<typeof gate> | null = null
  let pushStarted = gate()
  const api: SwitchboardApi = {
    async invoke(channel, payload) {
      try {
        if (channel === 'sync:pull') {
          pulls += 1
          await options.beforePull?.(relay, pulls)
          const { collection, checkpoint, limit } = payload as EventPayloadOf<never> & { collection: string; checkpoint: never; limit: number }
          const page = await service.pull(collection, checkpoint, limit)
          await options.afterPull?.(relay, pulls)
          return { ok: true, value: page as never }
        }
        if (channel === 'sync:push') {
          const { collection, rows } = payload as { collection: string; rows: never[] }
          pushStarted.open()
          if (pushGate) await pushGate.opened
          return { ok: true, value: (await service.push(collection, rows)) as never }
        }
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: (error as Error).message } }
      }
      throw new Error(`unexpected channel ${channel}`)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void) {
      if (event !== 'sync:stream') return () => {}
      const wrapped = listener as (payload: SyncStreamEvent) => void
      streamListeners.add(wrapped)
      return () => streamListeners.delete(wrapped)
    },
  }

  const db = (await createRxDatabase({
    name: `race-${Math.random().toString(36).slice(2)}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    multiInstance: false,
  })) as unknown as ConsoleDatabase
  await db.addCollections({ extensions: { schema: collectionSchemas.extensions as never } })
  const progress: CatchUpProgress[] = []
  const replication = startReplication(db, api, new PendingChanges('race', null), () => {}, {
    pullBatchSize: options.pullBatchSize,
    onProgress: (report) => progress.push(report),
  })
  await Promise.all(replication.states.map((state) => state.awaitInitialReplication()))

  return {
    relay,
    db,
    replication,
    progress,
    holdPushes() {
      pushGate = gate()
      pushStarted = gate()
      return { started: pushStarted.opened, release: () => pushGate!.open() }
    },
    holdStream() {
      holdStream = true
    },
    releaseStream() {
      holdStream = false
      for (const event of heldStream.splice(0)) for (const listener of streamListeners) listener(event)
    },
    async settled() {
      replication.resync()
      await Promise.all(replication.states.map((state) => state.awaitInSync()))
    },
    async expectConverged() {
      await expect
        .poll(async () => {
          const local = (await db.collections.extensions!.find().exec()).map((doc) => doc.toJSON()).map(({ updatedAt: _u, ...rest }) => rest)
          const master = (await relay.storage.documents.pull('extensions', null, 1000))
            .documents.filter((doc) => !doc._deleted)
            .map(({ updatedAt: _u, _deleted: _d, ...rest }) => rest)
          const byId = (list: { id: unknown }[]) => [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)))
          return JSON.stringify(byId(local)) === JSON.stringify(byId(master))
        }, { timeout: 10_000 })
        .toBe(true)
    },
    async close() {
      await replication.stop()
      await db.remove()
      service.stop()
      await relay.close()
    },
  }
}

describe('replication under scheduled interleavings', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  it('a stream event for another document arrives while a push is in flight', async () => {
    const s = await scenario()
    cleanups.push(() => s.close())
    await s.relay.storage.documents.put('extensions', extension('ext_b', '102', 'Maya Chen'))
    await s.settled()

    const held = s.holdPushes()
    await s.db.collections.extensions!.insert(extension('ext_a', '101', 'Kenji Sato'))
    await held.started
    // While ext_a's push waits, another device changes ext_b; its stream event lands now.
    const b = (await s.relay.storage.documents.get('extensions', 'ext_b'))!
    await s.relay.storage.documents.put('extensions', { ...b, status: 'busy' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    held.release()
    await s.settled()
    await s.expectConverged()
  })

  it('a stream event for the same document arrives while its push is in flight', async () => {
    const s = await scenario()
    cleanups.push(() => s.close())
    await s.relay.storage.documents.put('extensions', extension('ext_a', '101', 'Kenji Sato'))
    await s.settled()

    const held = s.holdPushes()
    const doc = await s.db.collections.extensions!.findOne('ext_a').exec()
    await doc!.incrementalPatch({ status: 'busy' })
    await held.started
    const master = (await s.relay.storage.documents.get('extensions', 'ext_a'))!
    await s.relay.storage.documents.put('extensions', { ...master, employeeName: 'Kenji Sato-Lee' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    held.release()
    await s.settled()
    await s.expectConverged()
    const local = await s.db.collections.extensions!.findOne('ext_a').exec()
    // Different fields: both decisions survive the merge.
    expect(local!.toJSON()).toMatchObject({ status: 'busy', employeeName: 'Kenji Sato-Lee' })
  })

  it('stream events held back until after the push resolves still land, in order', async () => {
    const s = await scenario()
    cleanups.push(() => s.close())
    await s.relay.storage.documents.put('extensions', extension('ext_a', '101', 'Kenji Sato'))
    await s.settled()

    s.holdStream()
    const held = s.holdPushes()
    const doc = await s.db.collections.extensions!.findOne('ext_a').exec()
    await doc!.incrementalPatch({ status: 'offline' })
    await held.started
    const master = (await s.relay.storage.documents.get('extensions', 'ext_a'))!
    await s.relay.storage.documents.put('extensions', { ...master, status: 'busy' })
    await s.relay.storage.documents.put('extensions', extension('ext_c', '103', 'Ana Ruiz'))
    held.release()
    await new Promise((resolve) => setTimeout(resolve, 200))
    s.releaseStream()
    await s.settled()
    await s.expectConverged()
    expect((await s.relay.storage.documents.pull('needsAttention', null, 10)).documents).toHaveLength(1)
  })
})

describe('catching up after pairing', () => {
  let current: Awaited<ReturnType<typeof scenario>> | null = null
  afterEach(async () => {
    await current?.close()
    current = null
  })

  it('reports the first pull page by page, and caught up only once a page comes back short', async () => {
    const seed = Array.from({ length: 7 }, (_, n) => extension(`ext_${n}`, String(110 + n), `Staff ${n}`))
    current = await scenario({ seed, pullBatchSize: 3 })
    expect(current.progress[0]).toEqual({ catchingUp: true, received: 0 })
    expect(current.progress.filter((report) => report.catchingUp).map((report) => report.received)).toEqual([0, 3, 6])
    expect(current.progress.at(-1)).toEqual({ catchingUp: false, received: 7 })
    expect(await current.db.collections.extensions!.count().exec()).toBe(7)
  })

  it('picks up a change the relay streamed while the first pull was still paging', async () => {
    const seed = Array.from({ length: 7 }, (_, n) => extension(`ext_${n}`, String(110 + n), `Staff ${n}`))
    current = await scenario({
      seed,
      pullBatchSize: 3,
      async afterPull(relay, pullNumber) {
        if (pullNumber !== 3) return
        // The relay has served the last, short page; before the console has it, another device
        // renames a document the first page brought. Its stream event lands mid-catch-up.
        await relay.storage.documents.put('extensions', { ...(await relay.storage.documents.get('extensions', 'ext_0'))!, employeeName: 'Renamed meanwhile' } as never)
        await new Promise((resolve) => setTimeout(resolve, 100))
      },
    })
    await current.expectConverged()
    expect((await current.db.collections.extensions!.findOne('ext_0').exec())!.employeeName).toBe('Renamed meanwhile')
  })

  it('asks the relay nothing more after a quiet first pull', async () => {
    let pulls = 0
    current = await scenario({ seed: [extension('ext_1', '101', 'Kenji Sato')], beforePull: async () => void pulls++ })
    await new Promise((resolve) => setTimeout(resolve, 300))
    // One page, short: caught up, with no second round (nothing was streamed meanwhile).
    expect(pulls).toBe(1)
  })
})
