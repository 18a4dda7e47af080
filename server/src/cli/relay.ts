/**
 * `npm run relay [-- <command> ...]`: with no command, starts the relay. Other commands live in
 * `commands/`, one file each, and are listed in `relayCommands` below.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildRelay } from '../app'
import { checkoutPageRoutes, createBookingLifecycle, type BookingLifecycleService } from '../bookings'
import { ConfigError, hasRingCentralApp, parseRelayConfig, type RelayConfig } from '../config/config'
import { describeProviders } from '../config/provider-summary'
import { createConversationService, createSharedAgentParts } from '../conversations'
import { MissedCallTextBack } from '../conversations/missed-call-text-back'
import { createCallService } from '../calls'
import { createCustomerLinks } from '../customers'
import { createRingCentralEventHandler } from '../providers/ringcentral/handle-event'
import { readRelayEnv } from '../config/load'
import { createRelayInboxWorker } from '../inbox/relay-inbox'
import { createRelayLogger, subsystemLogger } from '../logging/logger'
import { RingCentralWebhookSubscription } from '../providers/ringcentral/webhook-subscription'
import { registerSandboxWebhookEndpoint } from '../providers/stripe/stripe-client'
import { startCheckpointer } from '../storage/checkpointer'
import { openDatabase } from '../storage/database'
import { restrictDataDir } from '../storage/private-files'
import { holdRelayLock } from '../storage/relay-lock'
import { DocumentStore } from '../storage/document-store'
import { linkSandboxBank, publishSandboxAddresses, withEmbeddedSandbox } from '../demo/embedded-sandbox'
import { createPlaidBank } from '../providers/plaid/bank-connection'
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
  const db = openDatabase(config.dataDir)
  // Tells `restore` that this folder's database is in use, until this process exits (by any path).
  process.on('exit', holdRelayLock(config.dataDir))
  // The log is moved into the database file off the event loop (storage/checkpointer.ts).
  const checkpointer = startCheckpointer(db)
  // The webhook inbox worker shares the app's document store so sync listeners hear its writes.
  const documents = new DocumentStore(db)
  // The demo business only ever runs on the built-in sandbox: with any real provider it is not seeded.
  const demo = config.demo && (['ringCentral', 'stripe', 'plaid'] as const).every((provider) => sandboxed.includes(provider))
  if (config.demo && !demo) logger.warn('RELAY_DEMO=1 is not used: the demo runs only with every provider on the built-in sandbox, and some have credentials')
  if (demo && seedDemoBusiness(documents, new Date())) logger.info('Seeded the demo business')
  // Live calls: tap, transcribe, suggest, escalate (server/src/calls). On the sandbox the tap
  // registers the simulator's SIP device and its Deepgram simulator transcribes.
  // One agent brain (its ZIP directory is large) and one text sender for texts, calls and bookings.
  const shared = createSharedAgentParts({ db, documents, config, logger })
  const calls = createCallService({
    db,
    documents,
    config,
    logger,
    shared,
    audioSource: sandboxed.includes('ringCentral') && sandbox
      ? { kind: 'softphone', deviceId: sandbox.ringcentral.calls.tapDeviceId, sandbox: true }
      : config.providers.ringCentral.tapDeviceId
        ? { kind: 'softphone', deviceId: config.providers.ringCentral.tapDeviceId }
        : { kind: 'none' },
    deepgram: sandboxed.includes('deepgram') && sandbox ? { apiKey: sandbox.secrets.deepgram.apiKey, url: sandbox.urls.deepgram } : undefined,
  })
  // A missed call or voicemail texts the caller back once a day (sent by the conversation loop).
  const textBack = new MissedCallTextBack({ db, documents, logger: subsystemLogger(logger, 'conversations') })
  // The bank connection: Plaid webhooks, the owner's bank routes and the periodic sync share it.
  const bank = createPlaidBank({ db, documents, config, logger: subsystemLogger(logger, 'plaid') })
  const inboxWorker = createRelayInboxWorker({
    db,
    documents,
    config,
    logger,
    bank,
    sender: shared.sender,
    handlers: {
      ringcentral: createRingCentralEventHandler({
        db,
        documents,
        transcribeVoicemail: (voicemail) => calls.transcribeVoicemail(voicemail),
        onMissedCall: (call) => textBack.missed(call),
      }),
    },
  })
  // Answers stored texts and sends queued replies, by listening to the same document store.
  const conversations = createConversationService({ db, documents, config, logger, shared })
  // Calls and threads follow the customer record of their number (a console's "Create customer").
  const customerLinks = createCustomerLinks({ db, documents, logger })
  const app = await buildRelay({
    config,
    db,
    logger,
    version,
    documents,
    bank,
    webhooks: { onEventStored: () => inboxWorker.notify() },
    // Not ready until the services below have started and the sandbox is published (`/healthz`).
    state: { ready: false, demo, sandbox: sandboxed.length > 0 },
  })
  let ringCentralSubscription: RingCentralWebhookSubscription | null = null
  let unpublishSandbox = () => {}
  let bookings: BookingLifecycleService | null = null
  app.addHook('onClose', async () => {
    await ringCentralSubscription?.stop()
    await inboxWorker.stop()
    textBack.stop()
    await conversations.stop()
    await customerLinks.stop()
    await calls.stop()
    await bookings?.stop()
    unpublishSandbox()
    await sandbox?.close()
  })
  // Where Stripe Checkout sends customers after paying a deposit link.
  await app.register(checkoutPageRoutes)
  const address = await app.listen({ host: config.host, port: config.port })
  inboxWorker.start()
  bank.start()
  conversations.start()
  customerLinks.start()
  textBack.start()
  await calls.start()
  if (sandboxed.includes('stripe')) await registerSandboxWebhookEndpoint(config.providers.stripe, address)
  // Deposit links, scheduled texts and derived booking status (server/src/bookings); its jobs live in the database.
  bookings = createBookingLifecycle({ db, documents, config, logger, publicUrl: config.publicUrl ?? address, sender: shared.sender })
  bookings.start()
  if (sandbox) {
    const plaidItemId = sandboxed.includes('plaid') ? await linkSandboxBank(bank, config, `${address}/webhooks/plaid`) : null
    unpublishSandbox = publishSandboxAddresses(config.dataDir, sandbox, address, plaidItemId)
  }
  if (config.providers.ringCentral.mode === 'live' && hasRingCentralApp(config.providers.ringCentral)) {
    // RingCentral must reach the relay from outside: RELAY_PUBLIC_URL when behind a proxy or tunnel.
    const publicUrl = config.publicUrl ?? address
    ringCentralSubscription = new RingCentralWebhookSubscription({
      db,
      settings: config.providers.ringCentral,
      webhookAddress: `${publicUrl}/webhooks/ringcentral`,
      logger: subsystemLogger(logger, 'ringcentral'),
      documents,
    })
    ringCentralSubscription.start()
  }
  app.relayState.ready = true
  logger.info({ url: address, dataDir: config.dataDir }, `Relay listening at ${address}. ${describeProviders(config, sandboxed, demo)}`)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    logger.info(`Received ${signal}; shutting down`)
    void app
      .close()
      .then(() => checkpointer.stop())
      .finally(() => {
        db.close()
        process.exit(0)
      })
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
