import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generatePlaidSigningKey } from '../../../server/sandbox/plaid/payloads'
import { startPlaidSimulator } from '../../../server/sandbox/plaid/plaid-simulator'
import type { LinkPageResult } from '../../shared/plaid-link-contract'
import { consoleServicesDouble } from '../ipc/testing/handler-doubles'
import { startLinkHost, type LinkHost } from './link-host'
import { startWebHost, type WebHost } from './web-host'

function rendererDir() {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchboard</title>')
  writeFileSync(join(dir, 'link.html'), '<!doctype html><title>Connect your bank</title>')
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'assets', 'link.js'), 'export {}')
  return dir
}

const success: LinkPageResult = {
  sessionId: 'session-0123456789abcdef',
  outcome: 'success',
  publicToken: 'public-sandbox-0123',
  institution: { id: 'ins_109508', name: 'First Platypus Bank' },
  accountCount: 2,
}

describe('Plaid Link host (browser)', () => {
  let linkHost: LinkHost | undefined
  let webHost: WebHost | undefined
  afterEach(async () => {
    await linkHost?.close()
    await webHost?.close()
    linkHost = webHost = undefined
  })

  it('serves only the Link page and its bundle, under a CSP that lets Plaid in', async () => {
    linkHost = await startLinkHost({ rendererDir: rendererDir(), finish: () => true })
    const page = await fetch(`${linkHost.url}link.html`)
    expect(page.status).toBe(200)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain('script-src \'self\' https://cdn.plaid.com/link/v2/stable/link-initialize.js')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe')
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect((await fetch(`${linkHost.url}assets/link.js`)).status).toBe(200)
    // Nothing of the console: not its page, not its IPC.
    expect((await fetch(`${linkHost.url}index.html`)).status).toBe(404)
    expect((await fetch(linkHost.url)).status).toBe(404)
    const origin = linkHost.url.replace(/\/$/, '')
    const ipc = await fetch(`${linkHost.url}ipc/app:getInfo`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{"payload":null}' })
    expect(ipc.status).toBe(404)
  })

  it('takes one valid result per session, only from its own origin', async () => {
    const received: LinkPageResult[] = []
    const open = new Set([success.sessionId])
    linkHost = await startLinkHost({
      rendererDir: rendererDir(),
      finish: (result) => {
        if (!open.delete(result.sessionId)) return false
        received.push(result)
        return true
      },
    })
    const origin = linkHost.url.replace(/\/$/, '')
    const post = (body: unknown, from = origin) =>
      fetch(`${linkHost!.url}link/result`, { method: 'POST', headers: { 'content-type': 'application/json', origin: from }, body: JSON.stringify(body) })

    expect((await post(success, 'https://evil.example')).status).toBe(403)
    expect((await post({ ...success, publicToken: 'access-sandbox-stolen' })).status).toBe(400)
    expect((await post({ ...success, extra: true })).status).toBe(400)
    expect((await post(success)).status).toBe(204)
    expect((await post(success)).status).toBe(404)
    expect(received).toEqual([success])
  })

  it('gives the renderer a URL on the Link origin with the session in the fragment', async () => {
    linkHost = await startLinkHost({ rendererDir: rendererDir(), finish: () => true })
    const { openUrl } = await linkHost.launcher.open({ sessionId: success.sessionId, linkToken: 'link-sandbox-abc', mode: 'create' })
    const url = new URL(openUrl!)
    expect(url.origin).toBe(linkHost.url.replace(/\/$/, ''))
    expect(url.pathname).toBe('/link.html')
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe('link-sandbox-abc')
  })

  it('the console’s web host refuses IPC from the Link origin, even with the console’s cookie (same host, so the browser sends it)', async () => {
    webHost = await startWebHost({ services: consoleServicesDouble(), rendererDir: rendererDir() })
    linkHost = await startLinkHost({ rendererDir: rendererDir(), finish: () => true })
    const linkOrigin = linkHost.url.replace(/\/$/, '')
    const signedIn = await fetch(webHost.url, { redirect: 'manual' })
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!
    expect(cookie).toMatch(/=/)
    const response = await fetch(new URL('/ipc/bank:startLink', webHost.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: linkOrigin, cookie },
      body: JSON.stringify({ payload: { itemId: null } }),
    })
    expect(response.status).toBe(403)
  })

  it('in demo mode serves the Plaid simulator’s Link stand-in under Plaid’s CDN paths, its frame framable by the Link page', async () => {
    const simulator = await startPlaidSimulator({ clientId: 'client', secret: 'secret', signingKey: await generatePlaidSigningKey(new Date()) })
    try {
      linkHost = await startLinkHost({ rendererDir: rendererDir(), finish: () => true, standInBase: () => simulator.url })
      const script = await fetch(`${linkHost.url}link/v2/stable/link-initialize.js`)
      expect(await script.text()).toContain('window.Plaid')
      const frame = await fetch(`${linkHost.url}link/v2/stable/link.html`)
      expect(frame.status).toBe(200)
      expect(frame.headers.get('content-security-policy')).not.toContain('frame-ancestors')
      const origin = linkHost.url.replace(/\/$/, '')
      const session = await fetch(`${linkHost.url}link/v2/stable/sandbox/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ link_token: 'link-sandbox-unknown' }),
      })
      expect(session.status).toBe(400)
      const { openUrl } = await linkHost.launcher.open({ sessionId: success.sessionId, linkToken: 'link-sandbox-abc', mode: 'create' })
      expect(new URLSearchParams(new URL(openUrl!).hash.slice(1)).get('standIn')).toBe('1')
    } finally {
      await simulator.close()
    }
  })
})
