/**
 * Group commit for the writes that back a 2xx answer (webhook inbox, device push, pairing).
 *
 * The database runs with `synchronous = FULL`, so every commit waits for the disk: an answered
 * request survives power loss, not only a crash. One fsync per request would cap the relay at the
 * disk's flush rate, so concurrent requests share one: `run()` queues a unit of work, and the
 * queue is written in one transaction on the next turn of the event loop (or after `windowMs`).
 * Each unit runs in its own savepoint, so one that fails is rolled back alone and the others still
 * commit; every promise settles only after the shared commit, so nobody answers 2xx for a write
 * that is not on disk.
 *
 * better-sqlite3 is synchronous: while one batch's fsync runs, new requests wait in the socket
 * queue, and the next turn picks them all up. Batches therefore grow with the load by themselves
 * and cost no extra latency when the relay is idle.
 */
import type { RelayDatabase } from './database'

export interface GroupCommitOptions {
  /** How long the first queued write waits for company; 0 = the next turn of the event loop. */
  windowMs?: number
  /** Most units in one transaction, so one batch never holds the event loop for long. */
  maxBatch?: number
}

interface Unit {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Things to do once this unit's changes are committed (change events of the document store). */
  afterCommit: (() => void)[]
}

/** The commit itself failed (disk full, I/O error): nothing in the batch was stored. */
export class CommitFailedError extends Error {
  constructor(override readonly cause: unknown) {
    super('The database could not commit; nothing in this batch was stored.')
    this.name = 'CommitFailedError'
  }
}

export class GroupCommit {
  private queue: Unit[] = []
  private scheduled = false
  private readonly windowMs: number
  private readonly maxBatch: number
  /** Transactions committed and units written, for tests and the benchmark. */
  readonly stats = { batches: 0, units: 0 }

  constructor(
    private readonly db: RelayDatabase,
    options: GroupCommitOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0
    this.maxBatch = options.maxBatch ?? 512
  }

  /**
   * Runs `work` (synchronous: it must not await) in the next shared transaction. Resolves with its
   * result once that transaction is committed; rejects with what it threw, or with
   * `CommitFailedError` when the commit failed.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, afterCommit: [] })
      this.schedule()
    })
  }

  /** Writes what is queued now (tests, and shutdown). */
  flush(): void {
    while (this.queue.length > 0) this.commitBatch()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    const go = () => {
      this.scheduled = false
      this.commitBatch()
      if (this.queue.length > 0) this.schedule()
    }
    if (this.windowMs > 0) setTimeout(go, this.windowMs)
    else setImmediate(go)
  }

  private commitBatch(): void {
    const batch = this.queue.splice(0, this.maxBatch)
    if (batch.length === 0) return
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
    try {
      this.db.transaction(() => {
        for (const unit of batch) {
          // SQLite ends a transaction by itself on some errors (disk full, I/O): then nothing of
          // this batch can be committed, and running more units would commit them one by one.
          if (!this.db.inTransaction) throw new Error('The batch transaction ended before its commit')
          runningUnits.set(this.db, unit)
          try {
            // Nested inside the batch's transaction, this is a savepoint: a failure undoes this unit only.
            outcomes.push({ ok: true, value: this.db.transaction(unit.work)() })
          } catch (error) {
            unit.afterCommit.length = 0
            outcomes.push({ ok: false, error })
          } finally {
            runningUnits.delete(this.db)
          }
        }
      })()
    } catch (error) {
      for (const unit of batch) unit.reject(new CommitFailedError(error))
      return
    }
    this.stats.batches += 1
    this.stats.units += batch.length
    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!
      if (!outcome.ok) return unit.reject(outcome.error)
      try {
        for (const callback of unit.afterCommit) callback()
      } catch (error) {
        // Stored, but a listener failed: the caller hears of it, as it would without batching.
        return unit.reject(error)
      }
      unit.resolve(outcome.value)
    })
  }
}

const groups = new WeakMap<RelayDatabase, GroupCommit>()
/** The unit a group is running on each database right now (at most one: SQLite calls are synchronous). */
const runningUnits = new WeakMap<RelayDatabase, Unit>()

/** The one group commit of `db`: every route that acknowledges writes shares its batches. */
export function groupCommitOf(db: RelayDatabase, options?: GroupCommitOptions): GroupCommit {
  let group = groups.get(db)
  if (!group) {
    group = new GroupCommit(db, options)
    groups.set(db, group)
  }
  return group
}

/**
 * Defers `callback` until the group-commit unit now running on `db` is committed (and drops it if
 * that unit fails); false when no unit is running, so the caller's own commit was the real one.
 */
export function deferUntilCommitted(db: RelayDatabase, callback: () => void): boolean {
  const unit = runningUnits.get(db)
  if (!unit) return false
  unit.afterCommit.push(callback)
  return true
}
