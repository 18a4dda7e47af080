import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness | undefined

afterEach(async () => {
  await relay?.close()
  relay = undefined
})

const stripeEvent = (id: string) => JSON.stringify({ id, object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } })

function signedStripe(harness: RelayHarness, body: string, remoteAddress = '54.187.174.169') {
  return {
    method: 'POST' as const,
    url: '/webhooks/stripe',
    remoteAddress,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: harness.sandbox.secrets.stripe.webhookSecret,
        timestamp: Math.floor(harness.clock.now().getTime() / 1000),
      }),
    },
    payload: body,
  }
}

/** Runs `count` requests, `concurrency` at a time (as a provider's parallel deliveries arrive). */
async function burst(count: number, concurrency: number, send: (index: number) => Promise<number>): Promise<Map<number, number>> {
  const statuses = new Map<number, number>()
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await send(next++)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }
    }),
  )
  return statuses
}

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
    expect(await relay.inbox.count()).toBe(0)
    expect((await relay.auditRows()).map((r) => r.detail)).toEqual([
      expect.objectContaining({ provider: 'ringcentral', status: 400, reason: 'malformed_json', source: '127.0.0.1', count: 1 }),
    ])
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
    expect(await relay.inbox.count()).toBe(0)
    expect((await relay.auditRows()).map((r) => [r.detail.provider, r.detail.status])).toEqual([
      ['stripe', 413],
      ['plaid', 415],
    ])
    // 5xx/4xx bodies never carry a stack or internals.
    expect(big.body).not.toMatch(/at .*\.ts|node_modules/)
  })

  it('refuses JSON nested deeper than 64 levels, or not UTF-8, with 400 before anything else, on every webhook route', async () => {
    relay = await startRelayHarness({ listen: false })
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`
    const notUtf8 = Buffer.concat([Buffer.from('{"uuid":"u-'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])
    for (const route of ['ringcentral', 'stripe', 'plaid']) {
      for (const [payload, error] of [
        [deep, 'too_deep'],
        [`{"a":${deep}}`, 'too_deep'],
        [notUtf8, 'invalid_utf8'],
      ] as const) {
        const response = await relay.app.inject({
          method: 'POST',
          url: `/webhooks/${route}`,
          headers: { 'content-type': 'application/json', 'verification-token': relay.sandbox.secrets.ringCentral.verificationToken },
          payload,
        })
        expect([route, response.statusCode, response.json().error]).toEqual([route, 400, error])
      }
    }
    // 64 levels is fine (and brackets inside strings do not count).
    const ok = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/ringcentral',
      headers: { 'content-type': 'application/json', 'verification-token': relay.sandbox.secrets.ringCentral.verificationToken },
      payload: `{"uuid":"u-deep","body":${'['.repeat(63)}"${'['.repeat(500)}"${']'.repeat(63)}}`,
    })
    expect(ok.statusCode).toBe(200)
    expect(await relay.inbox.count()).toBe(1)
  })

  it('stores all of 5,000 valid events sent in a burst from one address', async () => {
    relay = await startRelayHarness({ listen: false })
    const harness = relay
    const started = performance.now()
    const statuses = await burst(5_000, 50, async (index) => (await harness.app.inject(signedStripe(harness, stripeEvent(`evt_burst_${index}`)))).statusCode)
    const seconds = (performance.now() - started) / 1000
    expect(Object.fromEntries(statuses)).toEqual({ 200: 5_000 })
    expect(await relay.inbox.count()).toBe(5_000)
    // On SQLite, concurrent deliveries shared commits (and fsyncs): far fewer transactions than events.
    const groupCommit = relay.app.groupCommit
    // SQLite commits through the group committer; PostgreSQL's pool commits each delivery itself.
    expect(groupCommit === null).toBe(relay.engine === 'postgres')
    if (groupCommit) {
      const { batches, units } = groupCommit.stats
      expect(units).toBe(5_000)
      expect(batches).toBeLessThan(units / 5)
    }
    process.stdout.write(`5,000 signed Stripe events on ${relay.engine} in ${seconds.toFixed(1)} s${groupCommit ? `, ${groupCommit.stats.batches} commits` : ''}\n`)
  })

  it('limits refused requests per source, never verified ones, and only that source', async () => {
    relay = await startRelayHarness({ listen: false, refusals: { perMinute: 3 } })
    const harness = relay
    const forged = (remoteAddress: string) =>
      harness.app.inject({ method: 'POST', url: '/webhooks/stripe', remoteAddress, headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, payload: stripeEvent('evt_forged') })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await forged('10.0.0.7')).statusCode)
    expect(statuses).toEqual([400, 400, 400, 429, 429])
    const limited = await forged('10.0.0.7')
    expect(limited.json()).toMatchObject({ error: 'too_many_refusals' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    // A genuine delivery from that same address is stored all the same.
    const genuine = await relay.app.inject(signedStripe(relay, stripeEvent('evt_real'), '10.0.0.7'))
    expect(genuine.statusCode).toBe(200)
    expect(await relay.inbox.count()).toBe(1)
    // Another source is not affected.
    expect((await forged('10.0.0.8')).statusCode).toBe(400)
    // A minute later the source is heard again.
    relay.clock.advance(61_000)
    expect((await forged('10.0.0.7')).statusCode).toBe(400)
  })

  it('keeps the audit of a flood of 100,000 forged requests to a bounded number of rows', async () => {
    relay = await startRelayHarness({ listen: false, refusals: { perMinute: 60, maxSourcesPerWindow: 50 } })
    const harness = relay
    const body = stripeEvent('evt_forged')
    const reasons = [
      { headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, payload: body },
      { headers: { 'content-type': 'application/json' }, payload: body },
      { headers: { 'content-type': 'text/plain' }, payload: body },
    ]
    const statuses = await burst(100_000, 64, async (index) => {
      // From 500 addresses, three kinds of refusal.
      const request = reasons[index % reasons.length]!
      const response = await harness.app.inject({ method: 'POST', url: '/webhooks/stripe', remoteAddress: `10.1.${Math.floor(index / 250) % 2}.${index % 250}`, ...request })
      return response.statusCode
    })
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true)
    // Each of the 500 sources is heard 60 times (the limit per minute); the rest are answered 429.
    expect(statuses.get(429)).toBe(100_000 - 500 * 60)
    expect(await relay.inbox.count()).toBe(0)
    await relay.app.close()
    // Per window: each of at most 50 sources, plus "the rest", per reason and status (400/415 or 429).
    const rows = await relay.auditRows()
    expect(rows.length).toBeLessThanOrEqual((50 + 1) * reasons.length * 2)
    // Nothing is lost in the aggregation: the counts add up to every refusal.
    expect(rows.reduce((sum, row) => sum + Number(row.detail.count), 0)).toBe(100_000)
    expect(rows.some((row) => row.detail.source === '*')).toBe(true)
  }, 300_000)
})
