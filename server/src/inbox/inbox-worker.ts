/**
 * Processes the webhook inbox after the relay has answered: each due event goes to its provider's
 * handler; a failure is retried with exponential backoff, and after `maxAttempts` the event is
 * left `dead` for inspection and `events replay`.
 *
 * Tests drive it deterministically with `drain()` and an injected clock; the relay calls
 * `start()`, which polls and also reacts to `notify()` right after a delivery is stored.
 */
import type { Logger } from '../logging/logger'
import { redactText } from '../logging/redact'
import type { InboxEvent, WebhookInbox, WebhookProvider } from '../storage/contracts'

export type InboxEventHandler = (event: InboxEvent) => Promise<void>

export interface RetryPolicy {
  /** Attempts in total before the event is dead. */
  maxAttempts: number
  /** Delay after the first failure; doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 5_000, maxDelayMs: 60 * 60_000 }

/** Delay before the next attempt after `failedAttempts` failures (1 → base, 2 → 2·base, …). */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1))
}

export interface InboxWorkerOptions {
  inbox: WebhookInbox
  handlers: Record<WebhookProvider, InboxEventHandler>
  logger: Logger
  now?: () => Date
  retry?: RetryPolicy
  pollIntervalMs?: number
  /**
   * How long a claimed event stays hidden from other workers (other relays on the same database):
   * longer than a handler takes, so an event is processed once; a worker that dies mid-event has
   * it retried after this.
   */
  leaseMs?: number
}

export const defaultInboxLeaseMs = 10 * 60_000

export class InboxWorker {
  private readonly now: () => Date
  private readonly retry: RetryPolicy
  private timer: NodeJS.Timeout | null = null
  private running: Promise<number> | null = null
  private isRerunRequested = false

  constructor(private readonly options: InboxWorkerOptions) {
    this.now = options.now ?? (() => new Date())
    this.retry = options.retry ?? defaultRetryPolicy
  }

  /**
   * Processes every event due now (including ones that arrive meanwhile); resolves with how many
   * attempts were made. Calls made while a drain runs share it and trigger one more pass.
   */
  drain(): Promise<number> {
    if (this.running) {
      this.isRerunRequested = true
      return this.running
    }
    this.running = this.drainLoop().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Starts polling; `notify()` makes it look at once. */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.notify(), this.options.pollIntervalMs ?? 1_000)
    this.timer.unref()
    this.notify()
  }

  /** A delivery was stored: process it soon, after the reply has gone out. */
  notify(): void {
    if (!this.timer) return
    setImmediate(() => {
      this.drain().catch((error: unknown) => this.options.logger.error({ err: error }, 'inbox drain failed'))
    })
  }

  /** Stops polling and waits for the attempt in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }

  private async drainLoop(): Promise<number> {
    let attempted = 0
    for (;;) {
      this.isRerunRequested = false
      const batch = await this.options.inbox.claimDue(this.now(), this.options.leaseMs ?? defaultInboxLeaseMs)
      for (const event of batch) {
        await this.attempt(event)
        attempted++
      }
      if (batch.length === 0 && !this.isRerunRequested) return attempted
    }
  }

  private async attempt(event: InboxEvent): Promise<void> {
    const { inbox, handlers, logger } = this.options
    const attempts = event.attempts + 1
    const context = { seq: event.seq, provider: event.provider, eventId: event.eventId, attempt: attempts }
    try {
      await handlers[event.provider](event)
      await inbox.markDone(event.seq, attempts)
      logger.info(context, 'webhook event processed')
    } catch (error) {
      const message = describeError(error)
      if (attempts >= this.retry.maxAttempts) {
        await inbox.markFailed(event.seq, attempts, message, null)
        logger.error({ ...context, err: error }, 'webhook event failed for good; kept as a dead letter')
      } else {
        const retryAt = new Date(this.now().getTime() + backoffDelayMs(attempts, this.retry))
        await inbox.markFailed(event.seq, attempts, message, retryAt)
        logger.warn({ ...context, err: error, retryAt: retryAt.toISOString() }, 'webhook event failed; will retry')
      }
    }
  }
}

/** A short description for `last_error`: name and message, scrubbed like a log line; never a stack. */
function describeError(error: unknown): string {
  return redactText(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
}
