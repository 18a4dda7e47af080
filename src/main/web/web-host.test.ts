import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayStatus } from '../../shared/ipc-contract'
import { consoleServicesDouble, handlerDoubles } from '../ipc/testing/handler-doubles'
import type { ConsoleServices } from '../services/console-services'
import { startWebHost, type WebHost } from './web-host'

const status: RelayStatus = {
  state: 'connected',
  relayUrl: 'http://127.0.0.1:8787',
  since: '2026-11-22T10:00:00.000Z',
  checkedAt: null,
  error: null,
}

const services = (): ConsoleServices => consoleServicesDouble()

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

/** Opens the printed address as the browser does; returns the cookie it is given. */
async function signIn(host: WebHost): Promise<string> {
  const response = await fetch(host.url, { redirect: 'manual' })
  expect(response.status).toBe(303)
  expect(response.headers.get('location')).toBe('/')
  const setCookie = response.headers.get('set-cookie') ?? ''
  return setCookie.split(';')[0]!
}

describe('browser web host', () => {
  let host: WebHost | undefined
  afterEach(async () => {
    await host?.close()
    host = undefined
  })

  it('serves the console with its security headers', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const cookie = await signIn(host)
    const response = await fetch(new URL('/', host.url), { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Switchboard</title>')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('carries IPC calls from the console origin through the validating dispatcher', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const cookie = await signIn(host)
    const origin = new URL(host.url).origin
    const call = (channel: string, payload: unknown) =>
      fetch(new URL(`/ipc/${channel}`, host!.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({ payload }),
      }).then((r) => r.json())
    expect(await call('app:getInfo', null)).toEqual({ ok: true, value: { version: '1.2.3', shell: 'browser', demoMode: false } })
    expect(await call('app:getInfo', { sneaky: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
    expect(await call('shell:exec', null)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  })

  it('refuses calls from another origin, and any request for another host name, cookie or not', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    const cookie = await signIn(host)
    const url = new URL('/ipc/relay:checkNow', host.url).href
    const body = JSON.stringify({ payload: null })
    const json = { 'content-type': 'application/json', cookie }
    expect((await rawRequest(url, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body })).status).toBe(403)
    expect((await rawRequest(url, { method: 'POST', headers: json, body })).status).toBe(403)
    const rebound = await rawRequest(new URL('/', host.url).href, { headers: { host: `attacker.example:${new URL(host.url).port}`, cookie } })
    expect(rebound.status).toBe(421)
  })

  it('answers 401 to a local program that never saw the printed address, whatever headers it forges', async () => {
    const console = services()
    let calls = 0
    console.handlers['relay:checkNow'] = () => {
      calls++
      return handlerDoubles()['relay:checkNow'](null as never)
    }
    host = await startWebHost({ services: console, rendererDir: rendererDir() })
    const { origin, port } = new URL(host.url)
    const forged = { origin, host: `127.0.0.1:${port}`, 'content-type': 'application/json' }
    const body = JSON.stringify({ payload: null })
    const call = (cookie?: string) =>
      rawRequest(new URL('/ipc/relay:checkNow', host!.url).href, { method: 'POST', headers: { ...forged, ...(cookie ? { cookie } : {}) }, body })
    expect((await call()).status).toBe(401)
    expect((await call(`switchboard_console_${port}=guess`)).status).toBe(401)
    expect((await rawRequest(new URL('/ipc/events', host.url).href, { headers: forged })).status).toBe(401)
    expect((await rawRequest(new URL('/', host.url).href, { headers: forged })).status).toBe(401)
    expect((await rawRequest(new URL(`/?key=not-the-secret`, host.url).href, { headers: forged })).status).toBe(401)
    expect(calls).toBe(0)
    // The console itself, having opened the printed address, gets through.
    const cookie = await signIn(host)
    expect(cookie).toMatch(new RegExp(`^switchboard_console_${port}=`))
    expect((await call(cookie)).status).toBe(200)
    expect(calls).toBe(1)
  })

  it('sets the launch secret as an HttpOnly, SameSite=Strict cookie and takes it out of the address', async () => {
    host = await startWebHost({ services: services(), rendererDir: rendererDir() })
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{43}$/)
    const response = await fetch(host.url, { redirect: 'manual' })
    expect(response.headers.get('location')).toBe('/')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const attributes = (response.headers.get('set-cookie') ?? '').split(';').map((part) => part.trim())
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']))
    expect(attributes[0]).toBe(`switchboard_console_${new URL(host.url).port}=${new URL(host.url).searchParams.get('key')}`)
    // Another launch has another secret: an old address or cookie opens nothing.
    const second = await startWebHost({ services: services(), rendererDir: rendererDir() })
    try {
      expect(new URL(second.url).searchParams.get('key')).not.toBe(new URL(host.url).searchParams.get('key'))
      expect((await fetch(new URL(`/?key=${new URL(host.url).searchParams.get('key')}`, second.url), { redirect: 'manual' })).status).toBe(401)
    } finally {
      await second.close()
    }
  })

  it('streams main-process events to the browser', async () => {
    const console = services()
    host = await startWebHost({ services: console, rendererDir: rendererDir() })
    const cookie = await signIn(host)
    const controller = new AbortController()
    const response = await fetch(new URL('/ipc/events', host.url), { signal: controller.signal, headers: { cookie } })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = response.body!.getReader()
    let received = ''
    const nextEvent = async (): Promise<{ event: string; data: unknown }> => {
      for (;;) {
        const match = /event: (\S+)\ndata: (.*)\n\n/.exec(received)
        if (match) {
          received = received.slice(match.index + match[0].length)
          return { event: match[1]!, data: JSON.parse(match[2]!) }
        }
        const { value } = await reader.read()
        received += new TextDecoder().decode(value)
      }
    }
    // First the pairing state as it is (a page whose stream opens late still learns it), then each event.
    expect(await nextEvent()).toEqual({ event: 'sync:state', data: expect.objectContaining({ paired: false }) })
    console.events.emit('relay:status', { ...status, state: 'disconnected', error: 'gone' })
    expect(await nextEvent()).toEqual({ event: 'relay:status', data: expect.objectContaining({ state: 'disconnected', error: 'gone' }) })
    controller.abort()
  })

  it('says how to fix a missing build', async () => {
    await expect(startWebHost({ services: services(), rendererDir: '/nonexistent/out/renderer' })).rejects.toThrow(
      /npm run build/,
    )
  })
})
