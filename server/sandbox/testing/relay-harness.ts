/**
 * A relay wired to a fresh sandbox, for tests and e2e fixtures: a fresh database, provider
 * settings and secrets from the sandbox, a controllable clock, and the inbox worker *not*
 * started — call `worker.drain()` to process what is due, so tests stay deterministic.
 *
 * The database is SQLite's file, or a fresh PostgreSQL schema when `RELAY_TEST_ENGINE=postgres`
 * (the test command runs every harness test on both: vitest.config.ts). Tests read and write
 * through the storage contracts, so they hold on either engine.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SDK } from '@ringcentral/sdk'
import pino from 'pino'
import { addDays, localInstant } from '../../../src/domain/bookings'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import { businessTime } from '../../../src/domain/routing/business-clock'
import { buildRelay, type RelayApp } from '../../src/app'
import { parseRelayConfig, type RelayConfig } from '../../src/config/config'
import type { BookingLifecycleService } from '../../src/bookings'
import type { ConversationService } from '../../src/conversations'
import type { MissedCallTextBack } from '../../src/conversations/missed-call-text-back'
import type { CallService } from '../../src/calls'
import type { InboxEventHandler, InboxWorker, RetryPolicy } from '../../src/inbox/inbox-worker'
import type { PlaidBank } from '../../src/providers/plaid/bank-connection'
import { createPlaidClient } from '../../src/providers/plaid/plaid-client'
import { relayEventFilters } from '../../src/providers/ringcentral/notifications'
import type { WebhookProvider } from '../../src/storage/inbox-store'
import type { RefusalPolicy } from '../../src/routes/webhooks/refusals'
import type { DocumentQueries, DocumentSync, WebhookInbox } from '../../src/storage/contracts'
import { openRelayStorage, type OpenedStorage } from '../../src/storage/open-storage'
import type { RelayStorage } from '../../src/storage/relay-storage'
import { createPostgresTestSchema, dropPostgresTestSchema, postgresTestUrl } from '../../src/storage/testing/test-databases'
import { sandboxControl } from '../control-client'
import { startSandbox, type Sandbox } from '../index'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import type { Settings } from '../../../src/domain/schemas'

/**
 * A frozen clock tests move by hand. It starts at the real time, so signatures the simulators
 * make with the real clock during a test are fresh for the relay too.
 */
export class TestClock {
  private currentMs = Date.now()
  readonly now = (): Date => new Date(this.currentMs)
  advance(ms: number): void {
    this.currentMs += ms
  }

  /**
   * Moves to daytime in `timeZone` (noon, if now is before 08:00 or after 19:00), clear of quiet
   * hours and never ahead of real time: inbound texts from the simulators carry the real clock.
   */
  toDaytime(timeZone: string): void {
    const { minutes } = businessTime(this.now(), timeZone)
    if (minutes >= 8 * 60 && minutes < 19 * 60) return
    const day = calendarDateInZone(this.now().toISOString(), timeZone)
    this.advance(localInstant(minutes < 8 * 60 ? addDays(day, -1) : day, '12:00', timeZone).getTime() - this.currentMs)
  }
}

/** Which engine the harness runs the relay on: `RELAY_TEST_ENGINE` (`sqlite`, the default, or `postgres`). */
export function relayTestEngine(): 'sqlite' | 'postgres' {
  const engine = process.env.RELAY_TEST_ENGINE || 'sqlite'
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`RELAY_TEST_ENGINE must be sqlite or postgres, not ${engine}`)
  if (engine === 'postgres' && !postgresTestUrl) {
    throw new Error('RELAY_TEST_ENGINE=postgres needs SWITCHBOARD_TEST_DATABASE_URL (e.g. postgres://switchboard:…@localhost/switchboard_test)')
  }
  return engine
}

/** Refuses a relay opened on another engine than the tests asked for (a test that would pass on the wrong one). */
export function assertTestEngine(opened: 'sqlite' | 'postgres', expected: 'sqlite' | 'postgres'): void {
  if (opened !== expected) throw new Error(`the relay under test opened ${opened}, but RELAY_TEST_ENGINE asks for ${expected}`)
}

/** Where a harness relay keeps its data: a folder (SQLite's file, the relay key) and, on PostgreSQL, a schema of its own. */
export interface RelayTestDatabase {
  dataDir: string
  postgresSchema: string | null
}

export interface RelayHarnessOptions {
  /** Listen on 127.0.0.1:0 so simulators can deliver over HTTP (default true). */
  listen?: boolean
  withRingCentralCredentials?: boolean
  retry?: RetryPolicy
  handlers?: Partial<Record<WebhookProvider, InboxEventHandler>>
  /** Limits and audit windows for refused webhook requests (routes/webhooks/refusals.ts). */
  refusals?: Partial<RefusalPolicy>
  /** Extra or overriding relay environment. */
  env?: Record<string, string>
  /** Run the SMS conversation loop (answers texts, sends queued replies); off by default. */
  withConversations?: boolean
  /**
   * Run the call loop: the sandbox's listening device taps answered calls, Deepgram transcribes,
   * the agent suggests and escalates; voicemails are transcribed. Needs `withRingCentralCredentials`.
   */
  withCalls?: boolean
  /**
   * Run the booking lifecycle (deposit links, scheduled texts, derived status) with no timer:
   * call `bookings.runDue()` after moving the clock. Registers the relay's Stripe webhook endpoint.
   */
  withBookings?: boolean
  /** Reopen this database (a restart test: the earlier relay closed with `keepDatabase`) instead of a fresh one. */
  database?: RelayTestDatabase
  /**
   * The business settings document to start with: the demo profile unless given; null starts a
   * relay whose business is not set up (no settings document). Not written into an existing one.
   */
  business?: Settings | null
}

export interface RelayHarness {
  app: RelayApp
  config: RelayConfig
  engine: 'sqlite' | 'postgres'
  database: RelayTestDatabase
  /** Every store of the relay, behind the storage contracts, as its services use them. */
  storage: RelayStorage
  /** The relay's documents (`storage.documents`): what tests read and write. */
  documents: DocumentSync
  /** Questions by name over the documents (`storage.queries`). */
  queries: DocumentQueries
  inbox: WebhookInbox
  worker: InboxWorker
  clock: TestClock
  /** The SMS conversation loop when `withConversations`; `idle()` waits for it. */
  conversations: ConversationService | null
  /** Missed-call text-backs when `withConversations`, with no timer: call `runDue()` after moving the clock. */
  textBack: MissedCallTextBack | null
  /** The call loop when `withCalls`; `idle()` waits for it. */
  calls: CallService | null
  /** The booking lifecycle when `withBookings`; `idle()` waits for it, `runDue()` sends what is due. */
  bookings: BookingLifecycleService | null
  dataDir: string
  sandbox: Sandbox
  control: ReturnType<typeof sandboxControl>
  /** The relay's base URL (empty when not listening). */
  url: string
  webhookUrl(provider: WebhookProvider): string
  /** Subscribes the relay's webhook to every event it handles, as the relay does in production. */
  subscribeRingCentralWebhooks(): Promise<void>
  /** The relay's bank connection (no periodic timer: call `bank.syncAll()` for the backstop). */
  bank: PlaidBank
  /**
   * Links a bank account the way the console does: a Link public token exchanged by the relay,
   * whose first sync has finished when this resolves.
   */
  linkPlaidItem(): Promise<string>
  /** The audit trail, oldest first (of one kind when given), once the refused webhooks' rows are written. */
  auditRows(kind?: string): Promise<{ kind: string; detail: Record<string, unknown> }[]>
  /**
   * Opens the relay's database again, on a connection of its own, as the command line's
   * `pair`, `devices` and `events` do (another process); close it when done.
   */
  openAnotherConnection(): Promise<OpenedStorage>
  /**
   * Runs one statement on the relay's database, under every contract: for a test that tampers
   * with a stored row as an attacker with the file would. Placeholders are `$1`, `$2`….
   */
  sql(statement: string, params?: unknown[]): Promise<Record<string, unknown>[]>
  /** Stops the relay and the sandbox; the database is removed unless `keepDatabase` (a restart follows). */
  close(options?: { keepDatabase?: boolean }): Promise<void>
}

/** A fresh database on the engine the tests run on (`relayTestEngine()`). */
export async function freshRelayTestDatabase(): Promise<RelayTestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-test-'))
  return { dataDir, postgresSchema: relayTestEngine() === 'postgres' ? (await createPostgresTestSchema()).schema : null }
}

/** The relay environment that names `database`: its data folder, and on PostgreSQL its URL and schema. */
export function relayTestDatabaseEnv(database: RelayTestDatabase): Record<string, string> {
  return {
    RELAY_DATA_DIR: database.dataDir,
    ...(database.postgresSchema ? { DATABASE_URL: postgresTestUrl!, RELAY_DATABASE_SCHEMA: database.postgresSchema } : {}),
  }
}

/** Removes what `freshRelayTestDatabase` made on PostgreSQL (the folder stays with the other temporary files). */
export async function dropRelayTestDatabase(database: RelayTestDatabase): Promise<void> {
  if (database.postgresSchema) await dropPostgresTestSchema(database.postgresSchema)
}

export async function startRelayHarness(options: RelayHarnessOptions = {}): Promise<RelayHarness> {
  const engine = relayTestEngine()
  const clock = new TestClock()
  // The booking loop moves the clock by days: webhook signatures must follow it.
  const sandbox = await startSandbox(options.withBookings ? { webhookClock: clock.now } : {})
  const logger = pino({ level: 'silent' })
  // What a failed start-up has opened so far, to take down again: no pool, schema or sandbox left behind.
  let databaseForCleanUp: RelayTestDatabase | null = null
  let openedForCleanUp: OpenedStorage | null = null
  let appForCleanUp: RelayApp | null = null
  try {
    const database = options.database ?? (databaseForCleanUp = await freshRelayTestDatabase())
    const config = parseRelayConfig({
      ...sandbox.relayEnv({ withRingCentralCredentials: options.withRingCentralCredentials }),
      ...relayTestDatabaseEnv(database),
      ...options.env,
    })
    // Opened as the command line opens it (storage/open-storage.ts).
    const opened = (openedForCleanUp = await openRelayStorage(config, logger, clock.now))
    assertTestEngine(opened.engine, engine)
    const business = options.business === undefined ? demoBusinessProfile(clock.now().toISOString()) : options.business
    if (business && !(await opened.storage.documents.get('settings', 'business'))) await opened.storage.documents.put('settings', business)
    const app = (appForCleanUp = await buildRelay({
      config,
      ...(opened.engine === 'sqlite' ? { db: opened.db, documents: opened.documents } : { storage: opened.storage }),
      logger,
      now: clock.now,
      webhooks: { refusals: options.refusals },
      // The same composition as the command line's; timers off, so tests move the clock and run what is due.
      services: {
        inbox: { start: false, retry: options.retry, handlers: options.handlers },
        calls: options.withCalls
          ? { audioSource: { kind: 'softphone', deviceId: sandbox.ringcentral.calls.tapDeviceId, sandbox: true }, reconnectAttempts: 0, waitForTap: true }
          : undefined,
        conversations: options.withConversations,
        textBack: options.withConversations ? { pollIntervalMs: 0 } : undefined,
        bookings: options.withBookings ? { pollIntervalMs: 0 } : undefined,
        // Stripe delivers to the endpoints registered with it, as the relay's would be in the dashboard.
        stripeSandboxEndpoint: options.withBookings ? { maxNetworkRetries: 0 } : undefined,
      },
    }))
    let url = ''
    if (options.listen ?? true) url = await app.listen({ host: '127.0.0.1', port: 0 })
    await app.services.start(url)
    const { inbox: worker, conversations, textBack, calls, bookings, bank } = app.services
    const storage = app.storage

    return {
      app,
      config,
      engine,
      database,
      storage,
      documents: storage.documents,
      queries: storage.queries,
      inbox: storage.inbox,
      worker,
      clock,
      conversations,
      textBack,
      calls,
      bookings,
      dataDir: database.dataDir,
      sandbox,
      bank,
      control: sandboxControl(sandbox.urls),
      url,
      webhookUrl: (provider) => `${url}/webhooks/${provider}`,
      async subscribeRingCentralWebhooks() {
        const { clientId, clientSecret, jwt, verificationToken } = sandbox.secrets.ringCentral
        const sdk = new SDK({ server: sandbox.urls.ringcentral, clientId, clientSecret })
        await sdk.platform().login({ jwt })
        await sdk.platform().post('/restapi/v1.0/subscription', {
          eventFilters: [...relayEventFilters],
          deliveryMode: { transportType: 'WebHook', address: `${url}/webhooks/ringcentral`, verificationToken },
          expiresIn: 3600,
        })
      },
      async linkPlaidItem() {
        const client = createPlaidClient(config.providers.plaid)
        const { public_token: publicToken } = (
          await client.sandboxPublicTokenCreate({
            institution_id: 'ins_109508',
            initial_products: ['transactions' as never],
            options: { webhook: `${url}/webhooks/plaid` },
          })
        ).data
        const { itemId } = await bank.connect(publicToken)
        await bank.idle()
        return itemId
      },
      async auditRows(kind) {
        // A refused webhook is answered before its audit row is written: wait for the rows.
        await app.webhookRefusals.settled()
        return (await storage.audit.rows(kind)).map((row) => ({ kind: row.kind, detail: row.detail }))
      },
      openAnotherConnection: () => openRelayStorage(config, logger),
      async sql(statement, params = []) {
        if (opened.engine === 'postgres') return (await opened.db.pool.query(statement, params)).rows as Record<string, unknown>[]
        // SQLite's driver binds `?` in order: each `$n` becomes one, given the nth value.
        const values: unknown[] = []
        const prepared = opened.db.prepare(statement.replace(/\$(\d+)/g, (_, n: string) => (values.push(params[Number(n) - 1]), '?')))
        if (prepared.reader) return prepared.all(...values) as Record<string, unknown>[]
        prepared.run(...values)
        return []
      },
      close: async ({ keepDatabase = false } = {}) => {
        // Stops every service, then the routes (relay-services.ts).
        await app.close()
        await sandbox.close()
        await opened.close()
        if (!keepDatabase) await dropRelayTestDatabase(database)
      },
    }
  } catch (error) {
    await appForCleanUp?.close().catch(() => undefined)
    await sandbox.close().catch(() => undefined)
    await openedForCleanUp?.close().catch(() => undefined)
    if (databaseForCleanUp) await dropRelayTestDatabase(databaseForCleanUp).catch(() => undefined)
    throw error
  }
}
