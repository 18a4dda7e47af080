/**
 * Online backup and offline restore of the relay's SQLite database.
 *
 * Backup uses SQLite's online backup API (better-sqlite3 `db.backup()`) from a connection of its
 * own, so it runs beside a serving relay. All pages are copied in one step: the step holds one read
 * transaction, so the copy is the database as of one instant (WAL lets the relay keep writing
 * meanwhile) and holds every write committed — every webhook acknowledged — before it began.
 *
 * Restore replaces the database only while no relay serves the folder, and only with a file that
 * passes SQLite's integrity check and carries Switchboard's own migrations, none newer than this
 * code. The database it replaces is kept beside it, so a wrong restore can be undone.
 *
 * Neither touches `relay.key`: the backup holds provider tokens encrypted with it, so the two are
 * kept apart (README, "Backup and restore").
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { readMigrations, type Migration } from './database'
import { ensurePrivateFile, privateFileMode } from './private-files'
import { runningRelayPid } from './relay-lock'

export const databaseFileName = 'relay.sqlite'

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  override name = 'BackupError'
}

export interface BackupSummary {
  file: string
  bytes: number
  schemaVersion: number
  documents: number
}

/** What `inspectBackup` found in a file that passed every check. */
export interface BackupContents {
  schemaVersion: number
  documents: number
}

/** Copies the live database of `dataDir` to `target` (mode 0600), consistently, while it is in use. */
export async function backupDatabase(dataDir: string, target: string, migrations: Migration[] = readMigrations()): Promise<BackupSummary> {
  const source = join(dataDir, databaseFileName)
  if (!existsSync(source)) throw new BackupError(`No relay database at ${source}. Check RELAY_DATA_DIR.`)
  const file = resolve(target)
  if (file === resolve(source)) throw new BackupError('The backup file cannot be the live database itself.')
  if (!existsSync(dirname(file))) throw new BackupError(`The folder ${dirname(file)} does not exist.`)
  // Written beside the target and renamed into place: a failed backup never leaves a torn file.
  const partial = `${file}.partial-${process.pid}`
  rmSync(partial, { force: true })
  // Created owner-only before SQLite writes a byte into it.
  ensurePrivateFile(partial)
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    // Every remaining page in the next step: one read transaction, one instant.
    await db.backup(partial, { progress: () => 0x7fffffff })
  } catch (error) {
    rmSync(partial, { force: true })
    throw new BackupError(`The backup failed: ${(error as Error).message}`)
  } finally {
    db.close()
  }
  try {
    const contents = inspectBackup(partial, migrations)
    chmodSync(partial, privateFileMode)
    renameSync(partial, file)
    return { file, bytes: statSync(file).size, ...contents }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/**
 * Checks that `file` is a whole Switchboard relay database this code can run: SQLite's
 * `integrity_check`, the relay's tables, and migrations that are ours and not newer than ours.
 */
export function inspectBackup(file: string, migrations: Migration[] = readMigrations()): BackupContents {
  if (!existsSync(file)) throw new BackupError(`No file at ${file}.`)
  if (statSync(file).size === 0) throw new BackupError(`${file} is empty.`)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a database: ${(error as Error).message}`)
  }
  try {
    let problems: string[]
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check)
    } catch (error) {
      throw new BackupError(`${file} is not a usable SQLite database: ${(error as Error).message}`)
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(`${file} is damaged (SQLite integrity check: ${problems.slice(0, 3).join('; ')}). Use another backup.`)
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name))
    if (!tables.has('schema_migrations') || !tables.has('documents')) {
      throw new BackupError(`${file} is an SQLite database, but not a Switchboard relay database.`)
    }
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[]
    const latest = migrations.at(-1)?.version ?? 0
    const newest = applied.at(-1)?.version ?? 0
    if (newest > latest) {
      throw new BackupError(`${file} was made by a newer relay (schema version ${newest}; this relay knows up to ${latest}). Upgrade the relay first.`)
    }
    const known = new Map(migrations.map((migration) => [migration.version, migration.name]))
    const foreign = applied.find((row) => known.get(row.version) !== row.name)
    if (applied.length === 0 || foreign) {
      throw new BackupError(`${file} has migrations this relay does not know${foreign ? ` (${foreign.version} "${foreign.name}")` : ''}; it is not one of its databases.`)
    }
    const { count } = db.prepare('SELECT COUNT(*) AS count FROM documents').get() as { count: number }
    return { schemaVersion: newest, documents: count }
  } finally {
    db.close()
  }
}

export interface RestoreSummary extends BackupContents {
  /** Where the database that was replaced now lives (null when the folder had none). */
  previous: string | null
  /** False when `relay.key` is missing: stored provider tokens will not open (sign in and link the bank again). */
  keyPresent: boolean
}

/** Replaces the database of `dataDir` with the checked backup `file`. Refuses while a relay runs there. */
export function restoreDatabase(dataDir: string, file: string, options: { now?: () => Date; migrations?: Migration[] } = {}): RestoreSummary {
  const pid = runningRelayPid(dataDir)
  if (pid !== null) throw new BackupError(`A relay (process ${pid}) is running on ${dataDir}. Stop it, then restore.`)
  const contents = inspectBackup(resolve(file), options.migrations)
  const live = join(dataDir, databaseFileName)
  if (resolve(file) === resolve(live)) throw new BackupError('That file is the live database itself.')
  const staged = `${live}.restoring`
  copyFileSync(file, staged)
  chmodSync(staged, privateFileMode)
  let previous: string | null = null
  if (existsSync(live)) {
    // Fold the write-ahead log into the file first, so the copy kept aside is whole.
    const old = new Database(live, { fileMustExist: true })
    try {
      old.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      old.close()
    }
    previous = `${live}.before-restore-${(options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`
    renameSync(live, previous)
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true })
  renameSync(staged, live)
  return { ...contents, previous, keyPresent: existsSync(join(dataDir, 'relay.key')) }
}
