/**
 * Counts failures per key and locks a key out after too many: `maxFailures` within `windowMs`
 * (counted from the key's first failure) locks it for `lockMs`. Used for pairing codes and device
 * tokens (per source address and per token presented) and for refused webhooks (per source).
 *
 * A lock only ever refuses what failed: the callers check a presented secret first, so a valid
 * code, token or signature goes through whatever the lock says. Memory stays bounded under a
 * flood of distinct keys: past `maxKeys` the oldest entry is forgotten.
 */
export interface AttemptLimiterOptions {
  maxFailures: number
  windowMs: number
  lockMs: number
  /** Most keys remembered at once. */
  maxKeys?: number
  now?: () => number
}

interface Entry {
  windowStart: number
  failures: number
  lockedUntil: number
}

export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>()
  private readonly now: () => number
  private readonly maxKeys: number

  constructor(private readonly options: AttemptLimiterOptions) {
    this.now = options.now ?? Date.now
    this.maxKeys = options.maxKeys ?? 10_000
  }

  /** Milliseconds until `key` is no longer locked; 0 when it is not locked. */
  lockedFor(key: string): number {
    const entry = this.entries.get(key)
    if (!entry) return 0
    return Math.max(0, entry.lockedUntil - this.now())
  }

  /** Counts a failure; returns true when this failure locked the key. */
  recordFailure(key: string): boolean {
    const now = this.now()
    let entry = this.entries.get(key)
    if (!entry || (now - entry.windowStart >= this.options.windowMs && entry.lockedUntil <= now)) {
      entry = { windowStart: now, failures: 0, lockedUntil: 0 }
    }
    // Re-inserting moves the key to the young end, so eviction takes the least recently active.
    this.entries.delete(key)
    this.entries.set(key, entry)
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!)
    entry.failures += 1
    if (entry.failures >= this.options.maxFailures && entry.lockedUntil <= now) {
      entry.lockedUntil = now + this.options.lockMs
      return true
    }
    return false
  }

  recordSuccess(key: string): void {
    const entry = this.entries.get(key)
    // A success clears the count, not a lock already earned by others at the same source.
    if (entry && entry.lockedUntil <= this.now()) this.entries.delete(key)
  }

  /** How many keys are remembered (tests check the bound). */
  get size(): number {
    return this.entries.size
  }
}
