/**
 * Group commit for the writes that back a 2xx answer (webhook inbox, device push, pairing): each
 * is on disk, safe from power loss and OS crashes and not only from a crash of the relay, before
 * its caller hears it succeeded.
 *
 * `run()` queues a unit of work. The queue is written in one transaction on the next turn of the
 * event loop (or after `windowMs`), each unit in its own savepoint so one that fails is rolled back
 * alone. The transaction's pages then go to disk with one `fdatasync` of the write-ahead log, and
 * only then does every promise of the batch settle. While that flush runs on libuv's thread pool,
 * the event loop keeps reading, verifying and committing the next requests; their batch is flushed
 * as soon as the disk is free, so under load every flush carries everything committed meanwhile.
 *
 * Why not SQLite's `synchronous = FULL`: it fsyncs inside the commit, on the event loop, so the
 * relay can do nothing else for the ~1–10 ms a flush takes. The database runs `synchronous =
 * NORMAL` (WAL: crash-safe, and SQLite syncs the log before every checkpoint) and this module adds
 * the flush that makes an acknowledged commit durable. Writes outside the group commit (the inbox
 * worker's progress, derived documents) are crash-safe, and become durable with the next flush or
 * checkpoint; after a power loss they are redone from the durable inbox.
 */
import { open } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { RelayDatabase } from './database'

export interface GroupCommitOptions {
  /** How long the first queued write waits for company; 0 = the next turn of the event loop. */
  windowMs?: number
  /** Most units in one transaction, so one batch never holds the event loop for long. */
  maxBatch?: number
  /** Makes everything committed so far durable; by default `fdatasync` of the database's WAL. */
  flushToDisk?: () => Promise<void>
}

interface Unit {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Things to do once this unit's changes are durable (change events of the document store). */
  afterCommit: (() => void)[]
}

type Settlement = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown }

/** The commit, or the flush to disk after it, failed: nothing in the batch may be acknowledged. */
export class CommitFailedError extends Error {
  constructor(override readonly cause: unknown) {
    super('The database could not store this batch durably.')
    this.name = 'CommitFailedError'
  }
}

export class GroupCommit {
  private queue: Unit[] = []
  private scheduled = false
  private readonly windowMs: number
  private readonly maxBatch: number
  private readonly flushToDisk: () => Promise<void>
  /** Committed batches waiting for the next flush. */
  private awaitingFlush: Settlement[] = []
  private isFlushing = false
  /** Transactions committed, units written and flushes to disk, for tests and the benchmark. */
  readonly stats = { batches: 0, units: 0, flushes: 0 }

  constructor(
    private readonly db: RelayDatabase,
    options: GroupCommitOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0
    this.maxBatch = options.maxBatch ?? 512
    this.flushToDisk = options.flushToDisk ?? walFlusher(db)
  }

  /**
   * Runs `work` (synchronous: it must not await) in the next shared transaction. Resolves with its
   * result once that transaction is committed and on disk; rejects with what it threw, or with
   * `CommitFailedError` when the commit or the flush failed.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, afterCommit: [] })
      this.schedule()
    })
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
    const settlements: Settlement[] = []
    try {
      this.db.transaction(() => {
        for (const unit of batch) {
          // SQLite ends a transaction by itself on some errors (disk full, I/O): then nothing of
          // this batch can be committed, and running more units would commit them one by one.
          if (!this.db.inTransaction) throw new Error('The batch transaction ended before its commit')
          runningUnits.set(this.db, unit)
          try {
            // Nested inside the batch's transaction, this is a savepoint: a failure undoes this unit only.
            settlements.push({ unit, ok: true, value: this.db.transaction(unit.work)() })
          } catch (error) {
            unit.afterCommit.length = 0
            settlements.push({ unit, ok: false, error })
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
    this.awaitingFlush.push(...settlements)
    void this.flush()
  }

  /** One flush at a time; each carries every batch committed before it started. */
  private async flush(): Promise<void> {
    if (this.isFlushing) return
    this.isFlushing = true
    try {
      while (this.awaitingFlush.length > 0) {
        const flushed = this.awaitingFlush.splice(0)
        let failure: unknown = null
        try {
          await this.flushToDisk()
          this.stats.flushes += 1
        } catch (error) {
          failure = error
        }
        for (const settlement of flushed) settle(settlement, failure)
      }
    } finally {
      this.isFlushing = false
    }
  }
}

function settle(settlement: Settlement, flushFailure: unknown): void {
  const { unit } = settlement
  if (!settlement.ok) return unit.reject(settlement.error)
  if (flushFailure !== null) return unit.reject(new CommitFailedError(flushFailure))
  try {
    for (const callback of unit.afterCommit) callback()
  } catch (error) {
    // Stored, but a listener failed: the caller hears of it, as it would without batching.
    return unit.reject(error)
  }
  unit.resolve(settlement.value)
}

/**
 * Flushes the write-ahead log of `db` (where every commit lands first) with `fdatasync`, and the
 * first time its folder too, so a newly created log file is found after a power loss. A log that
 * is gone was checkpointed into the database file, which SQLite syncs itself before removing it.
 */
function walFlusher(db: RelayDatabase): () => Promise<void> {
  if (db.memory) return async () => {}
  const walPath = `${db.name}-wal`
  let isFolderSynced = process.platform === 'win32' // Windows cannot open a folder to flush it.
  return async () => {
    try {
      const wal = await open(walPath, 'r+')
      try {
        await wal.datasync()
      } finally {
        await wal.close()
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (!isFolderSynced) {
      const folder = await open(dirname(walPath), 'r')
      try {
        await folder.sync()
      } finally {
        await folder.close()
      }
      isFolderSynced = true
    }
  }
}

const groups = new WeakMap<RelayDatabase, GroupCommit>()
/** The unit a group is running on each database right now (at most one: SQLite calls are synchronous). */
const runningUnits = new WeakMap<RelayDatabase, Unit>()

/** The one group commit of `db`: every route that acknowledges writes shares its batches and flushes. */
export function groupCommitOf(db: RelayDatabase, options?: GroupCommitOptions): GroupCommit {
  let group = groups.get(db)
  if (!group) {
    group = new GroupCommit(db, options)
    groups.set(db, group)
  }
  return group
}

/**
 * Defers `callback` until the group-commit unit now running on `db` is committed and on disk (and
 * drops it if that unit fails); false when no unit is running, so the caller's own commit was the
 * real one.
 */
export function deferUntilCommitted(db: RelayDatabase, callback: () => void): boolean {
  const unit = runningUnits.get(db)
  if (!unit) return false
  unit.afterCommit.push(callback)
  return true
}
