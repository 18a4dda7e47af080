/**
 * Builds the whole relay without listening: storage, every service (relay-services.ts) and the
 * routes. The command line and the test harness both build it here, so they cannot drift apart;
 * tests drive it with `inject` or listen on port 0, the CLI listens on its configured address.
 * After listening, `app.services.start(address)` starts the services chosen in `services`.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { RelayConfig } from './config/config'
import type { Logger } from './logging/logger'
import rateLimit from '@fastify/rate-limit'
import type { DeviceStore } from './storage/contracts'
import { checkedJsonBodies } from './plugins/json-body'
import { closePromptly } from './plugins/close-promptly'
import { devicePairingRoutes } from './routes/devices/pair'
import { healthzRoutes } from './routes/healthz'
import { syncRoutes } from './routes/sync'
import { webhookRoutes } from './routes/webhooks'
import { WebhookRefusals, type RefusalPolicy } from './routes/webhooks/refusals'
import { bankRoutes } from './routes/bank'
import type { PlaidBank } from './providers/plaid/bank-connection'
import { composeRelayServices, type RelayServiceChoices, type RelayServices } from './relay-services'
import { relayStorageOnSqlite, type RelayStorage } from './storage/relay-storage'
import { checkoutPageRoutes } from './bookings'
import type { SmsSender } from './providers/ringcentral/sms-sender'
import type { RelayDatabase } from './storage/database'
import { DocumentStore } from './storage/document-store'
import { groupCommitOf, type GroupCommit } from './storage/group-commit'
import { PaymentMatchingService } from './matching'
import { resolveSetupReminderWhenSetUp } from './business/setup-reminder'

declare module 'fastify' {
  interface FastifyInstance {
    /** The SQLite file, when the relay runs on it (its tools and tests); null on PostgreSQL. */
    db: RelayDatabase | null
    /** SQLite's synchronous document store (its tools and tests); null on PostgreSQL, where `storage` alone serves. */
    documents: DocumentStore | null
    /** Every store behind the engine-neutral contracts (storage/contracts.ts): what ported services use. */
    storage: RelayStorage
    /** Paired consoles and pairing codes. */
    devices: DeviceStore
    /** SQLite's shared, fsynced transactions for the writes a 2xx answer stands for (storage/group-commit.ts). */
    groupCommit: GroupCommit | null
    relayConfig: RelayConfig
    relayVersion: string
    /** The relay's clock (tests move it). */
    relayNow: () => Date
    /** The owner's bank connection through Plaid (Link, syncs, Item health). */
    bank: PlaidBank
    /** Follows every decision on a payment match (server/src/matching). */
    paymentMatching: PaymentMatchingService
    /** What `/healthz` tells start-up scripts; the CLI marks the relay ready once start-up is done. */
    relayState: RelayState
    /** Every service the relay runs beside its routes (relay-services.ts). */
    services: RelayServices
    /** Refused webhook requests: their limits per source and their audit rows (routes/webhooks/refusals.ts). */
    webhookRefusals: WebhookRefusals
  }
}

export interface RelayState {
  /** False while the relay is still starting its services (it already answers requests). */
  ready: boolean
  /** Runs the demo business on the built-in sandbox (`RELAY_DEMO=1` with no provider credentials). */
  demo: boolean
  /** At least one provider runs on the built-in sandbox. */
  sandbox: boolean
}

export type RelayApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

export interface BuildRelayOptions {
  config: RelayConfig
  /** The SQLite file to run on (the embedded default)... */
  db?: RelayDatabase
  /** ...or every store already opened on PostgreSQL (storage/relay-storage.ts). */
  storage?: RelayStorage
  logger: Logger
  version?: string
  /** On SQLite: defaults to a store over `db` with the relay's clock. */
  documents?: DocumentStore
  /** The relay's clock (tests move it); the real one by default. */
  now?: () => Date
  /** Which services run beside the routes; none but the bank and the (unstarted) inbox worker by default. */
  services?: RelayServiceChoices
  /** Replaces the text sender the services share (tests of failing sends). */
  sender?: SmsSender | null
  /** Refusal limits for the webhook routes (their clock is `now`, their `notify` the inbox worker's). */
  webhooks?: { refusals?: Partial<RefusalPolicy> }
  /** Defaults to a ready relay with real providers (tests that build the app alone). */
  state?: Partial<RelayState>
}

/** Webhook bodies may be up to 1 MiB (architecture §5); nothing else needs more. */
export const bodyLimitBytes = 1024 * 1024

export async function buildRelay(options: BuildRelayOptions): Promise<RelayApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: bodyLimitBytes,
    return503OnClosing: true,
    // The client address comes from X-Forwarded-For only when the socket is a trusted proxy.
    trustProxy: options.config.trustProxy.length > 0 ? options.config.trustProxy : false,
    // Webhook routes log what they store and an aggregate of what they refuse (routes/webhooks),
    // so a flood of forged deliveries does not write two log lines each.
    logController: new LogController({ disableRequestLogging: (request: { url?: string }) => request.url?.startsWith('/webhooks/') ?? false }),
  }).withTypeProvider<TypeBoxTypeProvider>()

  const now = options.now ?? (() => new Date())
  const db = options.storage ? null : (options.db ?? null)
  if (!options.storage && !db) throw new TypeError('buildRelay needs a SQLite database or the storage of another engine')
  const documents = db ? (options.documents ?? new DocumentStore(db, now)) : null
  const storage = options.storage ?? relayStorageOnSqlite(db!, documents!, { now, logger: options.logger, quotaLimits: options.config.deviceQuotas })
  const services = composeRelayServices({
    storage,
    config: options.config,
    logger: options.logger,
    now,
    choices: options.services ?? {},
    sender: options.sender,
  })
  app.decorate('db', db)
  app.decorate('documents', documents)
  app.decorate('storage', storage)
  app.decorate('services', services)
  app.decorate('devices', storage.devices)
  app.decorate('groupCommit', db ? groupCommitOf(db) : null)
  app.decorate('relayConfig', options.config)
  app.decorate('relayVersion', options.version ?? '0.0.0')
  app.decorate('relayNow', now)
  app.decorate('bank', services.bank)
  app.decorate('relayState', { ready: true, demo: false, sandbox: false, ...options.state })

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    // A 5xx never echoes internals; a 4xx says what was wrong with the request.
    return reply.code(status).send({
      error: status >= 500 ? 'internal_error' : (error.code ?? 'bad_request'),
      message: status >= 500 ? 'The relay hit an unexpected error; it has been logged.' : error.message,
    })
  })
  closePromptly(app)
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  )

  // Documents other processes write to this database reach live streams and services too.
  const stopFollowing = storage.documents.followExternalWrites()
  app.addHook('onClose', async () => stopFollowing())

  // Payment matching follows the owner's decisions, on whichever relay they arrive (server/src/matching).
  const paymentMatching = new PaymentMatchingService({ storage, now, logger: app.log })
  app.decorate('paymentMatching', paymentMatching)
  const stopPaymentMatching = paymentMatching.start()
  app.addHook('onClose', async () => {
    stopPaymentMatching()
    await paymentMatching.idle()
  })
  // "Finish setting up the business" closes itself once the owner saves the settings.
  const stopSetupReminder = resolveSetupReminderWhenSetUp(storage.documents, now, (error) => app.log.warn({ err: error }, 'the setup reminder could not be resolved yet'))
  app.addHook('onClose', async () => stopSetupReminder())

  // Services stop (and bank syncs started by the routes finish) before the database closes.
  app.addHook('onClose', async () => services.stop())

  // Rate limits are opt-in per route (`config.rateLimit`), e.g. pairing and webhooks.
  // Rate limits are opt-in per route (`config.rateLimit`). Pairing, device tokens and webhooks
  // limit failures instead (plugins/attempt-limiter.ts): a valid request is never throttled.
  await app.register(rateLimit, { global: false })
  // Every JSON body: valid UTF-8 and at most 64 levels deep, or 400 (the webhook routes check their raw bodies the same way).
  checkedJsonBodies(app)

  // Route plugins, one per URL area (see routes/).
  await app.register(healthzRoutes)
  await app.register(devicePairingRoutes)
  await app.register(syncRoutes)
  const webhookRefusals = new WebhookRefusals(storage.audit, now, app.log, { perMinute: options.config.webhookRefusalsPerMinute, ...options.webhooks?.refusals })
  app.decorate('webhookRefusals', webhookRefusals)
  await app.register(webhookRoutes, { now, refusals: webhookRefusals, onEventStored: () => services.inbox.notify() })
  await app.register(bankRoutes)
  // Where Stripe Checkout sends customers after paying a deposit link.
  if (options.services?.bookings) await app.register(checkoutPageRoutes)
  return app
}
