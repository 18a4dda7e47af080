/**
 * The relay's PostgreSQL database (`DATABASE_URL=postgres://…`): a connection pool brought up to
 * date with the numbered migrations in `migrations/` (PostgreSQL's own; SQLite keeps its own in
 * `../migrations/`). Several relays may start at once on one database: an advisory lock lets one
 * of them migrate while the others wait.
 *
 * Durability is PostgreSQL's: a statement outside a transaction is committed, and with the
 * default `synchronous_commit = on` flushed to its write-ahead log, before its promise resolves.
 */
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { StorageUnavailableError } from '../contracts'
import { readMigrations, type Migration } from '../database'

export const postgresMigrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url))

/** An arbitrary constant: the advisory lock that serialises migrations across relays. */
const migrationLockKey = 4_207_113

export interface PostgresDatabase {
  pool: pg.Pool
  /** Where statements go: the pool, or inside a unit of work its transaction's connection. */
  sql: Pick<pg.Pool, 'query'>
  /** Set inside a unit of work (postgres-unit-of-work.ts): the one transaction every store writes in. */
  unit?: OpenUnit
  /** Where it is, for connections of their own (the change feed's LISTEN). */
  url: string
  /** The schema the relay's tables live in (`public` unless a test gave it its own). */
  schema: string
  close(): Promise<void>
}

/** A unit of work's transaction, and what waits for its end. */
export interface OpenUnit {
  client: pg.PoolClient
  /** Savepoints open inside it: each nested step has its own name. */
  depth: number
  /** Run once it commits (change events of what it wrote). */
  afterCommit: (() => void)[]
  /** Run if it rolls back. */
  afterRollback: (() => void)[]
}

export interface OpenPostgresOptions {
  /** Tables in this schema (created when missing) rather than `public`: each test file has its own. */
  schema?: string
  migrations?: Migration[]
  maxConnections?: number
}

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const schema = options.schema ?? 'public'
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`Not a schema name: ${schema}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Every connection looks in the relay's schema first.
    options: `-c search_path=${schema}`,
  })
  // An idle connection the server dropped must not crash the relay; the next query reconnects.
  pool.on('error', () => undefined)
  try {
    if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await migratePostgres(pool, options.migrations ?? readMigrations(postgresMigrationsDir))
  } catch (error) {
    await pool.end()
    throw error
  }
  return { pool, sql: pool, url, schema, close: () => pool.end() }
}

/** Applies the migrations this database has not seen, one transaction each; returns their versions. */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[]): Promise<number[]> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`)
    const current = Number((await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')).rows[0]?.version ?? 0)
    const latest = migrations.at(-1)?.version ?? 0
    if (current > latest) {
      throw new Error(`The database is at schema version ${current}, newer than this relay understands (${latest}). Upgrade the relay.`)
    }
    const applied: number[] = []
    for (const migration of migrations.filter((m) => m.version > current)) {
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
      applied.push(migration.version)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined)
    client.release()
  }
}

/**
 * Runs `work` in one transaction on one connection of the pool. A failure to reach or commit to
 * the database becomes `StorageUnavailableError` (nothing may be acknowledged); an error `work`
 * throws itself (a refusal) is passed on as it is, after the rollback. Two transactions that
 * deadlock on each other's locks are told so by the server, which rolls one back: that one runs
 * again (so `work` must only touch the database). Inside a unit of work, `work` runs in a
 * savepoint of the unit's transaction: its locks are held, and its writes kept, until the unit ends.
 */
export async function inTransaction<T>(db: PostgresDatabase, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  if (db.unit) return inSavepoint(db.unit, work)
  for (let attempt = 1; ; attempt++) {
    try {
      return await inOwnTransaction(db, work)
    } catch (error) {
      if (!isDeadlock(error)) throw error
      // Still deadlocking after several tries: the database is too busy for now; the caller retries later.
      if (attempt >= maxDeadlockAttempts) throw new StorageUnavailableError(error)
    }
  }
}

const maxDeadlockAttempts = 5

async function inOwnTransaction<T>(db: PostgresDatabase, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient
  try {
    client = await db.pool.connect()
  } catch (error) {
    throw new StorageUnavailableError(error)
  }
  try {
    await client.query('BEGIN')
    let result: T
    try {
      result = await work(client)
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw isDatabaseUnavailable(error) ? new StorageUnavailableError(error) : error
    }
    try {
      await client.query('COMMIT')
    } catch (error) {
      throw isDeadlock(error) ? error : new StorageUnavailableError(error)
    }
    return result
  } finally {
    client.release()
  }
}

async function inSavepoint<T>(unit: OpenUnit, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const { client } = unit
  const name = `step_${++unit.depth}`
  try {
    await client.query(`SAVEPOINT ${name}`)
    const result = await work(client)
    await client.query(`RELEASE SAVEPOINT ${name}`)
    return result
  } catch (error) {
    // A deadlock aborts the whole transaction: the unit runs again, not this step.
    if (!isDeadlock(error)) await client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => undefined)
    throw error
  } finally {
    unit.depth--
  }
}

/** The server broke a deadlock (or a serialisation conflict) by rolling this transaction back. */
export function isDeadlock(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '40P01' || code === '40001'
}

/** Runs one statement whose success a 2xx will stand for: unreachable becomes `StorageUnavailableError`. */
export async function durably<T extends pg.QueryResultRow>(db: PostgresDatabase, text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
  try {
    return await db.sql.query<T>(text, values)
  } catch (error) {
    throw isDatabaseUnavailable(error) ? new StorageUnavailableError(error) : error
  }
}

/** Connection failures, a server shutting down, too many clients, a full disk: worth a retry. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return error instanceof Error && /Connection terminated|timeout/i.test(error.message)
  return /^(08|53|57P0[1-3])/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code)
}
