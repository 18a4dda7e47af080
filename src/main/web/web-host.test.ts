import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayStatus } from '../../shared/ipc-contract'
import { EventHub } from '../ipc/event-hub'
import { handlerDoubles } from '../ipc/handler-doubles'
import type { ConsoleServices } from '../services/console-services'
import { startWebHost, type WebHost } from './web-host'

const status: RelayStatus = {
  state: 'connected',
  relayUrl: 'http://127.0.0.1:8787',
  since: '2026-11-22T10:00:00.000Z',
  checkedAt: null,
  error: null,
}

function services(): ConsoleServices {
  return { events: new EventHub(), handlers: handlerDoubles(), onNewScreenPop: () => () => {}, finishLink: () => false, start() {}, stop: async () => {} }
}

function rendererDir() {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchboard</title>')
  return dir
}

/** Raw request so the Host header can be forged (fetch will not let us). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('browser web host', () => {
  let host: WebHost | undefined
  afterEach(async () => {
    await host?.close()
    host = undefined
  })

  it('serves the console with its security headers', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const response = await fetch(host.url)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Switchboard</title>')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('carries IPC calls from the console origin through the validating dispatcher', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const origin = host.url.replace(/\/$/, '')
    const call = (channel: string, payload: unknown) =>
      fetch(`${host!.url}ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ payload }),
      }).then((r) => r.json())
    expect(await call('app:getInfo', null)).toEqual({ ok: true, value: { version: '1.2.3', shell: 'browser', demoMode: false } })
    expect(await call('app:getInfo', { sneaky: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
    expect(await call('shell:exec', null)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  })

  it('refuses calls from another origin, and any request for another host name', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const url = `${host.url}ipc/relay:checkNow`
    const body = JSON.stringify({ payload: null })
    const json = { 'content-type': 'application/json' }
    expect((await rawRequest(url, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body })).status).toBe(403)
    expect((await rawRequest(url, { method: 'POST', headers: json, body })).status).toBe(403)
    const rebound = await rawRequest(host.url, { headers: { host: `attacker.example:${new URL(host.url).port}` } })
    expect(rebound.status).toBe(421)
  })

  it('streams main-process events to the browser', async () => {
    const console = services()
    host = await startWebHost({ services: console, rendererDir: rendererDir() })
    const controller = new AbortController()
    const response = await fetch(`${host.url}ipc/events`, { signal: controller.signal })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = response.body!.getReader()
    await reader.read() // the ": connected" comment
    console.events.emit('relay:status', { ...status, state: 'disconnected', error: 'gone' })
    const { value } = await reader.read()
    const text = new TextDecoder().decode(value)
    expect(text).toContain('event: relay:status')
    expect(JSON.parse(text.split('data: ')[1]!)).toMatchObject({ state: 'disconnected', error: 'gone' })
    controller.abort()
  })

  it('says how to fix a missing build', async () => {
    await expect(startWebHost({ services: services(), rendererDir: '/nonexistent/out/renderer' })).rejects.toThrow(
      /npm run build/,
    )
  })
})
