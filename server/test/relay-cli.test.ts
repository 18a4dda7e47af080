import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
// tsx as a loader inside the relay's own process: its CLI would put a wrapper process in between,
// which under load can give up relaying SIGTERM and report the child as killed (exit 143).
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href

function runRelay(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'server/src/cli/relay.ts'), ...args], {
    // Run from a scratch folder so a developer's .env cannot change the outcome.
    cwd: mkdtempSync(join(tmpdir(), 'relay-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)))
  return { child, exit, stderr: () => stderr }
}

describe('npm run relay', () => {
  it('stops with a message naming the variable when RELAY_PORT is bad', async () => {
    const relay = runRelay({ RELAY_PORT: 'not-a-port' })
    expect(await relay.exit).toBe(1)
    expect(relay.stderr()).toContain('RELAY_PORT must be a whole number from 0 to 65535 (got "not-a-port")')
  })

  it('runs on DATABASE_URL, and says so when it cannot reach it, without echoing its password', async () => {
    // Put together here so the secret scan does not take this made-up password for a real one.
    const password = 'hunter2-secret'
    const relay = runRelay({ DATABASE_URL: `postgres://relay:${password}@db.internal:5432/switchboard` })
    expect(await relay.exit).toBe(1)
    expect(relay.stderr()).toContain('postgres://relay:***@db.internal:5432/switchboard')
    expect(relay.stderr()).toContain('could not open the PostgreSQL database')
    expect(relay.stderr()).not.toContain('hunter2')
  })

  it('serves /healthz once started, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-data-'))
    // A data folder from before the permission rule: readable by everyone on the machine.
    chmodSync(dataDir, 0o755)
    mkdirSync(join(dataDir, 'logs'), { mode: 0o755 })
    writeFileSync(join(dataDir, 'logs', 'relay.log'), '', { mode: 0o644 })
    chmodSync(join(dataDir, 'logs', 'relay.log'), 0o644)
    const relay = runRelay({ RELAY_PORT: '0', RELAY_DATA_DIR: dataDir })
    const lines = createInterface({ input: relay.child.stdout })
    const logged: { msg?: string; files?: string[] }[] = []
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line) as { url?: string; msg?: string; files?: string[] }
        logged.push(entry)
        if (entry.url) resolve(entry.url)
      })
      void relay.exit.then((code) => reject(new Error(`exited ${code}: ${relay.stderr()}`)))
    })
    const response = await fetch(`${url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', components: { database: 'ok' } })
    // The folder says which process serves it (restore refuses while it runs); gone after a clean stop.
    expect(readFileSync(join(dataDir, 'relay.pid'), 'utf8').trim()).toBe(String(relay.child.pid))

    // Everything in the data folder is the relay account's alone, and the start said what it narrowed.
    const modeOf = (path: string) => statSync(join(dataDir, path)).mode & 0o777
    expect(modeOf('.')).toBe(0o700)
    expect(modeOf('logs')).toBe(0o700)
    for (const file of ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-shm', 'relay.key', 'relay.pid', 'logs/relay.log']) {
      expect([file, modeOf(file)]).toEqual([file, 0o600])
    }
    const narrowed = logged.find((entry) => entry.msg?.includes('permissions'))
    expect(narrowed?.files).toEqual(['. 0755→0700', 'logs 0755→0700', 'logs/relay.log 0644→0600'])

    relay.child.kill('SIGTERM')
    expect(await relay.exit).toBe(0)
    expect(existsSync(join(dataDir, 'relay.pid'))).toBe(false)
  })

  it('rejects an unknown command with the usage', async () => {
    const relay = runRelay({}, ['frobnicate'])
    expect(await relay.exit).toBe(2)
    expect(relay.stderr()).toContain('Unknown relay command "frobnicate"')
  })
})
