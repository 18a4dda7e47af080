/**
 * Where the RingCentral SDK keeps its sign-in (access and refresh tokens) on the relay: in the
 * database, encrypted with the relay key kept outside it, so a restarted relay refreshes the
 * stored sign-in instead of logging in with the JWT every time, and a copy of the database alone
 * holds no token. Given to the SDK as its `localStorage`.
 *
 * A stored value that fails to decrypt (altered, copied from another row, or the key changed) is
 * discarded with a log line; the SDK then finds no sign-in and the relay logs in with the JWT.
 */
import { createHash } from 'node:crypto'
import type { Logger } from '../logging/logger'
import type { RingCentralSignIns } from './contracts'
import { secretBoxOf, type RelayDatabase } from './database'
import { SecretBoxError, type SecretBox } from './secret-box'

/** The part of the Web Storage interface the SDK uses. */
export interface SdkStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Binds each sealed value to its row, so a value copied onto another key will not open (both engines). */
export const signInSealContext = (cacheKey: string) => `ringcentral_auth.sealed:${cacheKey}`
const sealContext = signInSealContext

/**
 * The SDK cache prefix for one consumer of one RingCentral app (see `cachePrefixFor`), and the
 * prefix every app's sign-ins of that consumer share.
 */
export function signInPrefixes(consumer: string, app: { serverUrl?: string; clientId?: string }): { prefix: string; consumerPrefix: string } {
  const fingerprint = createHash('sha256').update(`${app.serverUrl ?? ''}\n${app.clientId ?? ''}`).digest('hex').slice(0, 16)
  return { prefix: `relay-${consumer}-${fingerprint}-`, consumerPrefix: `relay-${consumer}-` }
}

export const signInDiscardedMessage = 'The stored RingCentral sign-in could not be decrypted and was discarded; signing in again with the JWT'

export class RingCentralAuthStore implements SdkStorage {
  constructor(
    private readonly db: RelayDatabase,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** The relay key's box; the database's own unless a test gives another. */
    private readonly box: SecretBox = secretBoxOf(db),
  ) {}

  getItem(cacheKey: string): string | null {
    const row = this.db.prepare('SELECT sealed FROM ringcentral_auth WHERE cache_key = ?').get(cacheKey) as { sealed: string } | undefined
    if (!row) return null
    try {
      return this.box.open(row.sealed, sealContext(cacheKey))
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error
      this.removeItem(cacheKey)
      this.logger.warn({ cacheKey, reason: error.message }, signInDiscardedMessage)
      return null
    }
  }

  setItem(cacheKey: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO ringcentral_auth (cache_key, sealed, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (cache_key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      )
      .run(cacheKey, this.box.seal(value, sealContext(cacheKey)), this.now().toISOString())
  }

  removeItem(cacheKey: string): void {
    this.db.prepare('DELETE FROM ringcentral_auth WHERE cache_key = ?').run(cacheKey)
  }

  /** Forgets every sign-in stored under `cachePrefix` (one that RingCentral refused). */
  forget(cachePrefix: string): void {
    this.db.prepare('DELETE FROM ringcentral_auth WHERE substr(cache_key, 1, length(?)) = ?').run(cachePrefix, cachePrefix)
  }

  /**
   * The SDK cache prefix for one consumer (`subscription`, `sms`) of one RingCentral app: a sign-in
   * stored for other credentials (another app, or a sandbox from an earlier run) is never offered
   * to the SDK, and is deleted here.
   */
  cachePrefixFor(consumer: string, app: { serverUrl?: string; clientId?: string }): string {
    const { prefix, consumerPrefix } = signInPrefixes(consumer, app)
    this.db
      .prepare('DELETE FROM ringcentral_auth WHERE substr(cache_key, 1, length(?)) = ? AND substr(cache_key, 1, length(?)) <> ?')
      .run(consumerPrefix, consumerPrefix, prefix, prefix)
    return prefix
  }
}

/**
 * The `RingCentralSignIns` contract over the synchronous SQLite store. Temporary, until the SDK is
 * handed the contract itself (it awaits its storage).
 */
export function ringCentralSignInsOnSqlite(store: RingCentralAuthStore): RingCentralSignIns {
  return {
    getItem: async (cacheKey) => store.getItem(cacheKey),
    setItem: async (cacheKey, value) => store.setItem(cacheKey, value),
    removeItem: async (cacheKey) => store.removeItem(cacheKey),
    forget: async (cachePrefix) => store.forget(cachePrefix),
    cachePrefixFor: async (consumer, app) => store.cachePrefixFor(consumer, app),
  }
}
