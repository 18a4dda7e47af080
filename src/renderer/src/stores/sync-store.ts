/**
 * The console's sync lifecycle: follows the pairing state from main, opens the local database
 * for the paired device, runs replication, and counts what is waiting to reach the relay.
 */
import { create } from 'zustand'
import type { CollectionName } from '../../../domain/schemas'
import type { SyncState } from '../../../shared/ipc-contract'
import { api } from '../bridge'
import type { ConsoleDatabase } from '../db/database'
import type { PendingChanges } from '../db/pending-changes'
import type { CatchUpProgress, ConsoleReplication } from '../db/replication'

/**
 * RxDB and the replication are a third of the console's code: they load beside the first view
 * (asked for now, while the shell draws and main answers who this console is), not before it.
 */
const storeModules = Promise.all([import('../db/database'), import('../db/pending-changes'), import('../db/replication')])

interface SyncStore {
  sync: SyncState | null
  db: ConsoleDatabase | null
  pendingCount: number
  /** The first pull after pairing or opening: the views fill in as it goes. */
  catchUp: CatchUpProgress | null
  replicationError: string | null
  browserOnline: boolean
  connect(): () => void
  pair(code: string, name: string): Promise<string | null>
  unpair(): Promise<void>
  /** Writes a document locally (it syncs when it can); `updatedAt` is replaced by the relay. */
  save(collection: CollectionName, document: { id: string } & Record<string, unknown>): Promise<void>
  remove(collection: CollectionName, id: string): Promise<void>
}

/** Which local store a pairing state needs: one per device and role, none while unpaired. */
const storeKey = (state: SyncState) => (state.paired && state.deviceId && state.role ? `${state.deviceId}:${state.role}` : null)

let replication: ConsoleReplication | null = null
let pending: PendingChanges | null = null
let openedFor: string | null = null

export const useSyncStore = create<SyncStore>((set, get) => {
  // One change of store at a time: a state that arrives while a store is opening waits for it,
  // so two opens of one database never race (the later would close the earlier under the views).
  let following: Promise<void> = Promise.resolve()
  function follow(state: SyncState): Promise<void> {
    // Paired, with a store still to open: "Getting the relay's data", never "Synced", from now on.
    const opening = storeKey(state) !== null && storeKey(state) !== openedFor
    set(opening ? { sync: state, catchUp: { catchingUp: true, received: 0 } } : { sync: state })
    following = following.then(
      () => switchStore(state),
      () => switchStore(state),
    )
    return following
  }

  async function switchStore(state: SyncState) {
    const key = storeKey(state)
    if (key === openedFor) return
    openedFor = key
    // Views let go of the old store before it closes: a query on a closed collection throws.
    // Paired, and the store is opening: not "Synced" until the first pull says so.
    const previous = get().db
    set({ db: null, pendingCount: 0, catchUp: key ? { catchingUp: true, received: 0 } : null, replicationError: null })
    await replication?.stop()
    replication = null
    await previous?.close()
    if (!key || !state.deviceId || !state.role) return
    const [{ openConsoleDatabase }, { PendingChanges }, { startReplication }] = await storeModules
    const db = await openConsoleDatabase(state.deviceId, state.role)
    pending = new PendingChanges(`switchboard.pending.${state.deviceId}`)
    pending.onChange((pendingCount) => set({ pendingCount }))
    replication = startReplication(
      db,
      api,
      pending,
      (replicationError) => set({ replicationError }),
      { onProgress: (catchUp) => set({ catchUp }) },
    )
    set({ db, pendingCount: pending.count })
  }

  return {
    sync: null,
    db: null,
    pendingCount: 0,
    catchUp: null,
    replicationError: null,
    browserOnline: navigator.onLine,
    connect() {
      // Events and answers travel apart (in the browser, a stream and HTTP): a state event heard
      // before the answer is at least as new as the answer, which may predate a pairing made meanwhile.
      let heardAState = false
      const unsubscribe = api.on('sync:state', (state) => {
        heardAState = true
        void follow(state)
      })
      void api.invoke('sync:getState', null).then((result) => {
        if (result.ok && !heardAState) void follow(result.value)
      })
      const online = () => {
        set({ browserOnline: true, replicationError: null })
        replication?.resync()
      }
      const offline = () => set({ browserOnline: false })
      window.addEventListener('online', online)
      window.addEventListener('offline', offline)
      return () => {
        unsubscribe()
        window.removeEventListener('online', online)
        window.removeEventListener('offline', offline)
      }
    },
    async pair(code, name) {
      const result = await api.invoke('sync:pair', { code: code.trim(), name: name.trim() })
      if (!result.ok) return result.error.message
      await follow(result.value)
      return null
    },
    async unpair() {
      const result = await api.invoke('sync:unpair', null)
      if (result.ok) await follow(result.value)
    },
    async save(collection, document) {
      const collectionRef = get().db?.collections[collection]
      if (!collectionRef) throw new Error('This console is not paired yet.')
      await collectionRef.upsert({ ...document, updatedAt: new Date().toISOString() })
      pending?.mark(collection, document.id)
    },
    async remove(collection, id) {
      const doc = await get().db?.collections[collection]?.findOne(id).exec()
      if (!doc) return
      // Incremental: replication may have written a newer revision since the query ran.
      await doc.incrementalRemove()
      pending?.mark(collection, id)
    },
  }
})
