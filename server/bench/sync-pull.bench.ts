/**
 * Paging the whole customers collection through DocumentStore.pull (100 per page, by checkpoint)
 * against the floor: one raw SQLite scan of the same rows.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/storage/database'
import { DocumentStore, type SyncCheckpoint } from '../src/storage/document-store'
import type { Benchmark } from './run'

export function syncPullBenchmark(documentCount = 10_000): Benchmark {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'bench-sync-')))
  const store = new DocumentStore(db)
  store.transaction(() => {
    for (let i = 0; i < documentCount; i++) {
      store.put('customers', {
        id: `cus_${i}`, updatedAt: '', name: `Customer ${i}`, phone: null, email: null, notes: '', smsOptOut: false,
        createdAt: '2026-11-01T00:00:00.000Z',
      })
    }
  })
  const rawScan = db.prepare("SELECT id, updated_at, deleted, body FROM documents WHERE collection = 'customers' ORDER BY updated_at, id")

  return {
    name: `sync pull of ${documentCount} documents, 100 per page`,
    baseline: {
      name: 'raw SQLite scan + JSON.parse',
      run: () => {
        for (const row of rawScan.all() as { body: string }[]) JSON.parse(row.body)
      },
    },
    candidate: {
      name: 'DocumentStore.pull by checkpoint',
      run: () => {
        let checkpoint: SyncCheckpoint | null = null
        for (;;) {
          const page = store.pull('customers', checkpoint, 100)
          if (page.documents.length === 0) break
          checkpoint = page.checkpoint
        }
      },
    },
    close: () => db.close(),
  }
}
