/**
 * `POST /webhooks/plaid` verification (architecture §5, providers §3.5): the `Plaid-Verification`
 * header is an ES256 JWT whose key is fetched by `kid` from Plaid (`/webhook_verification_key/get`)
 * and cached until Plaid reports it expired; `iat` must be at most 5 minutes old and
 * `request_body_sha256` must equal the SHA-256 of the raw body. The inbox dedupes Plaid
 * deliveries on that body hash: they carry no event id.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose'
import type { PlaidApi } from 'plaid'
import { headerValue, pickHeaders, WebhookRefusedError, type IncomingWebhook, type VerifiedWebhook } from '../webhook-delivery'
import { plaidErrorOf } from './plaid-client'

export const plaidMaxTokenAgeSeconds = 5 * 60
/** Plaid's clock may run a little ahead of ours. */
const allowedFutureSkewSeconds = 60
/** After Plaid said a kid is unknown, don't ask again for a while. */
const unknownKidRetryMs = 60_000
/** Unknown kids remembered at once (the oldest is forgotten first). */
const maxUnknownKids = 1_000
/** A cached key is asked about again after this long, so an expiry set by Plaid is learnt. */
export const plaidKeyRecheckMs = 60 * 60_000
/** Lookups of kids the cache does not hold: at most this many per minute, whatever arrives. */
export const plaidKeyLookupsPerMinute = 10

/** Plaid could not be asked for the key: not the sender's fault, so the relay answers 503. */
export class PlaidKeyUnavailableError extends Error {
  constructor() {
    super('The Plaid webhook verification key could not be fetched.')
    this.name = 'PlaidKeyUnavailableError'
  }
}

/**
 * Too many unknown kids arrived this minute to ask Plaid about another one. Answered 429 with
 * `Retry-After`: a genuine delivery signed by a key just rotated in is retried and then verified.
 */
export class PlaidKeyLookupsExhaustedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many webhooks signed with keys the relay does not know; retry later.')
    this.name = 'PlaidKeyLookupsExhaustedError'
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

interface CachedKey {
  key: CryptoKey | Uint8Array
  /** Plaid's `expired_at` in ms, null while the key is current; an expired key verifies nothing. */
  expiredAtMs: number | null
  checkedAtMs: number
}

type Lookup = { kind: 'found'; entry: CachedKey } | { kind: 'unknown' }

/**
 * Keys are cached by kid and honour Plaid's `expired_at`: a key Plaid reports expired verifies
 * nothing. A cached key is asked about again after `plaidKeyRecheckMs`, and every cached key when
 * Plaid serves a new one (a rotation, as Plaid's guide handles it). Lookups of kids the
 * cache does not hold are bounded: one request per kid at a time, a kid Plaid does not know is not
 * asked about again for a minute, and at most `plaidKeyLookupsPerMinute` a minute overall.
 */
export class PlaidWebhookVerifier {
  private readonly keys = new Map<string, CachedKey>()
  private readonly unknownKids = new Map<string, number>()
  private readonly inFlight = new Map<string, Promise<Lookup>>()
  private lookupBudget: { tokens: number; refilledAtMs: number }

  constructor(
    private readonly client: PlaidApi,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.lookupBudget = { tokens: plaidKeyLookupsPerMinute, refilledAtMs: now().getTime() }
  }

  async verify(webhook: IncomingWebhook): Promise<VerifiedWebhook> {
    const token = headerValue(webhook.headers, 'plaid-verification')
    if (!token) throw refused('missing_jwt', 'Missing Plaid-Verification header.')
    let header: ReturnType<typeof decodeProtectedHeader>
    try {
      header = decodeProtectedHeader(token)
    } catch {
      throw refused('bad_jwt', 'Plaid-Verification is not a JWT.')
    }
    if (header.alg !== 'ES256') throw refused('bad_alg', 'Plaid-Verification must be signed with ES256.')
    if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) {
      throw refused('missing_kid', 'Plaid-Verification has no key id.')
    }
    const key = await this.keyFor(header.kid)
    if (!key) throw refused('unknown_kid', 'Plaid-Verification names a key Plaid does not know.')
    // Plaid sets `expired_at` once a key is retired; from then on it verifies nothing (providers §3.5).
    if (key.expiredAtMs !== null) throw refused('expired_key', 'Plaid-Verification is signed with a key Plaid has expired.')

    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, key.key, { algorithms: ['ES256'] }))
    } catch {
      throw refused('bad_signature', 'Plaid-Verification does not verify.')
    }
    // Age checked here rather than by jose, whose clock tolerance would also stretch the 5 minutes.
    const ageSeconds = webhook.receivedAt.getTime() / 1000 - Number(payload.iat)
    if (typeof payload.iat !== 'number' || ageSeconds > plaidMaxTokenAgeSeconds || ageSeconds < -allowedFutureSkewSeconds) {
      throw refused('stale_jwt', 'Plaid-Verification is too old (or dated in the future).')
    }
    const bodyHash = sha256Hex(webhook.rawBody)
    const claimed = payload.request_body_sha256
    if (typeof claimed !== 'string' || !isSameHex(claimed, bodyHash)) {
      throw refused('body_hash_mismatch', 'The body does not match Plaid-Verification.')
    }
    return { eventId: bodyHash, auditHeaders: pickHeaders(webhook.headers, ['plaid-verification', 'user-agent', 'content-type']) }
  }

  /** The key for `kid` with its expiry, cached or from Plaid; null when Plaid does not know it. */
  private async keyFor(kid: string): Promise<CachedKey | null> {
    const nowMs = this.now().getTime()
    const cached = this.keys.get(kid)
    if (cached) return nowMs - cached.checkedAtMs >= plaidKeyRecheckMs ? ((await this.recheck(kid, cached)) ?? null) : cached

    const askedAt = this.unknownKids.get(kid)
    if (askedAt !== undefined && nowMs - askedAt < unknownKidRetryMs) return null
    const result = await (this.inFlight.get(kid) ?? this.lookUpNewKid(kid, nowMs))
    return result.kind === 'found' ? result.entry : null
  }

  private lookUpNewKid(kid: string, nowMs: number): Promise<Lookup> {
    this.takeLookup(nowMs)
    const lookup = (async () => {
      try {
        const result = await this.fetch(kid)
        if (result.kind === 'unknown') {
          this.rememberUnknown(kid)
          return result
        }
        this.keys.set(kid, result.entry)
        // A new key from Plaid means a rotation: learn whether the keys already held have expired.
        const held = [...this.keys].filter(([heldKid, entry]) => heldKid !== kid && entry.expiredAtMs === null)
        await Promise.all(held.map(([heldKid, entry]) => this.recheck(heldKid, entry)))
        return result
      } finally {
        this.inFlight.delete(kid)
      }
    })()
    this.inFlight.set(kid, lookup)
    return lookup
  }

  /** Asks Plaid about a cached key again; keeps it as it was when Plaid cannot be reached. */
  private async recheck(kid: string, cached: CachedKey): Promise<CachedKey | undefined> {
    try {
      const result = await this.fetch(kid)
      if (result.kind === 'unknown') {
        this.keys.delete(kid)
        return undefined
      }
      // Plaid's answer updates the expiry; the key material stays the one first fetched.
      const updated = { ...cached, expiredAtMs: result.entry.expiredAtMs, checkedAtMs: result.entry.checkedAtMs }
      this.keys.set(kid, updated)
      return updated
    } catch {
      return cached
    }
  }

  private async fetch(kid: string): Promise<Lookup> {
    let jwk
    try {
      jwk = (await this.client.webhookVerificationKeyGet({ key_id: kid })).data.key
    } catch (error) {
      const status = plaidErrorOf(error)?.status
      if (status !== undefined && status >= 400 && status < 500) return { kind: 'unknown' }
      throw new PlaidKeyUnavailableError()
    }
    let key: CryptoKey | Uint8Array
    try {
      key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256')
    } catch {
      return { kind: 'unknown' }
    }
    const expiredAt = jwk.expired_at
    return {
      kind: 'found',
      entry: { key, expiredAtMs: typeof expiredAt === 'number' ? expiredAt * 1000 : null, checkedAtMs: this.now().getTime() },
    }
  }

  /** Spends one lookup of the minute's budget, or refuses. */
  private takeLookup(nowMs: number): void {
    const elapsed = nowMs - this.lookupBudget.refilledAtMs
    if (elapsed >= 60_000) this.lookupBudget = { tokens: plaidKeyLookupsPerMinute, refilledAtMs: nowMs }
    if (this.lookupBudget.tokens === 0) {
      throw new PlaidKeyLookupsExhaustedError(Math.max(1, Math.ceil((60_000 - elapsed) / 1000)))
    }
    this.lookupBudget.tokens -= 1
  }

  private rememberUnknown(kid: string): void {
    this.unknownKids.delete(kid)
    this.unknownKids.set(kid, this.now().getTime())
    if (this.unknownKids.size > maxUnknownKids) this.unknownKids.delete(this.unknownKids.keys().next().value!)
  }
}

function refused(reason: string, message: string): WebhookRefusedError {
  return new WebhookRefusedError('unauthenticated', reason, message)
}

function isSameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
