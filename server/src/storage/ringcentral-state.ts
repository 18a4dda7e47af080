/**
 * What the relay remembers about RingCentral between events: the last telephony-session sequence
 * applied per call (events arrive out of order) and the webhook subscription it keeps alive.
 */
import type { RingCentralRecords, StoredSubscription, TelephonyCalls, TelephonyEventOutcome } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'
import type { DocumentStore } from './document-store'

export type { StoredSubscription } from './contracts'

export class RingCentralCallSequences {
  constructor(private readonly db: RelayDatabase) {}

  /** The last sequence applied for the session, if any. */
  last(telephonySessionId: string): number | null {
    const applied = this.db.prepare('SELECT sequence FROM ringcentral_call_sequences WHERE telephony_session_id = ?').get(telephonySessionId) as
      | { sequence: number }
      | undefined
    return applied?.sequence ?? null
  }

  /** Records `sequence` for the session unless one as new or newer was applied; true when recorded. */
  advance(telephonySessionId: string, sequence: number, at: string): boolean {
    const applied = this.db.prepare('SELECT sequence FROM ringcentral_call_sequences WHERE telephony_session_id = ?').get(telephonySessionId) as
      | { sequence: number }
      | undefined
    if (applied && applied.sequence >= sequence) return false
    this.db
      .prepare(
        `INSERT INTO ringcentral_call_sequences (telephony_session_id, sequence, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (telephony_session_id) DO UPDATE SET sequence = excluded.sequence, updated_at = excluded.updated_at`,
      )
      .run(telephonySessionId, sequence, at)
    return true
  }
}

export class RingCentralSubscriptionRecord {
  constructor(private readonly db: RelayDatabase) {}

  get(): StoredSubscription | null {
    const row = this.db.prepare('SELECT subscription_id, address, expires_at FROM ringcentral_webhook_subscription WHERE only_row = 1').get() as
      | { subscription_id: string; address: string; expires_at: string }
      | undefined
    return row ? { subscriptionId: row.subscription_id, address: row.address, expiresAt: row.expires_at } : null
  }

  save(subscription: StoredSubscription, at: string): void {
    this.db
      .prepare(
        `INSERT INTO ringcentral_webhook_subscription (only_row, subscription_id, address, expires_at, updated_at)
         VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (only_row) DO UPDATE SET subscription_id = excluded.subscription_id, address = excluded.address,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      )
      .run(subscription.subscriptionId, subscription.address, subscription.expiresAt, at)
  }
}

/** The `RingCentralRecords` contract over the synchronous SQLite stores, until their callers await it. */
export function ringCentralRecordsOnSqlite(db: RelayDatabase): RingCentralRecords {
  const sequences = new RingCentralCallSequences(db)
  const record = new RingCentralSubscriptionRecord(db)
  return {
    advanceCallSequence: async (telephonySessionId, sequence, at) => writeTransaction(db, () => sequences.advance(telephonySessionId, sequence, at)),
    subscription: async () => record.get(),
    saveSubscription: async (subscription, at) => record.save(subscription, at),
  }
}

/** Telephony events on SQLite: the sequence check and the call write in one transaction. */
export function telephonyCallsOnSqlite(db: RelayDatabase, documents: DocumentStore): TelephonyCalls {
  const sequences = new RingCentralCallSequences(db)
  return {
    applyEvent: async ({ telephonySessionId, sequence, at }, callId, change) =>
      documents.transaction((): TelephonyEventOutcome => {
        if (!sequences.advance(telephonySessionId, sequence, at)) return sequences.last(telephonySessionId) === sequence ? 'repeat' : 'stale'
        const next = change(documents.calls.live(callId))
        if (next) documents.put('calls', next)
        return 'applied'
      }),
  }
}
