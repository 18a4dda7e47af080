/**
 * Locks out guessing: after `maxFailures` wrong attempts for a key within `windowMs`, the key is
 * locked for `lockMs`. Used for pairing codes (one key for the whole relay, since codes are
 * guessed from anywhere) and for device tokens (per source address).
 */
export interface AttemptLimiterOptions {
  maxFailures: number
  windowMs: number
  lockMs: number
  now?: () => number
}

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>()
  private readonly lockedUntil = new Map<string, number>()
  private readonly now: () => number

  constructor(private readonly options: AttemptLimiterOptions) {
    this.now = options.now ?? Date.now
  }

  /** Milliseconds until `key` may try again; 0 when it is not locked. */
  lockedFor(key: string): number {
    const until = this.lockedUntil.get(key) ?? 0
    const remaining = until - this.now()
    if (remaining <= 0) this.lockedUntil.delete(key)
    return Math.max(0, remaining)
  }

  recordFailure(key: string): void {
    const now = this.now()
    const recent = (this.failures.get(key) ?? []).filter((at) => now - at < this.options.windowMs)
    recent.push(now)
    if (recent.length >= this.options.maxFailures) {
      this.lockedUntil.set(key, now + this.options.lockMs)
      this.failures.delete(key)
    } else {
      this.failures.set(key, recent)
    }
    // Keep memory bounded under a flood of distinct keys.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!)
  }

  recordSuccess(key: string): void {
    this.failures.delete(key)
  }
}
