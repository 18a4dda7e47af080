/**
 * The relay's SQLite database: opened in WAL mode and brought up to date with the numbered
 * migrations in `migrations/` (each applied once, in order, inside a transaction).
 *
 * `synchronous = NORMAL` in WAL mode: a commit survives a crash of the relay, and SQLite syncs the
 * log before every checkpoint. The writes a 2xx answer stands for go through `group-commit.ts`,
 * which flushes the log to disk after each shared commit and only then lets the answer go, so
 * those survive power loss and OS crashes too, without the event loop waiting for the disk. The
 * data folder and everything in it is private to the relay's account (`private-files.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { ensurePrivateDir, ensurePrivateFile } from './private-files'
import { loadOrCreateKey, SecretBox } from './secret-box'

export type RelayDatabase = Database.Database

/**
 * Runs `work` in a transaction that takes the write lock at its start (BEGIN IMMEDIATE), waiting
 * for it as long as the busy timeout allows; nested, it is a savepoint of the outer one. A
 * deferred transaction that reads first could not take the lock once another connection (a
 * command such as `pair`, or a second process) has committed meanwhile: SQLite refuses that at
 * once (SQLITE_BUSY_SNAPSHOT) instead of waiting.
 */
export function writeTransaction<T>(db: RelayDatabase, work: () => T): T {
  return db.transaction(work).immediate()
}

const secretBoxes = new WeakMap<RelayDatabase, SecretBox>()

/** The encryption for secrets stored in this database (its key lives outside it). */
export function secretBoxOf(db: RelayDatabase): SecretBox {
  const box = secretBoxes.get(db)
  if (!box) throw new Error('This database was opened without its encryption key; use openDatabase()')
  return box
}

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
}

export function readMigrations(dir = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps; found ${migration.name}`)
    }
  })
  return migrations
}

export const databaseFileName = 'relay.sqlite'

export function openDatabase(dataDir: string, migrations = readMigrations()): RelayDatabase {
  ensurePrivateDir(dataDir)
  // SQLite gives its -wal and -shm files the mode of the database file, so all three are 0600.
  const path = join(dataDir, databaseFileName)
  ensurePrivateFile(path)
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db, migrations)
  secretBoxes.set(db, new SecretBox(loadOrCreateKey(join(dataDir, 'relay.key'))))
  reuseStatements(db)
  return db
}

/** Distinct statements kept prepared; the storage code has a few hundred at most. */
const maxCachedStatements = 1_000

/**
 * Keeps each statement prepared once per SQL text: preparing costs more than running most of the
 * relay's queries (a restart that works through 10,000 bookings prepared about 300,000). Safe
 * because no statement is switched to another mode (`pluck`, `raw`, `expand`) or iterated.
 */
function reuseStatements(db: RelayDatabase): void {
  const prepare = db.prepare.bind(db)
  const prepared = new Map<string, ReturnType<typeof prepare>>()
  db.prepare = ((sql: string) => {
    let statement = prepared.get(sql)
    if (!statement) {
      statement = prepare(sql)
      if (prepared.size < maxCachedStatements) prepared.set(sql, statement)
    }
    return statement
  }) as typeof db.prepare
}

/** Applies the migrations this database has not seen; returns the versions applied. */
export function migrate(db: RelayDatabase, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const current = (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null })
    .version ?? 0
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) {
    throw new Error(
      `The database is at schema version ${current}, newer than this relay understands (${latest}). Upgrade the relay.`,
    )
  }
  const applied: number[] = []
  for (const migration of migrations.filter((m) => m.version > current)) {
    // Read again under the lock: another process starting beside this one may have applied it meanwhile.
    const appliedHere = writeTransaction(db, () => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return false
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
      return true
    })
    if (appliedHere) applied.push(migration.version)
  }
  return applied
}

/** True when the database answers a query (used by `/healthz`). */
export function isDatabaseUsable(db: RelayDatabase): boolean {
  try {
    return db.open && (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1
  } catch {
    return false
  }
}
