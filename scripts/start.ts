/**
 * `npm start`: the relay plus the console, on embedded defaults.
 *
 * Starts the relay (or reuses one already answering at the configured address) while it builds
 * the console, waits until the relay says it is ready and whether it runs the demo, pairs the
 * console as the owner's, then opens it in Electron. Where no Electron binary is installed, or with `--web`
 * (`npm run start:web`), it serves the same console to a browser and prints the URL to open.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readRelayEnv } from '../server/src/config/load'
import { playScenario, readSandboxAddresses, type SandboxAddresses } from '../server/src/demo/scenario-player'
import { DeviceRegistry } from '../server/src/storage/device-registry'
import { openDatabase } from '../server/src/storage/database'
import { serveConsoleInBrowser } from '../src/main/web/serve'

const root = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const children: ChildProcess[] = []

function say(message: string) {
  process.stdout.write(`${message}\n`)
}

/**
 * The Electron binary's path, or why there is none. Reads the package's `path.txt` rather than
 * requiring `electron`, whose entry point tries to download a missing binary.
 */
function findElectron(): { path: string } | { missing: string } {
  const packageDir = `${root}node_modules/electron/`
  if (!existsSync(`${packageDir}path.txt`)) {
    return { missing: 'the Electron binary was not downloaded when dependencies were installed' }
  }
  const path = `${packageDir}dist/${readFileSync(`${packageDir}path.txt`, 'utf8').trim()}`
  return existsSync(path) ? { path } : { missing: `the Electron binary is missing from ${packageDir}dist` }
}

/** What the relay says about itself on `/healthz` (older relays lack the start-up fields). */
interface RelayHealth {
  ready?: boolean
  demo?: boolean
}

async function relayHealth(url: string): Promise<RelayHealth | null> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })
    return response.ok ? ((await response.json()) as RelayHealth) : null
  } catch {
    return null
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The relay's address from its start line (a JSON log line with `url`), or null. */
function startLineUrl(line: string): string | null {
  try {
    const { url } = JSON.parse(line) as { url?: unknown }
    return typeof url === 'string' ? url : null
  } catch {
    return null
  }
}

/**
 * Starts the relay and resolves with its address, read from its start line: with `RELAY_PORT=0`
 * only the relay knows which port it got.
 */
function startRelay(dataDir: string, demo: string): Promise<string> {
  say(`Starting the relay (log: ${join(dataDir, 'logs', 'relay.log')})…`)
  const relay = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/cli/relay.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    // Demo mode seeds the demo business, but only when no provider has real credentials.
    env: { ...process.env, RELAY_DEMO: demo },
  })
  children.push(relay)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The relay did not start within 60 seconds; see ${join(dataDir, 'logs', 'relay.log')}.`)), 60_000)
    relay.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The relay stopped during start-up (exit code ${code ?? 1}); see the message above.`))
    })
    // Its log lines are kept in data/logs/relay.log; here they are read (and must keep being
    // read, or the relay would block on a full pipe) only for the address.
    createInterface({ input: relay.stdout! }).on('line', (line) => {
      const url = startLineUrl(line)
      if (url) {
        clearTimeout(timer)
        resolve(url)
      }
    })
  })
}

/**
 * The relay to use, once it has finished starting: one already answering at the configured
 * address, or a new one. Whether it runs the demo on the built-in sandbox comes from the relay
 * itself, after it says it is ready, so nothing is read from its data folder too early.
 */
async function ensureRelay(configuredUrl: string | null, dataDir: string, demo: string): Promise<{ url: string; demo: boolean }> {
  let url = configuredUrl
  if (url && (await relayHealth(url))) {
    say(`Using the relay already running at ${url}.`)
  } else {
    url = await startRelay(dataDir, demo)
  }
  for (let attempt = 0; attempt < 300; attempt++) {
    const health = await relayHealth(url)
    if (health && health.ready !== false) {
      say(`The relay is ready at ${url}${health.demo ? ', running the demo business on the built-in sandbox' : ''}.`)
      return { url, demo: health.demo === true }
    }
    await sleep(200)
  }
  throw new Error(`The relay at ${url} did not finish starting within a minute.`)
}

/** Builds the console while the relay starts (neither needs the other). */
function build(): Promise<void> {
  say('Building the console…')
  const builder = spawn(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(builder)
  return new Promise((resolve, reject) => {
    builder.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('Building the console failed; see the messages above.'))))
  })
}

/**
 * A one-time owner pairing code, made in the local relay's data folder as
 * `npm run relay -- pair --role owner` does, so the console starts paired.
 */
async function ownerPairingCode(dataDir: string): Promise<string | null> {
  try {
    const db = openDatabase(dataDir)
    try {
      return (await new DeviceRegistry(db).createPairingCode('owner')).code
    } finally {
      db.close()
    }
  } catch (error) {
    say(`Could not pair the console with the relay by itself (${(error as Error).message}); pair it in Settings.`)
    return null
  }
}

/** Where the relay is expected; null when `RELAY_PORT=0` asks for a free port (known once it runs). */
function relayUrlFromEnv(env: Record<string, string | undefined>): string | null {
  if (env.SWITCHBOARD_RELAY_URL) return env.SWITCHBOARD_RELAY_URL
  const host = env.RELAY_HOST || '127.0.0.1'
  const port = env.RELAY_PORT || '8787'
  if (port.trim() === '0') return null
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
}

/**
 * Plays the full demo scenario the first time the demo relay runs on this data folder, so a new
 * user sees texts, calls, deposits and bank payments arrive; `npm run demo` replays on demand.
 */
async function playDemoOnce(dataDir: string, sandbox: SandboxAddresses): Promise<void> {
  const marker = `${dataDir}/demo-played.json`
  if (existsSync(marker)) {
    say('Demo data is already in place; replay a scenario with: npm run demo -- --scenario everything')
    return
  }
  await new Promise((resolve) => setTimeout(resolve, 3000))
  say('Demo: playing the "everything" scenario through the provider sandbox…')
  try {
    await playScenario('everything', sandbox, (line) => say(`Demo: ${line}`))
    writeFileSync(marker, JSON.stringify({ scenario: 'everything', playedAt: new Date().toISOString() }))
  } catch (error) {
    say(`Demo: the scenario could not be played: ${(error as Error).message}`)
  }
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
}

async function main() {
  const webOnly = process.argv.includes('--web')
  // The relay's own view of its settings: the environment over the `.env` it will read too.
  const relayEnv = readRelayEnv(process.env, join(root, '.env'))
  const built = build()
  built.catch(() => undefined) // awaited below; an early failure must not go unhandled meanwhile
  const dataDir = resolve(root, relayEnv.RELAY_DATA_DIR || 'data')
  // The demo unless RELAY_DEMO says otherwise (in the environment or .env).
  const relay = await ensureRelay(relayUrlFromEnv(relayEnv), dataDir, relayEnv.RELAY_DEMO?.trim() || '1')
  const relayUrl = relay.url
  process.env.SWITCHBOARD_RELAY_URL = relayUrl
  // The relay said it runs the demo and is ready, so it has published its sandbox's addresses.
  let sandbox: SandboxAddresses | null = null
  if (relay.demo) {
    sandbox = readSandboxAddresses(dataDir)
    if (sandbox) process.env.SWITCHBOARD_DEMO = '1'
    else say(`The relay runs the demo, but its sandbox is not described in ${dataDir}/sandbox.json; set RELAY_DATA_DIR to the relay's data folder to play it.`)
  }
  // A relay on this computer shares this folder's data, so the console can be paired as the owner.
  const isLocalRelay = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(relayUrl).hostname)
  if (isLocalRelay && !process.env.SWITCHBOARD_PAIRING_CODE) {
    const code = await ownerPairingCode(dataDir)
    if (code) process.env.SWITCHBOARD_PAIRING_CODE = code
  }
  await built

  const electron = webOnly ? null : findElectron()
  if (electron && 'path' in electron) {
    say('Opening the Switchboard console…')
    const app = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env: process.env })
    children.push(app)
    app.on('exit', (code) => {
      stopAll()
      process.exit(code ?? 0)
    })
    if (sandbox) void playDemoOnce(dataDir, sandbox)
    return
  }
  if (electron && 'missing' in electron) {
    say(`No Electron binary here (${electron.missing}); serving the console to your browser instead.`)
    say('To get the desktop app on a machine with internet access, run: npm run electron:fetch')
  }
  const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }
  const host = await serveConsoleInBrowser(process.env)
  say(`Switchboard ${version} console is ready. Open it in your browser:`)
  say(host.url)
  if (sandbox) void playDemoOnce(dataDir, sandbox)
  const shutdown = () => {
    stopAll()
    void host.close().then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`)
  stopAll()
  process.exit(1)
})
