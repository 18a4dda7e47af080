import { afterEach, describe, expect, it } from 'vitest'
import { runEventsCommand } from '../src/cli/commands/events'
import { backoffDelayMs } from '../src/inbox/inbox-worker'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness | undefined

afterEach(async () => {
  await relay?.close()
  relay = undefined
})

function captureOutput() {
  const lines = { stdout: '', stderr: '' }
  return { lines, out: { stdout: (text: string) => (lines.stdout += text), stderr: (text: string) => (lines.stderr += text) } }
}

describe('inbox worker', () => {
  it('doubles the delay after each failure, up to the cap', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 5_000 }
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000])
  })

  it('retries a failing handler with exponential backoff, then keeps it as a dead letter that replay re-queues', async () => {
    let isFailing = true
    let calls = 0
    relay = await startRelayHarness({
      retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
      handlers: {
        ringcentral: async () => {
          calls++
          if (isFailing) throw new Error('downstream unavailable')
        },
      },
    })
    const token = relay.sandbox.secrets.ringCentral.verificationToken
    const response = await relay.app.inject({
      method: 'POST',
      url: '/webhooks/ringcentral',
      headers: { 'content-type': 'application/json', 'verification-token': token },
      payload: JSON.stringify({ uuid: 'u-1', event: '/restapi/v1.0/account/1/telephony/sessions', body: {} }),
    })
    expect(response.statusCode).toBe(200)

    expect(await relay.worker.drain()).toBe(1)
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: downstream unavailable' })
    // Not due yet: nothing happens before the first backoff has passed.
    relay.clock.advance(9_999)
    expect(await relay.worker.drain()).toBe(0)
    relay.clock.advance(1)
    expect(await relay.worker.drain()).toBe(1)
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'pending', attempts: 2 })
    // The second delay is twice the first.
    relay.clock.advance(19_999)
    expect(await relay.worker.drain()).toBe(0)
    relay.clock.advance(1)
    await relay.worker.drain()
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'dead', attempts: 3 })
    relay.clock.advance(3_600_000)
    expect(await relay.worker.drain()).toBe(0)
    expect(calls).toBe(3)

    const { lines, out } = captureOutput()
    expect(await runEventsCommand(relay.storage.inbox, ['list'], out)).toBe(0)
    expect(lines.stdout).toMatch(/#1\tringcentral\tu-1\tdead\t3\tError: downstream unavailable/)

    isFailing = false
    expect(await runEventsCommand(relay.storage.inbox, ['replay', 'u-1'], out)).toBe(0)
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'pending', attempts: 0 })
    await relay.worker.drain()
    expect((await relay.inbox.list())[0]).toMatchObject({ status: 'done', attempts: 1, lastError: null })
    expect(calls).toBe(4)
    // A pending event cannot be replayed; a done one can.
    expect(await runEventsCommand(relay.storage.inbox, ['replay', '1'], out)).toBe(0)
    expect(await runEventsCommand(relay.storage.inbox, ['replay', '1'], out)).toBe(1)
    expect(lines.stderr).toContain('only dead or done events can be replayed')
  })

  it('shows an event without its raw body unless --raw is given', async () => {
    relay = await startRelayHarness({ listen: false })
    await relay.inbox.record({ provider: 'stripe', eventId: 'evt_1', headers: { 'user-agent': 'Stripe/1.0' }, body: Buffer.from('{"id":"evt_1"}') })
    const plain = captureOutput()
    expect(await runEventsCommand(relay.storage.inbox, ['show', 'evt_1'], plain.out)).toBe(0)
    expect(JSON.parse(plain.lines.stdout)).toMatchObject({ seq: 1, provider: 'stripe', eventId: 'evt_1', status: 'pending', bodyBytes: 14 })
    expect(plain.lines.stdout).not.toContain('"body"')
    const raw = captureOutput()
    await runEventsCommand(relay.storage.inbox, ['show', '1', '--raw'], raw.out)
    expect(JSON.parse(raw.lines.stdout)).toMatchObject({ body: '{"id":"evt_1"}' })
    const missing = captureOutput()
    expect(await runEventsCommand(relay.storage.inbox, ['show', 'evt_nope'], missing.out)).toBe(1)
    expect(await runEventsCommand(relay.storage.inbox, ['frobnicate'], missing.out)).toBe(2)
  })

  it('processes a stored event soon after the answer once started', async () => {
    relay = await startRelayHarness()
    relay.worker.start()
    const token = relay.sandbox.secrets.ringCentral.verificationToken
    await relay.app.inject({
      method: 'POST',
      url: '/webhooks/ringcentral',
      headers: { 'content-type': 'application/json', 'verification-token': token },
      payload: JSON.stringify({ uuid: 'u-started', event: '/restapi/v1.0/account/1/presence', body: {} }),
    })
    await expect.poll(async () => (await relay!.inbox.list())[0]?.status, { timeout: 2_000 }).toBe('done')
  })
})
