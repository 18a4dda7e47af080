/**
 * Builds the relay without listening, so tests drive it with `inject` and the CLI listens.
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
import { DeviceRegistry } from './storage/device-registry'
import { checkedJsonBodies } from './plugins/json-body'
import { devicePairingRoutes } from './routes/devices/pair'
import { healthzRoutes } from './routes/healthz'
import { syncRoutes } from './routes/sync'
import { webhookRoutes, type WebhookRouteOptions } from './routes/webhooks'
import { bankRoutes } from './routes/bank'
import { createPlaidBank, type PlaidBank } from './providers/plaid/bank-connection'
import type { RelayDatabase } from './storage/database'
import { DocumentStore } from './storage/document-store'
import { groupCommitOf, type GroupCommit } from './storage/group-commit'
import { attachPaymentMatching } from './matching'
import { DeviceQuotas } from './storage/device-quotas'
import { resolveSetupReminderWhenSetUp } from './business/setup-reminder'

declare module 'fastify' {
  interface FastifyInstance {
    db: RelayDatabase
    /** The master copy of every synced collection. */
    documents: DocumentStore
    /** Paired consoles and pairing codes. */
    devices: DeviceRegistry
    /** Shared, fsynced transactions for the writes a 2xx answer stands for (storage/group-commit.ts). */
    groupCommit: GroupCommit
    relayConfig: RelayConfig
    relayVersion: string
    /** What each device may set in motion per hour. */
    deviceQuotas: DeviceQuotas
    /** The relay's clock (tests move it). */
    relayNow: () => Date
    /** The owner's bank connection through Plaid (Link, syncs, Item health). */
    bank: PlaidBank
    /** What `/healthz` tells start-up scripts; the CLI marks the relay ready once start-up is done. */
    relayState: RelayState
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
  db: RelayDatabase
  logger: Logger
  version?: string
  /** Defaults to a store over `db` with the real clock. */
  documents?: DocumentStore
  /** The bank connection, shared with the inbox worker; defaults to one on the configured Plaid. */
  bank?: PlaidBank
  /** Clock, rate limit and the inbox worker's `notify` for the webhook routes. */
  /** Clock, refusal limits and the inbox worker's `notify` for the webhook routes. */
  webhooks?: WebhookRouteOptions
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

  app.decorate('db', options.db)
  app.decorate('documents', options.documents ?? new DocumentStore(options.db))
  app.decorate('devices', new DeviceRegistry(options.db))
  app.decorate('groupCommit', groupCommitOf(options.db))
  app.decorate('relayConfig', options.config)
  app.decorate('relayVersion', options.version ?? '0.0.0')
  app.decorate('deviceQuotas', new DeviceQuotas(options.db, options.config.deviceQuotas))
  app.decorate('relayNow', options.webhooks?.now ?? (() => new Date()))
  app.decorate(
    'bank',
    options.bank ?? createPlaidBank({ db: options.db, documents: app.documents, config: options.config, now: options.webhooks?.now, logger: options.logger }),
  )
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
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  )

  // Documents other processes write to this database reach live streams and services too.
  const stopFollowing = app.documents.followExternalWrites()
  app.addHook('onClose', async () => stopFollowing())

  // Payment matching follows Plaid syncs and the owner's decisions (server/src/matching).
  const stopPaymentMatching = attachPaymentMatching({ db: options.db, documents: app.documents, now: options.webhooks?.now, logger: app.log })
  app.addHook('onClose', async () => stopPaymentMatching())
  // "Finish setting up the business" closes itself once the owner saves the settings.
  const stopSetupReminder = resolveSetupReminderWhenSetUp(app.documents, options.webhooks?.now)
  app.addHook('onClose', async () => stopSetupReminder())

  // Syncs started by the bank routes finish before the database closes.
  app.addHook('onClose', async () => app.bank.stop())

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
  await app.register(webhookRoutes, options.webhooks ?? {})
  await app.register(bankRoutes)
  return app
}
