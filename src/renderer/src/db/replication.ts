/**
 * Replicates every open collection with the relay through the main process (which holds the
 * device token): pull by checkpoint, push with the relay's conflict policy, and the live stream.
 * Edits made offline stay in IndexedDB and are pushed when the relay can be reached again.
 */
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication'
import { Subject } from 'rxjs'
import type { CollectionName } from '../../../domain/schemas'
import type { SwitchboardApi } from '../../../shared/ipc-contract'
import type { ConsoleDatabase } from './database'
import type { PendingChanges } from './pending-changes'

type Checkpoint = { updatedAt: string; id: string }
type WireDocument = { id: string } & Record<string, unknown>
type StreamItem = { documents: WireDocument[]; checkpoint: Checkpoint } | 'RESYNC'

/** How far a console is in its first pull from the relay (a newly paired one may pull thousands). */
export interface CatchUpProgress {
  catchingUp: boolean
  /** Documents received from the relay since replication started. */
  received: number
}

export interface ConsoleReplication {
  states: RxReplicationState<WireDocument, Checkpoint>[]
  /** Ask every collection to catch up now (after coming back online). */
  resync(): void
  stop(): Promise<void>
}

export function startReplication(
  db: ConsoleDatabase,
  api: SwitchboardApi,
  pending: PendingChanges,
  onError: (message: string) => void,
  { onProgress = () => {}, pullBatchSize = 5000 }: { onProgress?: (progress: CatchUpProgress) => void; pullBatchSize?: number } = {},
): ConsoleReplication {
  // A collection has caught up once the relay answers with less than a full page. This follows
  // the pulls alone: an edit the relay keeps refusing must not look like a pull that never ends.
  const caughtUp = new Set<CollectionName>()
  let received = 0
  const progress = (): CatchUpProgress => ({ catchingUp: caughtUp.size < Object.keys(db.collections).length, received })
  const streams = new Map<CollectionName, Subject<StreamItem>>()
  const initiallyReplicated = new Set<CollectionName>()
  const streamedDuringCatchUp = new Set<CollectionName>()
  const heard = (collection: CollectionName) => {
    if (!initiallyReplicated.has(collection)) streamedDuringCatchUp.add(collection)
  }
  const states = Object.entries(db.collections).map(([name, collection]) => {
    const collectionName = name as CollectionName
    const stream = new Subject<StreamItem>()
    streams.set(collectionName, stream)
    const state = replicateRxCollection<WireDocument, Checkpoint>({
      collection: collection as never,
      replicationIdentifier: `switchboard-relay-${collectionName}`,
      deletedField: '_deleted',
      live: true,
      retryTime: 2000,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        // The relay's largest page: a newly paired console catches up on a large history in a few
        // round trips (each one a log write in persisted-memory-storage), not dozens.
        batchSize: pullBatchSize,
        stream$: stream.asObservable() as never,
        async handler(checkpoint, batchSize) {
          const result = await api.invoke('sync:pull', { collection: collectionName, checkpoint: checkpoint ?? null, limit: batchSize })
          if (!result.ok) throw new Error(result.error.message)
          const wasCatchingUp = progress().catchingUp
          received += result.value.documents.length
          if (result.value.documents.length < batchSize) caughtUp.add(collectionName)
          if (wasCatchingUp) onProgress(progress())
          return { documents: result.value.documents, checkpoint: result.value.checkpoint ?? checkpoint ?? null } as never
        },
      },
      push: {
        // The relay's largest push. RxDB also walks the local changes in steps of this size after a
        // large pull, so a newly paired console gets through that walk in fewer steps.
        batchSize: 500,
        async handler(rows) {
          const result = await api.invoke('sync:push', {
            collection: collectionName,
            rows: rows.map((row) => ({
              assumedMasterState: (row.assumedMasterState ?? null) as WireDocument | null,
              newDocumentState: row.newDocumentState as WireDocument,
            })),
          })
          if (!result.ok) throw new Error(result.error.message)
          pending.settle(collectionName, rows.map((row) => (row.newDocumentState as WireDocument).id))
          return result.value as never
        },
      },
    })
    state.error$.subscribe((error) => onError(describeReplicationError(error)))
    // Changes the relay streams while the first pull is still paging can be passed over; one more
    // pull from the checkpoint it reached picks up whatever was written meanwhile. Only needed
    // when the stream said something then: every change on the relay is streamed, or announced
    // by RESYNC when the stream reconnects.
    void state.awaitInitialReplication().then(
      () => {
        initiallyReplicated.add(collectionName)
        if (streamedDuringCatchUp.has(collectionName)) state.reSync()
      },
      () => {},
    )
    return state
  })

  onProgress(progress())

  const unsubscribe = api.on('sync:stream', (event) => {
    if (event === 'RESYNC') {
      for (const [collection, stream] of streams) {
        heard(collection)
        stream.next('RESYNC')
      }
      return
    }
    const stream = streams.get(event.collection as CollectionName)
    if (stream) heard(event.collection as CollectionName)
    if (stream && event.checkpoint) stream.next({ documents: event.documents, checkpoint: event.checkpoint })
  })

  return {
    states,
    resync() {
      for (const state of states) state.reSync()
    },
    async stop() {
      unsubscribe()
      await Promise.all(states.map((state) => state.cancel()))
    },
  }
}

function describeReplicationError(error: unknown): string {
  const cause = (error as { parameters?: { errors?: { message?: string }[] } })?.parameters?.errors?.[0]?.message
  return cause ?? (error as Error)?.message ?? 'Sync failed; it will be retried.'
}
