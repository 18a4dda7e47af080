/**
 * Wires the inbox worker to the providers' handlers, for the relay process and for tests.
 */
import type { RelayConfig } from '../config/config'
import type { Logger } from '../logging/logger'
import { subsystemLogger } from '../logging/logger'
import { createPlaidBank, type PlaidBank } from '../providers/plaid/bank-connection'
import { createPlaidEventHandler } from '../providers/plaid/handle-event'
import { createRingCentralEventHandler } from '../providers/ringcentral/handle-event'
import { createStripeEventHandler } from '../providers/stripe/handle-event'
import { createStripeClient } from '../providers/stripe/stripe-client'
import { createRelaySmsSender } from '../providers/ringcentral/relay-sms-sender'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import { isNumberOptedOut } from '../conversations/customer-directory'
import type { RelayStorage } from '../storage/relay-storage'
import { InboxWorker, type InboxEventHandler, type RetryPolicy } from './inbox-worker'
import type { WebhookProvider } from '../storage/inbox-store'

export interface RelayInboxOptions {
  /** Every store the worker and its handlers work through (either engine). */
  storage: RelayStorage
  config: RelayConfig
  logger: Logger
  now?: () => Date
  retry?: RetryPolicy
  pollIntervalMs?: number
  /** The relay's bank connection (shared with the bank routes so an Item's syncs never overlap). */
  bank?: PlaidBank
  /** Texts staff alerts (a disputed card payment); built from the configuration when absent. */
  sender?: SmsSender | null
  /** Replace a provider's handler (tests that need a failing one). */
  handlers?: Partial<Record<WebhookProvider, InboxEventHandler>>
}

export function createRelayInboxWorker(options: RelayInboxOptions): InboxWorker {
  const { config, now } = options
  const handlers: Record<WebhookProvider, InboxEventHandler> = {
    stripe: createStripeEventHandler({
      storage: options.storage,
      now,
      stripe: createStripeClient(config.providers.stripe, { maxNetworkRetries: 1 }),
      sender: options.sender !== undefined ? options.sender : alertSender(options),
    }),
    ringcentral: createRingCentralEventHandler({ telephonyCalls: options.storage.telephonyCalls, documents: options.storage.documents, queries: options.storage.queries, now }),
    plaid: createPlaidEventHandler(options.bank ?? createPlaidBank({ storage: options.storage, config, now, logger: subsystemLogger(options.logger, 'plaid') })),
    ...options.handlers,
  }
  return new InboxWorker({
    inbox: options.storage.inbox,
    handlers,
    logger: subsystemLogger(options.logger, 'inbox'),
    now,
    retry: options.retry,
    pollIntervalMs: options.pollIntervalMs,
  })
}

function alertSender({ storage, config }: RelayInboxOptions): SmsSender | null {
  return createRelaySmsSender({ signIns: storage.signIns, config, isOptedOut: (phone) => isNumberOptedOut(storage, phone) })
}
