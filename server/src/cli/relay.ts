/**
 * `npm run relay [-- <command> ...]`: with no command, starts the relay. Other commands live in
 * `commands/`, one file each, and are listed in `relayCommands` below.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildRelay } from '../app'
import { ConfigError, hasRingCentralApp, parseRelayConfig, type RelayConfig } from '../config/config'
import { describeProviders } from '../config/provider-summary'
import { readRelayEnv } from '../config/load'
import { createRelayLogger } from '../logging/logger'
import { startCheckpointer } from '../storage/checkpointer'
import { databaseFileName } from '../storage/database'
import { openRelayStorage } from '../storage/open-storage'
import { redactDatabaseUrl } from '../storage/postgres/database-url'
import { restrictDataDir } from '../storage/private-files'
import { holdRelayLock } from '../storage/relay-lock'
import { linkSandboxBank, publishSandboxAddresses, withEmbeddedSandbox } from '../demo/embedded-sandbox'
import { seedDemoBusiness } from '../demo/seed'
import { backupCommand, restoreCommand } from './commands/backup'
import { devicesCommand } from './commands/devices'
import { eventsCommand } from './commands/events'
import { pairCommand } from './commands/pair'

const packageJson = fileURLToPath(new URL('../../../package.json', import.meta.url))
const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }

/** A relay subcommand: gets the parsed configuration and its own arguments; returns the exit code. */
export interface RelayCommand {
  summary: string
  run(config: RelayConfig, args: string[]): Promise<number>
}

const relayCommands: Record<string, RelayCommand> = {
  pair: pairCommand,
  devices: devicesCommand,
  events: eventsCommand,
  backup: backupCommand,
  restore: restoreCommand,
}

const usage = `Usage: npm run relay [-- <command> ...]

Commands:
  (none)     start the relay (configuration from the environment and .env)
${Object.entries(relayCommands)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}
  help       show this message`

async function serve(configured: RelayConfig, env: Record<string, string | undefined>): Promise<void> {
  // Providers without credentials run against the built-in sandbox, started here; `env` holds
  // `.env` too, so nothing the operator set there is lost when the configuration is re-read.
  const { config, sandbox, sandboxed } = await withEmbeddedSandbox(configured, env)
  // Customers, transcripts and raw webhooks live here: private to this account (storage/private-files.ts).
  const narrowed = restrictDataDir(config.dataDir)
  const logger = createRelayLogger(config.logLevel, config.dataDir)
  if (narrowed.length > 0) {
    logger.warn(
      { dataDir: config.dataDir, files: narrowed.map(({ path, from, to }) => `${path} ${from}→${to}`) },
      'Data folder permissions were wider than owner-only; narrowed them',
    )
  }
  const opened = await openRelayStorage(config, logger)
  const sqlite = opened.engine === 'sqlite' ? opened : null
  // Tells `restore` that this folder's database is in use, until this process exits (by any path).
  if (sqlite) process.on('exit', holdRelayLock(config.dataDir))
  // The log is moved into the database file off the event loop (storage/checkpointer.ts).
  const checkpointer = sqlite ? startCheckpointer(sqlite.db) : null
  // The demo business only ever runs on the built-in sandbox and the embedded SQLite file: with
  // any real provider, or on a shared PostgreSQL database, it is not seeded.
  const demo = config.demo && sqlite !== null && (['ringCentral', 'stripe', 'plaid'] as const).every((provider) => sandboxed.includes(provider))
  if (config.demo && !demo) logger.warn('RELAY_DEMO=1 is not used: the demo runs only on the embedded SQLite file with every provider on the built-in sandbox')
  if (demo && (await seedDemoBusiness(opened.storage, new Date()))) logger.info('Seeded the demo business')
  const app = await buildRelay({
    config,
    ...(sqlite ? { db: sqlite.db, documents: sqlite.documents } : { storage: opened.storage }),
    logger,
    version,
    // Every service runs; buildRelay composes them (server/src/relay-services.ts).
    services: {
      bankSync: true,
      // Live calls: on the sandbox the tap registers the simulator's SIP device and its Deepgram simulator transcribes.
      calls: {
        audioSource:
          sandboxed.includes('ringCentral') && sandbox
            ? { kind: 'softphone', deviceId: sandbox.ringcentral.calls.tapDeviceId, sandbox: true }
            : config.providers.ringCentral.tapDeviceId
              ? { kind: 'softphone', deviceId: config.providers.ringCentral.tapDeviceId }
              : { kind: 'none' },
        deepgram: sandboxed.includes('deepgram') && sandbox ? { apiKey: sandbox.secrets.deepgram.apiKey, url: sandbox.urls.deepgram } : undefined,
      },
      conversations: true,
      textBack: {},
      customerLinks: true,
      bookings: {},
      stripeSandboxEndpoint: sandboxed.includes('stripe') ? {} : undefined,
      ringCentralSubscription: config.providers.ringCentral.mode === 'live' && hasRingCentralApp(config.providers.ringCentral) ? {} : undefined,
    },
    // Not ready until the services below have started and the sandbox is published (`/healthz`).
    state: { ready: false, demo, sandbox: sandboxed.length > 0 },
  })
  let unpublishSandbox = () => {}
  const address = await app.listen({ host: config.host, port: config.port })
  await app.services.start(address)
  if (sandbox) {
    const plaidItemId = sandboxed.includes('plaid') ? await linkSandboxBank(app.bank, config, `${address}/webhooks/plaid`) : null
    unpublishSandbox = publishSandboxAddresses(config.dataDir, sandbox, address, plaidItemId)
  }
  app.relayState.ready = true
  const where = sqlite ? `SQLite (${join(config.dataDir, databaseFileName)})` : `PostgreSQL (${redactDatabaseUrl(config.databaseUrl!)}, schema ${config.databaseSchema})`
  logger.info({ url: address, dataDir: config.dataDir, storage: opened.engine }, `Relay listening at ${address}, storing in ${where}. ${describeProviders(config, sandboxed, demo)}`)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    logger.info(`Received ${signal}; shutting down`)
    // Services stop with the app (while the sandbox they may talk to still runs), then the sandbox.
    void app
      .close()
      .then(async () => {
        unpublishSandbox()
        await sandbox?.close()
      })
      .then(() => checkpointer?.stop())
      .then(() => opened.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  if (command !== undefined && !Object.hasOwn(relayCommands, command)) {
    process.stderr.write(`Unknown relay command "${command}".\n\n${usage}\n`)
    return 2
  }
  const env = readRelayEnv()
  let config: RelayConfig
  try {
    config = parseRelayConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      return 1
    }
    throw error
  }
  if (command !== undefined) return relayCommands[command]!.run(config, args)
  await serve(config, env)
  return -1 // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: Error & { code?: string }) => {
    const hint = error.code === 'EADDRINUSE' ? ' Another program is using that port; set RELAY_PORT to a free one.' : ''
    process.stderr.write(`The relay could not start: ${error.message}.${hint}\n`)
    process.exit(1)
  },
)
