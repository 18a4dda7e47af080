import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { relayTestEngine, startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { BackupError, backupDatabase, inspectBackup, restoreDatabase } from '../src/storage/backup'
import { openDatabase, readMigrations } from '../src/storage/database'
import { holdRelayLock } from '../src/storage/relay-lock'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href

/** `npm run relay -- <args>` in its own process, as an operator would run it beside the relay. */
function relayCommand(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'server/src/cli/relay.ts'), ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'relay-cwd-')),
    env: { PATH: process.env.PATH ?? '', RELAY_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })))
}

let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness()
})
afterEach(async () => {
  await relay.close()
})

/** Posts one signed Stripe event over HTTP; resolves with its id once the relay acknowledged it. */
async function deliver(id: string): Promise<string> {
  const body = JSON.stringify({ id, object: 'event', type: 'customer.created', data: { object: { id: `cus_${id}` } } })
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: relay.sandbox.secrets.stripe.webhookSecret, timestamp: Math.floor(Date.now() / 1000) })
  const response = await fetch(relay.webhookUrl('stripe'), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body })
  if (response.status !== 200) throw new Error(`event ${id} answered ${response.status}`)
  return id
}

function storedEventIds(dataDir: string): Set<string> {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true })
  try {
    return new Set((db.prepare("SELECT event_id FROM webhook_events WHERE provider = 'stripe'").all() as { event_id: string }[]).map((row) => row.event_id))
  } finally {
    db.close()
  }
}

// The relay's own backup is of its SQLite file; on PostgreSQL the database's own tools do it.
const onPostgres = relayTestEngine() === 'postgres'

describe.runIf(onPostgres)('backup and restore on PostgreSQL', () => {
  it("point to PostgreSQL's own tools and write or replace nothing", async () => {
    const env = { DATABASE_URL: relay.config.databaseUrl!, RELAY_DATABASE_SCHEMA: relay.database.postgresSchema! }
    const file = join(mkdtempSync(join(tmpdir(), 'relay-backup-')), 'relay-backup.sqlite')
    for (const command of ['backup', 'restore']) {
      const result = await relayCommand(relay.dataDir, [command, file], env)
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toContain('back up and restore PostgreSQL with its own tools (pg_dump, pg_restore)')
      expect(() => statSync(file)).toThrow()
    }
    // The relay's data is where it was.
    expect(await relay.documents.get('settings', 'business')).not.toBeNull()
  })
})

describe.skipIf(onPostgres)('backup and restore of the SQLite file', () => {
  it('backs up while webhooks are being acknowledged; a restore holds everything acknowledged before the backup began', async () => {
    const acknowledged: string[] = []
    let sent = 0
    let writing = true
    // Four writers keep the relay acknowledging events for the whole backup.
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) {
        acknowledged.push(await deliver(`evt_bk_${sent++}`))
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 5))
    const beforeBackup = [...acknowledged]
    const file = join(mkdtempSync(join(tmpdir(), 'relay-backups-')), 'switchboard.sqlite')
    const result = await relayCommand(relay.dataDir, ['backup', file])
    const duringBackup = acknowledged.length - beforeBackup.length
    writing = false
    await Promise.all(writers)

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Keep relay.key somewhere else')
    expect(duringBackup).toBeGreaterThan(0) // the relay kept acknowledging while the backup ran
    expect(statSync(file).mode & 0o777).toBe(0o600)

    const fresh = mkdtempSync(join(tmpdir(), 'relay-restored-'))
    copyFileSync(join(relay.dataDir, 'relay.key'), join(fresh, 'relay.key'))
    const restored = restoreDatabase(fresh, file)
    expect(restored).toMatchObject({ previous: null, keyPresent: true, schemaVersion: readMigrations().at(-1)!.version })
    expect(statSync(join(fresh, 'relay.sqlite')).mode & 0o777).toBe(0o600)
    const ids = storedEventIds(fresh)
    for (const id of beforeBackup) expect(ids.has(id), id).toBe(true)
    // Nothing the relay never acknowledged, and the restored database opens and migrates as a relay's.
    for (const id of ids) expect(acknowledged.includes(id), id).toBe(true)
    const reopened = openDatabase(fresh)
    expect((reopened.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok')
    reopened.close()
  }, 60_000)

  it('refuses to restore while a relay serves the folder, and keeps the replaced database aside', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'relay-backups-')), 'b.sqlite')
    await deliver('evt_before')
    await backupDatabase(relay.dataDir, file)
    const release = holdRelayLock(relay.dataDir)
    expect(() => restoreDatabase(relay.dataDir, file)).toThrow(new BackupError(`A relay (process ${process.pid}) is running on ${relay.dataDir}. Stop it, then restore.`))
    release()

    // Into a folder whose relay stopped: the old database (with an event the backup lacks) is kept.
    const target = mkdtempSync(join(tmpdir(), 'relay-target-'))
    const old = openDatabase(target)
    old.prepare("INSERT INTO webhook_events (provider, event_id, received_at, headers, body, status, next_attempt_at) VALUES ('stripe', 'evt_only_old', '2026-01-01', '{}', x'7b7d', 'done', '2026-01-01')").run()
    old.close()
    const summary = restoreDatabase(target, file)
    expect(storedEventIds(target)).toEqual(new Set(['evt_before']))
    expect(summary.previous).toMatch(/relay\.sqlite\.before-restore-/)
    const kept = new Database(summary.previous!, { readonly: true })
    expect(kept.prepare('SELECT event_id FROM webhook_events').all()).toEqual([{ event_id: 'evt_only_old' }])
    kept.close()
  })

  it('checks the file first: not a database, damaged, not Switchboard, newer than the code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-bad-backups-'))
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'this is not a database at all, just some words that go on for a while'.repeat(20))
    expect(() => inspectBackup(text)).toThrow(/not a usable SQLite database|cannot be opened/)

    const other = join(dir, 'other.sqlite')
    const foreign = new Database(other)
    foreign.exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY)')
    foreign.close()
    expect(() => inspectBackup(other)).toThrow('not a Switchboard relay database')

    const good = join(dir, 'good.sqlite')
    await backupDatabase(relay.dataDir, good)
    const newer = join(dir, 'newer.sqlite')
    copyFileSync(good, newer)
    const future = new Database(newer)
    future.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999-from-the-future', '2030-01-01')").run()
    future.close()
    expect(() => inspectBackup(newer)).toThrow('made by a newer relay (schema version 999')

    // Damage: overwrite pages in the middle of the file.
    const damaged = join(dir, 'damaged.sqlite')
    copyFileSync(good, damaged)
    const bytes = readFileSync(damaged)
    bytes.fill(0x5a, 4096 * 2, 4096 * 4)
    writeFileSync(damaged, bytes)
    expect(() => inspectBackup(damaged)).toThrow(/damaged|not a usable/)

    // A refused restore leaves the folder as it was.
    const target = mkdtempSync(join(tmpdir(), 'relay-target-'))
    expect(() => restoreDatabase(target, newer)).toThrow(BackupError)
    expect(() => statSync(join(target, 'relay.sqlite'))).toThrow()
  })
})
