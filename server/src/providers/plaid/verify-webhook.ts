/**
 * `POST /webhooks/plaid` verification (architecture §5, providers §3.5): the `Plaid-Verification`
 * header is an ES256 JWT whose key is fetched by `kid` from Plaid (`/webhook_verification_key/get`)
 * and cached; `iat` must be at most 5 minutes old and `request_body_sha256` must equal the SHA-256
 * of the raw body. The inbox dedupes Plaid deliveries on that body hash: they carry no event id.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose'
import type { PlaidApi } from 'plaid'
import { headerValue, pickHeaders, WebhookRefusedError, type IncomingWebhook, type VerifiedWebhook } from '../webhook-delivery'
import { plaidErrorOf } from './plaid-client'

export const plaidMaxTokenAgeSeconds = 5 * 60
/** Plaid's clock may run a little ahead of ours. */
const allowedFutureSkewSeconds = 60
/** After Plaid said a kid is unknown, don't ask again for a while (a flood of junk kids). */
const unknownKidRetryMs = 60_000

/** Plaid could not be asked for the key: not the sender's fault, so the relay answers 503. */
export class PlaidKeyUnavailableError extends Error {
  constructor() {
    super('The Plaid webhook verification key could not be fetched.')
    this.name = 'PlaidKeyUnavailableError'
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export class PlaidWebhookVerifier {
  private readonly keys = new Map<string, CryptoKey | Uint8Array>()
  private readonly unknownKids = new Map<string, number>()

  constructor(
    private readonly client: PlaidApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
    if (!key) throw refused('unknown_kid', 'Plaid-Verification names an unknown or expired key.')

    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, key, { algorithms: ['ES256'] }))
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

  /** The key for `kid`, from the cache or Plaid; null when Plaid does not know it or it expired. */
  private async keyFor(kid: string): Promise<CryptoKey | Uint8Array | null> {
    const cached = this.keys.get(kid)
    if (cached) return cached
    const askedAt = this.unknownKids.get(kid)
    if (askedAt !== undefined && this.now().getTime() - askedAt < unknownKidRetryMs) return null

    let jwk
    try {
      jwk = (await this.client.webhookVerificationKeyGet({ key_id: kid })).data.key
    } catch (error) {
      const status = plaidErrorOf(error)?.status
      if (status !== undefined && status >= 400 && status < 500) {
        this.rememberUnknown(kid)
        return null
      }
      throw new PlaidKeyUnavailableError()
    }
    if (jwk.expired_at !== null && jwk.expired_at !== undefined) {
      this.rememberUnknown(kid)
      return null
    }
    let key: CryptoKey | Uint8Array
    try {
      key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256')
    } catch {
      this.rememberUnknown(kid)
      return null
    }
    this.keys.set(kid, key)
    return key
  }

  private rememberUnknown(kid: string): void {
    if (this.unknownKids.size > 1000) this.unknownKids.clear()
    this.unknownKids.set(kid, this.now().getTime())
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
