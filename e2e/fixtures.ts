/**
 * Isolated e2e runs: each test gets a fresh data folder and a real relay (the `npm run relay`
 * entry point, bundled once per run) on a free port, and the console served by the same services
 * as in Electron.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, test as base } from '@playwright/test'
import { serveConsoleInBrowser } from '../src/main/web/serve'
import { findLeaks } from '../server/src/logging/leak-scan'
import { relayBundlePath } from '../scripts/build-relay'
import { createPairingCode } from './relay-client'

export const repoRoot = fileURLToPath(new URL('../', import.meta.url))

/** The canaries, personal data and credential shapes no relay log may hold (shared with the unit run). */
export { canaries, findLeaks } from '../server/src/logging/leak-scan'

export interface RunningRelay {
  url: string
  port: number
  dataDir: string
  /** Stops the relay process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder. */
  restart(): Promise<void>
}

async function spawnRelay(dataDir: string, port: number, extraEnv: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // The bundle built before the run (e2e/global-setup.ts): the same relay, started without tsx.
  const child = spawn(process.execPath, [relayBundlePath], {
    cwd: repoRoot,
    env: { ...process.env, ...extraEnv, RELAY_PORT: String(port), RELAY_DATA_DIR: dataDir, RELAY_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start in time\n${stderr}`)), 30_000)
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}\n${stderr}`)))
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string }
        if (entry.url) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      } catch {
        // not a log line
      }
    })
  })
  return { child, url }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

export interface E2eOptions {
  /** Extra relay environment, e.g. `{ RELAY_DEMO: '1' }` for the demo business. */
  relayEnv: Record<string, string>
  /** Pair the console as the owner at start, as `npm start` does. */
  autoPairOwner: boolean
}

export const test = base.extend<E2eOptions & { relay: RunningRelay; consoleUrl: string }>({
  relayEnv: [{}, { option: true }],
  autoPairOwner: [false, { option: true }],
  relay: async ({ relayEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'))
    let { child, url } = await spawnRelay(dataDir, 0, relayEnv)
    const port = Number(new URL(url).port)
    await use({
      get url() {
        return url
      },
      port,
      dataDir,
      stop: () => stopChild(child),
      async restart() {
        await stopChild(child)
        ;({ child, url } = await spawnRelay(dataDir, port, relayEnv))
      },
    })
    await stopChild(child)
    // Whatever the test did, the relay's log must hold no personal data or credentials.
    const leaks = findLeaks(readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8'))
    rmSync(dataDir, { recursive: true, force: true })
    expect(leaks, 'personal data or secrets in the relay log').toEqual([])
  },
  consoleUrl: async ({ relay, autoPairOwner, relayEnv }, use) => {
    const host = await serveConsoleInBrowser({
      ...process.env,
      SWITCHBOARD_RELAY_URL: relay.url,
      SWITCHBOARD_RELAY_POLL_MS: '300',
      ...(autoPairOwner ? { SWITCHBOARD_PAIRING_CODE: createPairingCode(relay, 'owner') } : {}),
      ...(relayEnv.RELAY_DEMO === '1' ? { SWITCHBOARD_DEMO: '1' } : {}),
      // In demo mode the console finds the relay's RingCentral sandbox in the relay's data folder.
      RELAY_DATA_DIR: relay.dataDir,
    })
    await use(host.url)
    await host.close()
  },
})

export { expect }
