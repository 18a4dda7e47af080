import { afterEach, describe, expect, it } from 'vitest'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness | undefined

afterEach(async () => {
  await relay?.close()
  relay = undefined
})

describe('webhook request limits', () => {
  it('answers verified but malformed JSON with 400 and stores nothing', async () => {
    relay = await startRelayHarness({ listen: false })
    const response = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/ringcentral',
      headers: { 'content-type': 'application/json', 'verification-token': relay.sandbox.secrets.ringCentral.verificationToken },
      payload: '{"uuid": "u-1", ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'malformed_json' })
    expect(relay.inbox.count()).toBe(0)
    expect(relay.auditRows().map((r) => r.detail)).toEqual([{ provider: 'ringcentral', status: 400, reason: 'malformed_json' }])
  })

  it('answers a body over 1 MiB with 413 and a wrong content type with 415, audited', async () => {
    relay = await startRelayHarness({ listen: false })
    const big = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: `{"pad":"${'x'.repeat(1024 * 1024)}"}`,
    })
    expect(big.statusCode).toBe(413)
    const text = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/plaid',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    })
    expect(text.statusCode).toBe(415)
    expect(relay.inbox.count()).toBe(0)
    expect(relay.auditRows().map((r) => [r.detail.provider, r.detail.status])).toEqual([
      ['stripe', 413],
      ['plaid', 415],
    ])
    // 5xx/4xx bodies never carry a stack or internals.
    expect(big.body).not.toMatch(/at .*\.ts|node_modules/)
  })

  it('answers too many requests from one address with 429', async () => {
    relay = await startRelayHarness({ listen: false, rateLimit: { max: 3, timeWindowMs: 60_000 } })
    const send = (remoteAddress: string) =>
      relay!.app.inject({ method: 'POST', url: '/webhooks/stripe', remoteAddress, headers: { 'content-type': 'application/json' }, payload: '{}' })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await send('10.0.0.7')).statusCode)
    expect(statuses).toEqual([400, 400, 400, 429])
    // Another source still gets through.
    expect((await send('10.0.0.8')).statusCode).toBe(400)
    expect(relay.auditRows().at(-2)?.detail).toEqual({ provider: 'stripe', status: 429, reason: 'rate_limited' })
  })
})
