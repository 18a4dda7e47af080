import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { isDatabaseUsable, migrate, openDatabase, readMigrations } from './database'
import { holdWriteLockElsewhere } from './testing/write-lock-elsewhere'

const tempDir = () => mkdtempSync(join(tmpdir(), 'relay-db-'))

describe('relay database', () => {
  it('creates the database in the data folder with every migration applied once', () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    const db = openDatabase(dataDir)
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]
    expect(versions.map((row) => row.version)).toEqual(readMigrations().map((m) => m.version))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()

    const reopened = openDatabase(dataDir)
    expect(migrate(reopened, readMigrations())).toEqual([])
    reopened.close()
  })

  it('prepares each statement once, and a reused statement still sees every change', () => {
    const db = openDatabase(tempDir())
    const sql = 'SELECT COUNT(*) AS n FROM documents'
    expect(db.prepare(sql)).toBe(db.prepare(sql))
    const count = () => (db.prepare(sql).get() as { n: number }).n
    expect(count()).toBe(0)
    db.prepare(`INSERT INTO documents (collection, id, updated_at, deleted, owner_only, body) VALUES ('notes', 'n1', '2026-01-01T00:00:00.000Z', 0, 0, '{}')`).run()
    expect(count()).toBe(1)
    db.close()
  })

  it('skips a migration another process applied while this one waited for the lock', async () => {
    const file = join(tempDir(), 'relay.sqlite')
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    db.pragma('busy_timeout = 5000')
    const first = { version: 1, name: '0001-a', sql: 'CREATE TABLE a (x INTEGER);' }
    migrate(db, [])
    // Another relay starting on the same file applies migration 1 and commits a moment later.
    const { exited } = await holdWriteLockElsewhere(
      file,
      `${first.sql} INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, '0001-a', 'then');`,
    )
    // This one read version 0 before the other committed; it must not run CREATE TABLE a again.
    expect(migrate(db, [first])).toEqual([])
    expect(await exited).toBe(0)
    expect(db.prepare('SELECT version, applied_at FROM schema_migrations').all()).toEqual([{ version: 1, applied_at: 'then' }])
    db.close()
  })

  it('applies only new migrations, and rolls back one that fails', () => {
    const db = new Database(':memory:')
    const first = { version: 1, name: '0001-a', sql: 'CREATE TABLE a (x INTEGER);' }
    expect(migrate(db, [first])).toEqual([1])
    const broken = { version: 2, name: '0002-b', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);' }
    expect(() => migrate(db, [first, broken])).toThrow(/missing/)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'b'").all()
    expect(tables).toEqual([])
    expect(migrate(db, [first, { ...broken, sql: 'CREATE TABLE b (y INTEGER);' }])).toEqual([2])
  })

  it('refuses a database from a newer relay', () => {
    const db = new Database(':memory:')
    migrate(db, [
      { version: 1, name: '0001-a', sql: 'SELECT 1;' },
      { version: 2, name: '0002-b', sql: 'SELECT 1;' },
    ])
    expect(() => migrate(db, [{ version: 1, name: '0001-a', sql: 'SELECT 1;' }])).toThrow(/newer than this relay/)
  })

  it('refuses gaps in migration numbering', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '0001-a.sql'), 'SELECT 1;')
    writeFileSync(join(dir, '0003-c.sql'), 'SELECT 1;')
    expect(() => readMigrations(dir)).toThrow(/without gaps/)
  })

  it('enforces money and JSON shape at the storage layer', () => {
    const db = openDatabase(tempDir())
    expect(() =>
      db.prepare('INSERT INTO documents (collection, id, updated_at, body) VALUES (?, ?, ?, ?)').run('bookings', 'b1', 'x', '{not json'),
    ).toThrow(/CHECK constraint/)
    expect(isDatabaseUsable(db)).toBe(true)
    db.close()
    expect(isDatabaseUsable(db)).toBe(false)
  })
})
