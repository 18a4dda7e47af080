import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../sandbox/index'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs')
const relayCli = join(root, 'server/src/cli/relay.ts')

let sandbox: Sandbox | undefined
let stopRelay: (() => Promise<void>) | undefined

afterEach(async () => {
  await stopRelay?.()
  await sandbox?.close()
})

describe('npm run relay with the sandbox', () => {
  it('processes webhooks in the background and lists them with `events list`', async () => {
    sandbox = await startSandbox()
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-process-'))
    const env = { PATH: process.env.PATH ?? '', ...sandbox.relayEnv(), RELAY_PORT: '0', RELAY_DATA_DIR: dataDir }
    const cwd = mkdtempSync(join(tmpdir(), 'relay-cwd-'))
    const child = spawn(process.execPath, [tsx, relayCli], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)))
    stopRelay = async () => {
      child.kill('SIGTERM')
      await exited
    }
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as { url?: string }
        if (entry.url) resolve(entry.url)
      })
      void exited.then((code) => reject(new Error(`relay exited ${code}`)))
    })

    // A checkout that is not Switchboard's: stored, answered, then processed (as a no-op) by the worker.
    const { event, deliveries } = await sandbox.stripe.checkoutCompleted({ amountTotal: 500, webhookUrl: `${url}/webhooks/stripe` })
    expect(deliveries.map((d) => d.status)).toEqual([200])

    const listEvents = () => {
      const result = spawnSync(process.execPath, [tsx, relayCli, 'events', 'list', '--json'], { cwd, env, encoding: 'utf8' })
      return JSON.parse(result.stdout) as { eventId: string; status: string }[]
    }
    await expect.poll(() => listEvents().map((e) => [e.eventId, e.status]), { timeout: 15_000, interval: 500 }).toEqual([[event.id, 'done']])
  }, 40_000)
})
