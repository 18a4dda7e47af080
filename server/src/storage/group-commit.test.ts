import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseFileName, openDatabase, type RelayDatabase } from './database'
import { DocumentStore } from './document-store'
import { CommitFailedError, GroupCommit } from './group-commit'
import { holdWriteLockElsewhere } from './testing/write-lock-elsewhere'

const customer = (id: string) => ({
  id, updatedAt: '', name: 'Group Commit', phone: null, email: null, notes: '', smsOptOut: false, createdAt: '2026-11-01T00:00:00.000Z',
})

describe('group commit', () => {
  let db: RelayDatabase
  /** A second connection, as another process would see the file: only committed rows are there. */
  let reader: Database.Database
  afterEach(() => {
    reader?.close()
    db?.close()
  })

  function open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'group-commit-'))
    db = openDatabase(dataDir)
    db.exec('CREATE TABLE IF NOT EXISTS probe (id TEXT PRIMARY KEY)')
    reader = new Database(join(dataDir, databaseFileName), { readonly: true })
    return new GroupCommit(db)
  }
  const committed = (id: string) => reader.prepare('SELECT id FROM probe WHERE id = ?').get(id) !== undefined

  it('writes concurrent units in one transaction, and settles each only once it is committed', async () => {
    const group = open()
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    const seenAtSettle: boolean[] = []
    const units = Array.from({ length: 50 }, (_, index) =>
      group.run(() => insert.run(`p${index}`)).then(() => seenAtSettle.push(committed(`p${index}`))),
    )
    // Nothing is written before the next turn of the event loop.
    expect(committed('p0')).toBe(false)
    await Promise.all(units)
    expect(group.stats).toEqual({ batches: 1, units: 50, flushes: 1 })
    expect(seenAtSettle).toEqual(Array(50).fill(true))
  })

  it('rolls back a failing unit alone', async () => {
    const group = open()
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    const results = await Promise.allSettled([
      group.run(() => insert.run('a')),
      group.run(() => {
        insert.run('b')
        throw new Error('this unit fails after writing')
      }),
      group.run(() => insert.run('c')),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'this unit fails after writing' })
    expect(['a', 'b', 'c'].map(committed)).toEqual([true, false, true])
    expect(group.stats.batches).toBe(1)
  })

  it('answers no unit of a batch whose commit fails', async () => {
    const group = open()
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    const results = await Promise.allSettled([
      group.run(() => insert.run('x')),
      // Ends the shared transaction under the group's feet, as a failed write to disk would.
      group.run(() => db.exec('ROLLBACK')),
      group.run(() => insert.run('y')),
    ])
    expect(results.every((result) => result.status === 'rejected' && result.reason instanceof CommitFailedError)).toBe(true)
    expect(['x', 'y'].map(committed)).toEqual([false, false])
  })

  it('holds units arriving within its window for the same commit', async () => {
    open()
    const group = new GroupCommit(db, { windowMs: 20 })
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    const first = group.run(() => insert.run('w1'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = group.run(() => insert.run('w2'))
    await Promise.all([first, second])
    expect(group.stats).toEqual({ batches: 1, units: 2, flushes: 1 })
  })

  it('answers a batch only once the log is flushed to disk, and none of it when the flush fails', async () => {
    open()
    const flushes: { done: () => void; fail: (error: Error) => void }[] = []
    const group = new GroupCommit(db, {
      flushToDisk: () => new Promise<void>((resolve, reject) => flushes.push({ done: resolve, fail: reject })),
      maxConcurrentFlushes: 1,
    })
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    let isAnswered = false
    const first = group.run(() => insert.run('f1')).then(() => (isAnswered = true))
    await expect.poll(() => flushes.length).toBe(1)
    // Committed (another connection sees it) but not yet on disk: not answered.
    expect(committed('f1')).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(isAnswered).toBe(false)
    // Batches committed while a flush runs wait for the next one, which carries them all.
    const second = group.run(() => insert.run('f2'))
    const third = group.run(() => insert.run('f3'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(flushes.length).toBe(1)
    flushes[0]!.done()
    await first
    await expect.poll(() => flushes.length).toBe(2)
    flushes[1]!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
    const results = await Promise.allSettled([second, third])
    expect(results.map((result) => result.status === 'rejected' && result.reason instanceof CommitFailedError)).toEqual([true, true])
    expect(group.stats.flushes).toBe(1)
  })

  it('can let a second flush start while one runs, and settles whatever a finished flush covers', async () => {
    open()
    const flushes: (() => void)[] = []
    const group = new GroupCommit(db, { flushToDisk: () => new Promise<void>((resolve) => flushes.push(resolve)), maxConcurrentFlushes: 2 })
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    const answered: string[] = []
    const first = group.run(() => insert.run('c1')).then(() => answered.push('c1'))
    await expect.poll(() => flushes.length).toBe(1)
    const second = group.run(() => insert.run('c2')).then(() => answered.push('c2'))
    await expect.poll(() => flushes.length).toBe(2)
    // A third batch waits: two flushes are running.
    const third = group.run(() => insert.run('c3')).then(() => answered.push('c3'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(flushes.length).toBe(2)
    // The second flush ends first: it started after both first batches were committed, so it covers both.
    flushes[1]!()
    await Promise.all([first, second])
    expect(answered.sort()).toEqual(['c1', 'c2'])
    // Its end starts the flush for the third batch, which the first flush's end does not cover.
    await expect.poll(() => flushes.length).toBe(3)
    flushes[0]!()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(answered).not.toContain('c3')
    flushes[2]!()
    await third
    expect(answered).toContain('c3')
  })

  it('flushes the real write-ahead log of the database', async () => {
    const group = open()
    const insert = db.prepare('INSERT INTO probe (id) VALUES (?)')
    await Promise.all([group.run(() => insert.run('d1')), group.run(() => insert.run('d2'))])
    expect(group.stats).toMatchObject({ batches: 1, flushes: 1 })
    expect(['d1', 'd2'].map(committed)).toEqual([true, true])
  })

  it('tells document-store listeners about a change only after the shared commit, and never about a rolled-back one', async () => {
    const group = open()
    const documents = new DocumentStore(db)
    const heard: { id: string; isCommitted: boolean }[] = []
    documents.onChange((_collection, changed) => {
      for (const document of changed) {
        heard.push({ id: document.id, isCommitted: reader.prepare("SELECT 1 FROM documents WHERE collection = 'customers' AND id = ?").get(document.id) !== undefined })
      }
    })
    await Promise.allSettled([
      group.run(() => documents.put('customers', customer('cus_kept'))),
      group.run(() => {
        documents.put('customers', customer('cus_undone'))
        throw new Error('fails after its put')
      }),
    ])
    expect(heard).toEqual([{ id: 'cus_kept', isCommitted: true }])
  })

  it('a unit that reads before it writes waits for another process’s write instead of failing on it', async () => {
    const group = open()
    // Another process (a `pair` command, a second relay) holds the write lock for a moment, then commits.
    const { exited } = await holdWriteLockElsewhere(db.name, "INSERT INTO probe (id) VALUES ('theirs')")
    // A deferred transaction would read, then be refused the lock once the other one commits (SQLITE_BUSY_SNAPSHOT).
    const seen = await group.run(() => {
      const before = (db.prepare('SELECT count(*) AS n FROM probe').get() as { n: number }).n
      db.prepare("INSERT INTO probe (id) VALUES ('mine')").run()
      return before
    })
    expect(await exited).toBe(0)
    expect(seen).toBe(1)
    expect([committed('theirs'), committed('mine')]).toEqual([true, true])
  })
})
