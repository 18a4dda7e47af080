/**
 * `npm start`: the relay plus the console, on embedded defaults.
 *
 * Starts the relay (or reuses one already answering at the configured address), builds the
 * console, then opens it in Electron. Where no Electron binary is installed, or with `--web`
 * (`npm run start:web`), it serves the same console to a browser and prints the URL to open.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { playScenario, readSandboxAddresses, type SandboxAddresses } from '../server/src/demo/scenario-player'
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

async function relayAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })
    return response.ok
  } catch {
    return false
  }
}

/** Starts the relay unless one already answers; true when this script started it. */
async function ensureRelay(url: string): Promise<boolean> {
  if (await relayAnswers(url)) {
    say(`Using the relay already running at ${url}.`)
    return false
  }
  say(`Starting the relay at ${url} (log: data/logs/relay.log)…`)
  const relay = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/src/cli/relay.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    // Demo mode seeds the demo business, but only when no provider has real credentials.
    env: { RELAY_DEMO: '1', ...process.env },
  })
  children.push(relay)
  let exited: number | null = null
  relay.on('exit', (code) => {
    exited = code ?? 1
  })
  for (let attempt = 0; attempt < 100; attempt++) {
    if (exited !== null) throw new Error(`The relay stopped during start-up (exit code ${exited}); see the message above.`)
    if (await relayAnswers(url)) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The relay did not answer at ${url} within 20 seconds.`)
}

function build(): void {
  say('Building the console…')
  const result = spawnSync(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error('Building the console failed; see the messages above.')
}

/** A one-time owner pairing code from the local relay's data folder, so the console starts paired. */
function ownerPairingCode(): string | null {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'server/src/cli/relay.ts', 'pair', '--role', 'owner'], {
    cwd: root,
    env: { ...process.env, RELAY_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })
  return result.status === 0 ? result.stdout.trimEnd().split('\n').at(-1) ?? null : null
}

function relayUrlFromEnv(): string {
  const host = process.env.RELAY_HOST ?? '127.0.0.1'
  const port = process.env.RELAY_PORT ?? '8787'
  return process.env.SWITCHBOARD_RELAY_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`
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
  const relayUrl = relayUrlFromEnv()
  process.env.SWITCHBOARD_RELAY_URL = relayUrl
  await ensureRelay(relayUrl)
  const dataDir = process.env.RELAY_DATA_DIR ?? `${root}data`
  // The relay publishes its sandbox only when it runs on the built-in sandbox: that is the demo.
  const sandbox = readSandboxAddresses(dataDir)
  if (sandbox) process.env.SWITCHBOARD_DEMO = '1'
  build()
  // A relay on this computer shares this folder's data, so the console can be paired as the owner.
  const isLocalRelay = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(relayUrl).hostname)
  if (isLocalRelay && !process.env.SWITCHBOARD_PAIRING_CODE) {
    const code = ownerPairingCode()
    if (code) process.env.SWITCHBOARD_PAIRING_CODE = code
  }

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
