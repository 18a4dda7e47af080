import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signPlaidWebhook } from '../sandbox/plaid/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { deepValue, edgeNumber, hugeString, invalidUtf8, wideValue, withBytes } from './hostile-json'

let relay: RelayHarness

beforeAll(async () => {
  relay = await startRelayHarness({ listen: false, refusals: { perMinute: 1_000_000 } })
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
          const before = await relay.inbox.count()
          const response = await relay.app.inject({
            method: 'POST',
            url: `/webhooks/${route}`,
            headers: { ...randomHeaders, 'content-type': type, ...(jwt && route === 'plaid' ? { 'plaid-verification': jwt } : {}) },
            payload,
          })
          expect(response.statusCode).toBeLessThan(500)
          expect(await relay.inbox.count()).toBe(before)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('store a random body only when it is genuinely signed and well-formed', async () => {
    const secrets = relay.sandbox.secrets
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, fc.boolean(), async (route, payload, isSigned) => {
        const before = await relay.inbox.count()
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (isSigned && route === 'stripe') {
          headers['stripe-signature'] = Stripe.webhooks.generateTestHeaderString({ payload, secret: secrets.stripe.webhookSecret })
        }
        if (isSigned && route === 'ringcentral') headers['verification-token'] = secrets.ringCentral.verificationToken
        if (isSigned && route === 'plaid') headers['plaid-verification'] = await signPlaidWebhook(payload, secrets.plaid.signingKey)
        const response = await relay.app.inject({ method: 'POST', url: `/webhooks/${route}`, headers, payload })
        expect(response.statusCode).toBeLessThan(500)
        const stored = (await relay.inbox.count()) - before
        if (!isSigned) expect(stored).toBe(0)
        // Signed but not a provider event (no id, not an object): 400 and nothing stored.
        if (response.statusCode >= 400) expect(stored).toBe(0)
        if (response.statusCode === 200) expect(stored).toBe(response.json().duplicate ? 0 : 1)
      }),
      { numRuns: 200 },
    )
  })

  it('answer hostile JSON without a 5xx: deep or not UTF-8 is 400 even when signed, and only a genuine event is stored', async () => {
    const secrets = relay.sandbox.secrets
    const hostile = fc.oneof(
      fc.tuple(fc.constant('deep'), deepValue),
      fc.tuple(fc.constant('wide'), wideValue),
      fc.tuple(fc.constant('huge'), hugeString),
      fc.tuple(fc.constant('number'), edgeNumber),
      fc.tuple(fc.constant('utf8'), fc.tuple(invalidUtf8, fc.nat({ max: 60 }))),
    )
    let sequence = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostile, fc.boolean(), async (route, [kind, value], isSigned) => {
        const id = `evt_hostile_${sequence++}`
        const text = kind === 'utf8' ? `{"id":"${id}","uuid":"${id}","object":"event","data":{"v":"x"}}` : `{"id":"${id}","uuid":"${id}","object":"event","data":{"v":${value as string}}}`
        const payload = kind === 'utf8' ? withBytes(text, (value as [number[], number])[0], (value as [number[], number])[1]) : Buffer.from(text)
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        // Signed over the exact bytes, as the providers sign (the SDK helpers take text, which these bytes may not be).
        if (isSigned && route === 'stripe') {
          const timestamp = Math.floor(Date.now() / 1000)
          const signature = createHmac('sha256', secrets.stripe.webhookSecret).update(Buffer.concat([Buffer.from(`${timestamp}.`), payload])).digest('hex')
          headers['stripe-signature'] = `t=${timestamp},v1=${signature}`
        }
        if (isSigned && route === 'ringcentral') headers['verification-token'] = secrets.ringCentral.verificationToken
        if (isSigned && route === 'plaid') {
          headers['plaid-verification'] = await signPlaidWebhook('', secrets.plaid.signingKey, { bodyHash: createHash('sha256').update(payload).digest('hex') })
        }
        const before = await relay.inbox.count()
        const response = await relay.app.inject({ method: 'POST', url: `/webhooks/${route}`, headers, payload })
        expect(response.statusCode).toBeLessThan(500)
        const stored = (await relay.inbox.count()) - before
        // The generated nesting (no string in it holds a bracket) plus the two levels around it.
        const depth = kind === 'deep' ? [...(value as string)].filter((char) => char === '[' || char === '{').length + 2 : 0
        if (kind === 'utf8' || depth > 64) {
          expect(response.statusCode).toBe(400)
          expect(['too_deep', 'invalid_utf8']).toContain(response.json().error)
        }
        if (!isSigned || response.statusCode >= 400) expect(stored).toBe(0)
      }),
      { numRuns: 150 },
    )
  })
})
