/**
 * Builds the booking lifecycle from the relay's configuration: the Stripe SDK client for deposit
 * links, the RingCentral SMS sender (opt-out enforced there) for texts.
 */
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import { createStripeClient } from '../providers/stripe/stripe-client'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { BookingLifecycleService } from './booking-lifecycle-service'
import { BookingRecords } from './booking-records'
import { checkoutThanksPath } from './checkout-page'
import { DepositCheckouts } from './deposit-checkouts'
import { MessageJobStore } from '../storage/job-store'
import { MessageScheduler } from './message-scheduler'
import { DeviceQuotas } from '../storage/device-quotas'
import { TextOrigins } from '../sync/text-origins'

export { BookingLifecycleService } from './booking-lifecycle-service'
export { BookingRecords } from './booking-records'
export { checkoutPageRoutes } from './checkout-page'
export { MessageJobStore, type MessageJob } from '../storage/job-store'

export interface BookingLifecycleDependencies {
  db: RelayDatabase
  documents: DocumentStore
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

export function createBookingLifecycle({ db, documents, config, logger, now = () => new Date(), publicUrl, pollIntervalMs, sender }: BookingLifecycleDependencies) {
  const records = new BookingRecords(db, documents, now)
  const jobs = new MessageJobStore(db, now)
  const stripeSettings = config.providers.stripe
  const checkouts =
    stripeSettings.mode === 'live' || stripeSettings.apiBase
      ? new DepositCheckouts({ records, jobs, stripe: createStripeClient(stripeSettings), successUrl: `${publicUrl.replace(/\/+$/, '')}${checkoutThanksPath}` })
      : null
  const bookingLogger = subsystemLogger(logger, 'bookings')
  const origins = new TextOrigins(db, new DeviceQuotas(db, config.deviceQuotas))
  const scheduler = new MessageScheduler({ records, jobs, sender, checkouts, logger: bookingLogger, origins })
  return new BookingLifecycleService({ records, jobs, scheduler, checkouts, logger: bookingLogger, pollIntervalMs })
}
