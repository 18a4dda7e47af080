/**
 * Moves the write-ahead log into the database file from a worker thread, so the event loop never
 * waits for it. SQLite's automatic checkpoint runs inside whichever commit crosses the threshold,
 * on the relay's one connection: it copies thousands of pages and syncs two files, stalling every
 * request for tens of milliseconds. Here a second connection in a worker runs a PASSIVE checkpoint
 * (it never waits for the relay's reads or writes) every second; the relay's own automatic
 * checkpoint stays as a safety valve at a much larger log (`relayWalAutocheckpointPages`).
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { RelayDatabase } from './database'

/** The relay connection checkpoints by itself only once the log reaches this many pages (64 MiB at 4 KiB). */
export const relayWalAutocheckpointPages = 16_384

// Plain CommonJS run by the worker: no TypeScript loader there.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 0')
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // busy or closing: the next tick tries again
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

/** Starts checkpointing `db`'s log in the background; `stop()` before closing the database. */
export function startCheckpointer(db: RelayDatabase, intervalMs = 1_000): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${relayWalAutocheckpointPages}`)
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { path: db.name, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs },
  })
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async stop() {
      worker.postMessage('stop')
      await exited
    },
  }
}
