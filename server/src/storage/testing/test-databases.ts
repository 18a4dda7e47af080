/**
 * Databases for tests, one fresh per test file so files run in parallel. SQLite: a file in a new
 * temporary folder. PostgreSQL: a new schema in the database named by
 * `SWITCHBOARD_TEST_DATABASE_URL`; without that variable the PostgreSQL tests skip with the reason,
 * unless `REQUIRE_POSTGRES=1` (CI), where a missing database is a failure.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type RelayDatabase } from '../database'
import { openPostgres, type PostgresDatabase } from '../postgres/postgres-database'

export const postgresTestUrl = process.env.SWITCHBOARD_TEST_DATABASE_URL || null

/** Why the PostgreSQL tests skip, or null when they run; throws when CI requires them. */
export function postgresSkipReason(): string | null {
  if (postgresTestUrl) return null
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error('REQUIRE_POSTGRES=1 but SWITCHBOARD_TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run.')
  }
  return 'SWITCHBOARD_TEST_DATABASE_URL is not set (e.g. postgres://switchboard:…@localhost/switchboard_test)'
}

export function freshSqliteDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'relay-storage-'))
}

export function openFreshSqlite(): { db: RelayDatabase; dataDir: string } {
  const dataDir = freshSqliteDataDir()
  return { db: openDatabase(dataDir), dataDir }
}

/** A fresh schema of its own; `drop()` removes it and everything in it. */
export async function createPostgresTestSchema(): Promise<{ schema: string; open(): Promise<PostgresDatabase>; drop(): Promise<void> }> {
  if (!postgresTestUrl) throw new Error(postgresSkipReason() ?? 'no test database')
  const url = postgresTestUrl
  const schema = `test_${randomBytes(6).toString('hex')}`
  return {
    schema,
    open: () => openPostgres(url, { schema, maxConnections: 4 }),
    drop: () => dropPostgresTestSchema(schema),
  }
}

/** Removes a test schema and everything in it. */
export async function dropPostgresTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresTestUrl! })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}
