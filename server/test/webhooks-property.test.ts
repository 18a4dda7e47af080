import fc from 'fast-check'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signPlaidWebhook } from '../sandbox/plaid/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness

beforeAll(async () => {
  relay = await startRelayHarness({ listen: false, rateLimit: { max: 100_000, timeWindowMs: 60_000 } })
})
afterAll(async () => {
  await relay.close()
})

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 })
const headerNames = ['content-type', 'stripe-signature', 'verification-token', 'validation-token', 'plaid-verification', 'user-agent']
const routes = ['ringcentral', 'stripe', 'plaid'] as const

const contentType = fc.constantFrom('application/json', 'application/json; charset=UTF-8', 'text/plain', 'application/x-www-form-urlencoded')
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.record({ id: fc.string(), uuid: fc.string(), type: fc.string(), event: fc.string(), body: fc.json({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
  printable,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
)
const headers = fc.dictionary(fc.constantFrom(...headerNames), printable, { maxKeys: 4 })

/** A JWT-shaped header with random parts, so the Plaid path reaches key lookup sometimes. */
const jwtLike = fc
  .tuple(fc.constantFrom('ES256', 'HS256', 'none', 'RS256'), printable, printable)
  .map(([alg, kid, claims]) => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    return `${part({ alg, kid, typ: 'JWT' })}.${part({ iat: Math.floor(Date.now() / 1000), request_body_sha256: claims })}.${part(claims)}`
  })

describe('webhook routes under random input', () => {
  it('never answer 5xx and never store an unverified request', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        headers,
        contentType,
        fc.option(jwtLike),
        async (route, payload, randomHeaders, type, jwt) => {
          const before = relay.inbox.count()
          const response = await relay.app.inject({
            method: 'POST',
            url: `/webhooks/${route}`,
            headers: { ...randomHeaders, 'content-type': type, ...(jwt && route === 'plaid' ? { 'plaid-verification': jwt } : {}) },
            payload,
          })
          expect(response.statusCode).toBeLessThan(500)
          expect(relay.inbox.count()).toBe(before)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('store a random body only when it is genuinely signed and well-formed', async () => {
    const secrets = relay.sandbox.secrets
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, fc.boolean(), async (route, payload, isSigned) => {
        const before = relay.inbox.count()
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (isSigned && route === 'stripe') {
          headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({ payload, secret: secrets.stripe.webhookSecret })
        }
        if (isSigned && route === 'ringcentral') headers['verification-token'] = secrets.ringCentral.verificationToken
        if (isSigned && route === 'plaid') headers['plaid-verification'] = await signPlaidWebhook(payload, secrets.plaid.signingKey)
        const response = await relay.app.inject({ method: 'POST', url: `/webhooks/${route}`, headers, payload })
        expect(response.statusCode).toBeLessThan(500)
        const stored = relay.inbox.count() - before
        if (!isSigned) expect(stored).toBe(0)
        // Signed but not a provider event (no id, not an object): 400 and nothing stored.
        if (response.statusCode >= 400) expect(stored).toBe(0)
        if (response.statusCode === 200) expect(stored).toBe(response.json().duplicate ? 0 : 1)
      }),
      { numRuns: 200 },
    )
  })
})
