/**
 * Builds the booking lifecycle from the relay's configuration: the Stripe SDK client for deposit
 * links, the RingCentral SMS sender (opt-out enforced there) for texts.
 */
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import { createStripeClient } from '../providers/stripe/stripe-client'
import type { RelayStorage } from '../storage/relay-storage'
import { BookingLifecycleService } from './booking-lifecycle-service'
import { BookingRecords } from './booking-records'
import { checkoutThanksPath } from './checkout-page'
import { DepositCheckouts } from './deposit-checkouts'
import { MessageScheduler } from './message-scheduler'
import { TextOrigins } from '../sync/text-origins'

export { BookingLifecycleService } from './booking-lifecycle-service'
export { BookingRecords } from './booking-records'
export { checkoutPageRoutes } from './checkout-page'
export type { MessageJob } from '../storage/contracts'

export interface BookingLifecycleDependencies {
  /** Any engine's: the lifecycle works through the storage contracts. */
  storage: RelayStorage
  config: RelayConfig
  logger: Logger
  now?: () => Date
  /** The relay's address as customers' browsers reach it, for Stripe's after-payment redirect (`checkoutPageRoutes`). */
  publicUrl: string
  /** 0: no timer (tests call `runDue`). */
  pollIntervalMs?: number
  /** The relay's text sender (null: RingCentral is not configured, nothing is texted). */
  sender: SmsSender | null
}

export function createBookingLifecycle({ storage, config, logger, now = () => new Date(), publicUrl, pollIntervalMs, sender }: BookingLifecycleDependencies) {
  const records = new BookingRecords(storage, now)
  const jobs = storage.texts
  const stripeSettings = config.providers.stripe
  const checkouts =
    stripeSettings.mode === 'live' || stripeSettings.apiBase
      ? new DepositCheckouts({ records, jobs, stripe: createStripeClient(stripeSettings), successUrl: `${publicUrl.replace(/\/+$/, '')}${checkoutThanksPath}` })
      : null
  const bookingLogger = subsystemLogger(logger, 'bookings')
  const origins = new TextOrigins(storage.changes, storage.quotas)
  const scheduler = new MessageScheduler({ records, jobs, sender, checkouts, logger: bookingLogger, origins })
  return new BookingLifecycleService({ records, jobs, scheduler, checkouts, logger: bookingLogger, pollIntervalMs })
}
