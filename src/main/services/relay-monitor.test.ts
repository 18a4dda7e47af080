import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayStatus } from '../../shared/ipc-contract'
import { RelayMonitor } from './relay-monitor'

/** A real HTTP server standing in for the relay's /healthz, with a switchable answer. */
async function fakeRelayHealth() {
  let answer: { status: number; body: unknown } = { status: 200, body: { status: 'ok' } }
  const server: Server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    answer: (status: number, body: unknown) => (answer = { status, body }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('RelayMonitor', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  it('starts as connecting, then reports connected when /healthz says ok', async () => {
    const relay = await fakeRelayHealth()
    cleanups.push(relay.close)
    const monitor = new RelayMonitor({ relayUrl: `${relay.url}/` })
    expect(monitor.getStatus()).toMatchObject({ state: 'connecting', relayUrl: relay.url, checkedAt: null })
    expect(await monitor.checkNow()).toMatchObject({ state: 'connected', error: null })
  })

  it('reports degraded on 503 and disconnected with a useful message when nothing listens', async () => {
    const relay = await fakeRelayHealth()
    const monitor = new RelayMonitor({ relayUrl: relay.url })
    relay.answer(503, { status: 'unavailable' })
    expect(await monitor.checkNow()).toMatchObject({ state: 'degraded', error: expect.stringContaining('database') })
    await relay.close()
    const status = await monitor.checkNow()
    expect(status.state).toBe('disconnected')
    expect(status.error).toBe(`Nothing is listening at ${relay.url}. Start the relay with "npm run relay".`)
  })

  it('does not take another service answering 200 for a relay', async () => {
    const relay = await fakeRelayHealth()
    cleanups.push(relay.close)
    relay.answer(200, '<html>hello</html>')
    const status = await new RelayMonitor({ relayUrl: relay.url }).checkNow()
    expect(status.state).toBe('disconnected')
  })

  it('notifies listeners only when the state changes, and keeps "since" until it does', async () => {
    const relay = await fakeRelayHealth()
    cleanups.push(relay.close)
    let clock = Date.parse('2026-11-22T10:00:00.000Z')
    const monitor = new RelayMonitor({ relayUrl: relay.url, now: () => new Date((clock += 1000)) })
    const seen: RelayStatus[] = []
    monitor.onChange((status) => seen.push(status))
    await monitor.checkNow()
    await monitor.checkNow()
    const first = monitor.getStatus()
    expect(seen.map((s) => s.state)).toEqual(['connected'])
    expect(first.since).not.toBe(first.checkedAt)
    relay.answer(503, {})
    await monitor.checkNow()
    expect(seen.map((s) => s.state)).toEqual(['connected', 'degraded'])
    expect(monitor.getStatus().since).toBe(monitor.getStatus().checkedAt)
  })

  it('shares one request between concurrent checks', async () => {
    let requests = 0
    const server = createServer((_request, response) => {
      requests++
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"ok"}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => server.close(resolve)))
    const monitor = new RelayMonitor({ relayUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
    await Promise.all([monitor.checkNow(), monitor.checkNow(), monitor.checkNow()])
    expect(requests).toBe(1)
  })

  it('polls while started and stops when told', async () => {
    const relay = await fakeRelayHealth()
    cleanups.push(relay.close)
    const monitor = new RelayMonitor({ relayUrl: relay.url, intervalMs: 50 })
    const states: string[] = []
    monitor.onChange((status) => states.push(status.state))
    monitor.start()
    await expect.poll(() => states).toEqual(['connected'])
    relay.answer(503, {})
    await expect.poll(() => states).toEqual(['connected', 'degraded'])
    monitor.stop()
    relay.answer(200, { status: 'ok' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(states).toEqual(['connected', 'degraded'])
  })
})
