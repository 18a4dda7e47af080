/**
 * Group commit for the writes that back a 2xx answer (webhook inbox, device push, pairing): each
 * is on disk, safe from power loss and OS crashes and not only from a crash of the relay, before
 * its caller hears it succeeded.
 *
 * `run()` queues a unit of work. The queue is written in one transaction on the next turn of the
 * event loop (or after `windowMs`), each unit in its own savepoint so one that fails is rolled back
 * alone. The transaction's pages then go to disk with one `fdatasync` of the write-ahead log, and
 * only then does every promise of the batch settle. While that flush runs on libuv's thread pool,
 * the event loop keeps reading, verifying and committing the next requests; their batches wait
 * for the next flush, which carries everything committed meanwhile: the busier the relay, the
 * more each flush carries.
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
import type { Statement } from 'better-sqlite3'
import { StorageUnavailableError } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

export interface GroupCommitOptions {
  /** How long the first queued write waits for company; 0 = the next turn of the event loop. */
  windowMs?: number
  /** Most units in one transaction, so one batch never holds the event loop for long. */
  maxBatch?: number
  /** Makes everything committed before it was called durable; by default `fdatasync` of the database's WAL. */
  flushToDisk?: () => Promise<void>
  /**
   * Flushes allowed at once (default one). More let a batch committed during a flush start its
   * own at once rather than wait for its turn: shorter waits on a disk that flushes in parallel,
   * but smaller batches and more flushes on one that does not.
   */
  maxConcurrentFlushes?: number
}

interface Unit {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Things to do once this unit's changes are durable (change events of the document store). */
  afterCommit: (() => void)[]
}

type Settlement = ({ unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown }) & {
  /** The batch it was committed in: a flush started after that batch's commit makes it durable. */
  batch: number
}

/** The commit, or the flush to disk after it, failed: nothing in the batch may be acknowledged. */
export class CommitFailedError extends StorageUnavailableError {
  constructor(cause: unknown) {
    super(cause)
    this.name = 'CommitFailedError'
  }
}

export class GroupCommit {
  private queue: Unit[] = []
  private scheduled = false
  private readonly windowMs: number
  private readonly maxBatch: number
  private readonly flushToDisk: () => Promise<void>
  private readonly maxConcurrentFlushes: number
  /** Committed units waiting for a flush that started after their batch was committed. */
  private awaitingFlush: Settlement[] = []
  /** The newest batch a running or finished flush started after. */
  private flushedUpTo = 0
  private flushesRunning = 0
  // Prepared once: every unit runs in its own savepoint.
  private readonly savepoint: Statement
  private readonly release: Statement
  private readonly rollbackTo: Statement
  /** Transactions committed, units written and flushes to disk, for tests and the benchmark. */
  readonly stats = { batches: 0, units: 0, flushes: 0 }

  constructor(
    private readonly db: RelayDatabase,
    options: GroupCommitOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0
    this.maxBatch = options.maxBatch ?? 512
    this.flushToDisk = options.flushToDisk ?? walFlusher(db)
    this.maxConcurrentFlushes = options.maxConcurrentFlushes ?? 1
    this.savepoint = db.prepare('SAVEPOINT group_commit_unit')
    this.release = db.prepare('RELEASE group_commit_unit')
    this.rollbackTo = db.prepare('ROLLBACK TO group_commit_unit')
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
    const number = this.stats.batches + 1
    const settlements: Settlement[] = []
    try {
      writeTransaction(this.db, () => {
        for (const unit of batch) {
          // SQLite ends a transaction by itself on some errors (disk full, I/O): then nothing of
          // this batch can be committed, and running more units would commit them one by one.
          if (!this.db.inTransaction) throw new Error('The batch transaction ended before its commit')
          settlements.push({ ...this.runUnit(unit), batch: number })
        }
      })
    } catch (error) {
      for (const unit of batch) unit.reject(new CommitFailedError(error))
      return
    }
    this.stats.batches = number
    this.stats.units += batch.length
    this.awaitingFlush.push(...settlements)
    this.startFlush()
  }

  /** Runs one unit in its own savepoint: a failure undoes this unit only. */
  private runUnit(unit: Unit): { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown } {
    runningUnits.set(this.db, unit)
    this.savepoint.run()
    try {
      const value = unit.work()
      this.release.run()
      return { unit, ok: true, value }
    } catch (error) {
      unit.afterCommit.length = 0
      if (this.db.inTransaction) {
        this.rollbackTo.run()
        this.release.run()
      }
      return { unit, ok: false, error }
    } finally {
      runningUnits.delete(this.db)
    }
  }

  /**
   * Starts a flush for what is committed and not yet covered by one, unless enough are running;
   * a flush that ends settles every unit committed before it started.
   */
  private startFlush(): void {
    const upTo = this.stats.batches
    if (upTo <= this.flushedUpTo || this.flushesRunning >= this.maxConcurrentFlushes) return
    this.flushedUpTo = upTo
    this.flushesRunning += 1
    void this.flushToDisk().then(
      () => this.finishFlush(upTo, null),
      (error: unknown) => this.finishFlush(upTo, error ?? new Error('flush failed')),
    )
  }

  private finishFlush(upTo: number, failure: unknown): void {
    this.flushesRunning -= 1
    if (failure === null) this.stats.flushes += 1
    const covered = this.awaitingFlush.filter((settlement) => settlement.batch <= upTo)
    this.awaitingFlush = this.awaitingFlush.filter((settlement) => settlement.batch > upTo)
    for (const settlement of covered) settle(settlement, failure)
    this.startFlush()
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
