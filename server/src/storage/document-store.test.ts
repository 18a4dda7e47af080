import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type RelayDatabase } from './database'
import { DocumentStore, DocumentValidationError, type SyncCheckpoint } from './document-store'

const freshDb = () => openDatabase(mkdtempSync(join(tmpdir(), 'doc-store-')))

function customer(id: string, name = 'Dana Whitfield') {
  return { id, updatedAt: 'ignored', name, phone: null, email: null, notes: '', smsOptOut: false, createdAt: '2026-11-01T00:00:00.000Z' }
}

/** Seeds documents that all share one `updatedAt`, as a bulk import or a clock freeze would. */
function seedSameTimestamp(db: RelayDatabase, count: number, updatedAt: string) {
  const insert = db.prepare('INSERT INTO documents (collection, id, updated_at, body) VALUES (?, ?, ?, ?)')
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `cus_${String(i).padStart(5, '0')}_${(i * 7919) % 10007}`
      insert.run('customers', id, updatedAt, JSON.stringify(customer(id)))
    }
  })()
}

describe('DocumentStore', () => {
  it('pages through 10,000 documents sharing one updatedAt, 100 at a time, seeing each exactly once', () => {
    const db = freshDb()
    seedSameTimestamp(db, 10_000, '2026-11-22T10:00:00.000Z')
    const store = new DocumentStore(db)
    const seen = new Set<string>()
    let checkpoint: SyncCheckpoint | null = null
    let pages = 0
    for (;;) {
      const page = store.pull('customers', checkpoint, 100)
      if (page.documents.length === 0) break
      expect(page.documents.length).toBeLessThanOrEqual(100)
      for (const document of page.documents) {
        expect(seen.has(document.id)).toBe(false)
        seen.add(document.id)
      }
      checkpoint = page.checkpoint
      pages++
    }
    expect(seen.size).toBe(10_000)
    expect(pages).toBe(100)
  })

  it('assigns strictly increasing updatedAt even when the clock stands still or goes back', () => {
    const times = ['2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z', '2026-11-22T09:00:00.000Z']
    const store = new DocumentStore(freshDb(), () => new Date(times.shift() ?? '2026-11-22T09:00:00.000Z'))
    const stamps = ['a', 'b', 'c'].map((id) => store.put('customers', customer(`cus_${id}`)).updatedAt)
    expect(stamps).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.001Z', '2026-11-22T10:00:00.002Z'])
  })

  it('never misses a document written after a pull in the same millisecond', () => {
    const store = new DocumentStore(freshDb(), () => new Date('2026-11-22T10:00:00.000Z'))
    store.put('customers', customer('cus_z'))
    const first = store.pull('customers', null, 100)
    store.put('customers', customer('cus_a'))
    const second = store.pull('customers', first.checkpoint, 100)
    expect(second.documents.map((d) => d.id)).toEqual(['cus_a'])
  })

  it('refuses a document that does not match its collection schema, naming the problem', () => {
    const store = new DocumentStore(freshDb())
    expect(() => store.put('customers', { ...customer('cus_1'), phone: '408-555' })).toThrow(DocumentValidationError)
    expect(() => store.put('customers', { ...customer('cus_1'), phone: '408-555' })).toThrow(/\/phone/)
    expect(store.get('customers', 'cus_1')).toBeNull()
  })

  it('announces changes only after the transaction commits, and not at all when it rolls back', () => {
    const store = new DocumentStore(freshDb())
    const heard: string[][] = []
    store.onChange((_collection, documents) => heard.push(documents.map((d) => d.id)))
    store.transaction(() => {
      store.put('customers', customer('cus_1'))
      store.put('customers', customer('cus_2'))
      expect(heard).toEqual([])
    })
    expect(heard).toEqual([['cus_1', 'cus_2']])
    expect(() =>
      store.transaction(() => {
        store.put('customers', customer('cus_3'))
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(heard).toHaveLength(1)
    expect(store.get('customers', 'cus_3')).toBeNull()
  })

  it('keeps deletions as tombstones that sync, and keeps owner-only documents from shared pulls', () => {
    const store = new DocumentStore(freshDb())
    store.put('customers', customer('cus_1'))
    store.put('customers', customer('cus_2'), { ownerOnly: true })
    store.delete('customers', 'cus_1')
    expect(store.pull('customers', null, 10).documents.map((d) => [d.id, d._deleted])).toEqual([
      ['cus_2', false],
      ['cus_1', true],
    ])
    expect(store.pull('customers', null, 10, { includeOwnerOnly: false }).documents.map((d) => d.id)).toEqual(['cus_1'])
    store.update('customers', 'cus_2', (current) => ({ ...current!, notes: 'still private' }))
    expect(store.pull('customers', null, 10, { includeOwnerOnly: false }).documents.map((d) => d.id)).toEqual(['cus_1'])
  })

  it('announces what another process wrote to the same database, once, and not its own writes twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-store-'))
    const store = new DocumentStore(openDatabase(dir))
    const heard: string[] = []
    store.onChange((collection, documents) => heard.push(...documents.map((document) => `${collection}/${document.id}`)))
    const stop = store.followExternalWrites(20)
    store.put('customers', customer('cus_own'))
    const other = new DocumentStore(openDatabase(dir))
    other.put('customers', customer('cus_elsewhere'))
    other.delete('customers', 'cus_elsewhere')
    await expect.poll(() => heard, { timeout: 2000 }).toEqual(['customers/cus_own', 'customers/cus_elsewhere'])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(heard).toEqual(['customers/cus_own', 'customers/cus_elsewhere'])
    stop()
  })
})
