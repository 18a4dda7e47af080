/**
 * A webhook event as the relay's inbox hands it to a handler, for tests that call a provider's
 * handler directly. Used by tests only.
 */
import type { InboxEvent, WebhookProvider } from '../../src/storage/contracts'

let seq = 0

/** `body` stored as received (JSON), at `receivedAt`, on its first attempt; each call a new event. */
export function storedEvent(provider: WebhookProvider, body: unknown, receivedAt: Date): InboxEvent {
  seq += 1
  return {
    seq,
    provider,
    eventId: `evt_${seq}`,
    receivedAt: receivedAt.toISOString(),
    headers: {},
    body: Buffer.from(JSON.stringify(body)),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: receivedAt.toISOString(),
    lastError: null,
    processedAt: null,
    deliveries: 1,
  }
}
