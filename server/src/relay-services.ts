/**
 * The relay's services, composed in one place in dependency order: the bank connection and the
 * webhook inbox always; calls, conversations, missed-call text-backs, customer links, the booking
 * lifecycle and the RingCentral webhook subscription when asked for. `buildRelay` (app.ts) calls
 * this for the command line and for the test harness alike, so the two cannot drift apart.
 *
 * Building wires everything and starts nothing; `start(address)` starts what was asked for, in
 * order, once the relay listens (the booking lifecycle needs the address for Stripe's redirect).
 * `stop()` stops them in reverse order, before the database closes.
 */
import type { RelayConfig } from './config/config'
import type { Logger } from './logging/logger'
import { subsystemLogger } from './logging/logger'
import { createBookingLifecycle, type BookingLifecycleService } from './bookings'
import { createCallService, type CallService, type CallServiceDependencies } from './calls'
import { createConversationService, createSharedAgentParts, type ConversationService, type SharedAgentParts } from './conversations'
import { MissedCallTextBack } from './conversations/missed-call-text-back'
import { createCustomerLinks, type CustomerLinks } from './customers'
import type { InboxEventHandler, InboxWorker, RetryPolicy } from './inbox/inbox-worker'
import { createRelayInboxWorker } from './inbox/relay-inbox'
import { createPlaidBank, type PlaidBank } from './providers/plaid/bank-connection'
import { createRingCentralEventHandler } from './providers/ringcentral/handle-event'
import { RingCentralWebhookSubscription } from './providers/ringcentral/webhook-subscription'
import { registerSandboxWebhookEndpoint } from './providers/stripe/stripe-client'
import type { RelayStorage } from './storage/relay-storage'
import type { WebhookProvider } from './storage/inbox-store'
import type { SmsSender } from './providers/ringcentral/sms-sender'

/** Which services run, and how. Absent or false: not composed. */
export interface RelayServiceChoices {
  /** The webhook inbox worker polls once started (default true); the harness drains it by hand. */
  inbox?: { start?: boolean; retry?: RetryPolicy; handlers?: Partial<Record<WebhookProvider, InboxEventHandler>> }
  /** The bank's periodic sync backstop (the harness calls `bank.syncAll()` instead). */
  bankSync?: boolean
  /** Live calls: tap, transcribe, suggest, escalate; voicemails are transcribed. */
  calls?: Pick<CallServiceDependencies, 'audioSource' | 'deepgram' | 'reconnectAttempts'> & { waitForTap?: boolean }
  /** The SMS conversation loop: answers texts, sends queued replies. */
  conversations?: boolean
  /** A missed call or voicemail texts the caller back once a day (0: no timer; tests call `runDue`). */
  textBack?: { pollIntervalMs?: number }
  /** Calls and threads follow the customer record of their number. */
  customerLinks?: boolean
  /** Deposit links, scheduled texts, derived booking status (0: no timer; tests call `runDue`). */
  bookings?: { pollIntervalMs?: number; publicUrl?: string }
  /** Registers the relay's endpoint with the Stripe sandbox once it listens. */
  stripeSandboxEndpoint?: { maxNetworkRetries?: number }
  /** Keeps RingCentral's webhook subscription pointed at `webhookBaseUrl` (live RingCentral only). */
  ringCentralSubscription?: { webhookBaseUrl?: string }
}

export interface RelayServices {
  bank: PlaidBank
  inbox: InboxWorker
  shared: SharedAgentParts
  calls: CallService | null
  conversations: ConversationService | null
  textBack: MissedCallTextBack | null
  customerLinks: CustomerLinks | null
  /** Made at `start`, with the address the relay listens on. */
  bookings: BookingLifecycleService | null
  ringCentralSubscription: RingCentralWebhookSubscription | null
  /** Starts the chosen services; `address` is the relay's base URL ('' when it does not listen). */
  start(address: string): Promise<void>
  stop(): Promise<void>
}

export interface RelayServiceDependencies {
  /** Every store the services work through (either engine). */
  storage: RelayStorage
  config: RelayConfig
  logger: Logger
  now: () => Date
  choices: RelayServiceChoices
  /** Replaces the text sender every service shares (tests of failing sends). */
  sender?: SmsSender | null
}

export function composeRelayServices({ storage, config, logger, now, choices, sender }: RelayServiceDependencies): RelayServices {
  // One agent brain (its ZIP directory is large) and one text sender for texts, calls and bookings.
  const built = createSharedAgentParts({ storage, config, logger })
  const shared: SharedAgentParts = sender !== undefined ? { ...built, sender } : built
  const calls = choices.calls ? createCallService({ storage, config, logger, now, shared, ...choices.calls }) : null
  const textBack = choices.textBack
    ? new MissedCallTextBack({
        textBacks: storage.textBacks,
        optOuts: storage.optOuts,
        documents: storage.documents,
        queries: storage.queries,
        logger: subsystemLogger(logger, 'conversations'),
        now,
        pollIntervalMs: choices.textBack.pollIntervalMs,
      })
    : null
  // The bank connection: Plaid webhooks, the owner's bank routes and the periodic sync share it.
  const bank = createPlaidBank({ storage, config, now, logger: subsystemLogger(logger, 'plaid') })
  const inbox = createRelayInboxWorker({
    storage,
    config,
    logger,
    now,
    bank,
    sender: shared.sender,
    retry: choices.inbox?.retry,
    handlers: {
      ringcentral: createRingCentralEventHandler({
        telephonyCalls: storage.telephonyCalls,
        documents: storage.documents,
        queries: storage.queries,
        now,
        transcribeVoicemail: calls ? (voicemail) => calls.transcribeVoicemail(voicemail) : undefined,
        onMissedCall: textBack ? (call) => textBack.missed(call) : undefined,
      }),
      ...choices.inbox?.handlers,
    },
  })
  const conversations = choices.conversations ? createConversationService({ storage, config, logger, now, shared }) : null
  const customerLinks = choices.customerLinks ? createCustomerLinks({ documents: storage.documents, queries: storage.queries, logger }) : null

  const services: RelayServices = {
    bank,
    inbox,
    shared,
    calls,
    conversations,
    textBack,
    customerLinks,
    bookings: null,
    ringCentralSubscription: null,
    async start(address) {
      if (choices.inbox?.start ?? true) inbox.start()
      if (choices.bankSync) bank.start()
      conversations?.start()
      customerLinks?.start()
      textBack?.start()
      await calls?.start()
      if (choices.calls?.waitForTap) await calls?.tapReady()
      if (choices.stripeSandboxEndpoint) await registerSandboxWebhookEndpoint(config.providers.stripe, address, choices.stripeSandboxEndpoint)
      if (choices.bookings) {
        const publicUrl = choices.bookings.publicUrl ?? config.publicUrl ?? address
        services.bookings = createBookingLifecycle({ storage, config, logger, now, publicUrl, sender: shared.sender, pollIntervalMs: choices.bookings.pollIntervalMs })
        await services.bookings.start()
      }
      if (choices.ringCentralSubscription) {
        // RingCentral must reach the relay from outside: RELAY_PUBLIC_URL when behind a proxy or tunnel.
        const webhookBaseUrl = choices.ringCentralSubscription.webhookBaseUrl ?? config.publicUrl ?? address
        const ringCentralLogger = subsystemLogger(logger, 'ringcentral')
        services.ringCentralSubscription = new RingCentralWebhookSubscription({
          records: storage.ringCentral,
          signIns: storage.signIns,
          settings: config.providers.ringCentral,
          webhookAddress: `${webhookBaseUrl}/webhooks/ringcentral`,
          logger: ringCentralLogger,
          documents: storage.documents,
        })
        services.ringCentralSubscription.start()
      }
    },
    async stop() {
      await services.ringCentralSubscription?.stop()
      await inbox.stop()
      textBack?.stop()
      await conversations?.stop()
      await customerLinks?.stop()
      await calls?.stop()
      await services.bookings?.stop()
      // Syncs started by the bank routes finish before the database closes.
      await bank.stop()
    },
  }
  return services
}
