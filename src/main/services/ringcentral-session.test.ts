import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startRingCentralSimulator, type RingCentralSimulator } from '../../../server/sandbox/ringcentral/ringcentral-simulator'
import { MemorySecretStore } from './secret-store'
import { appCredentials, consoleFor, extensionCredential, fakeOsKeychain, keychainAt, startSimulator, type ConsoleUnderTest } from './testing/ringcentral-test-kit'

let simulator: RingCentralSimulator
let dir: string
const running: ConsoleUnderTest[] = []

beforeEach(async () => {
  simulator = await startSimulator()
  dir = mkdtempSync(join(tmpdir(), 'rc-session-'))
})
afterEach(async () => {
  for (const console of running.splice(0)) await console.stop()
  await simulator.close()
  rmSync(dir, { recursive: true, force: true })
})

function start(secrets = keychainAt(fakeOsKeychain(), join(dir, 'secrets.json')), settings?: Parameters<typeof consoleFor>[2], at: { url: string } = simulator) {
  const console = consoleFor(at, secrets, settings)
  running.push(console)
  console.services.start()
  return console
}

const maya = { id: '62264425017', extensionNumber: '102', name: 'Maya Chen' }

describe('RingCentral sign-in in the console', () => {
  it('signs in with an extension JWT, says who is signed in, and subscribes to their calls', async () => {
    const console = start()
    const session = await console.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    expect(session).toMatchObject({ state: 'connected', extension: maya, serverUrl: simulator.url, tokenRemembered: true, error: null })
    expect(simulator.webSocketGateway.connections()).toEqual([
      expect.objectContaining({
        extensionId: maya.id,
        subscription: expect.objectContaining({ eventFilters: [`/restapi/v1.0/account/37439510/extension/${maya.id}/telephony/sessions`] }),
      }),
    ])
    // The renderer heard the same states.
    expect(await console.next('ringcentral:session', (s) => s.state === 'connected')).toMatchObject({ extension: maya })
  })

  it('remembers the sign-in in the keychain (encrypted) and restores it after a restart', async () => {
    const keychain = fakeOsKeychain()
    const path = join(dir, 'secrets.json')
    const first = start(keychainAt(keychain, path))
    await first.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    const stored = readFileSync(path, 'utf8')
    expect(stored).toContain('ringcentral-auth')
    expect(stored).not.toMatch(/SIMAT|SIMRT/) // only ciphertext reaches the disk
    await first.stop()

    const second = start(keychainAt(keychain, path))
    const restored = await second.next('ringcentral:session', (s) => s.state === 'connected')
    expect(restored).toMatchObject({ extension: maya, tokenRemembered: true })
    expect(simulator.webSocketGateway.connections().map((c) => c.extensionId)).toEqual([maya.id])
  })

  it('re-saves the tokens each time the SDK refreshes them, so a restart resumes with the current ones', async () => {
    // Access tokens so short-lived that the SDK refreshes before every request; each refresh
    // retires the previous refresh token, so restoring a stale copy would fail.
    await simulator.close()
    simulator = await startRingCentralSimulator({ ...appCredentials, accessTokenTtlSeconds: 1, webSocketTokenTtlSeconds: 1 })
    const keychain = fakeOsKeychain()
    const path = join(dir, 'secrets.json')
    const first = start(keychainAt(keychain, path))
    await first.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    const saved = JSON.parse((await keychainAt(keychain, path).get('ringcentral-auth'))!) as { auth: { refresh_token: string } }
    await first.stop()

    const second = start(keychainAt(keychain, path))
    expect(await second.next('ringcentral:session', (s) => s.state === 'connected' || s.state === 'signed_out')).toMatchObject({
      state: 'connected',
      extension: maya,
    })
    const resaved = JSON.parse((await keychainAt(keychain, path).get('ringcentral-auth'))!) as { auth: { refresh_token: string } }
    expect(resaved.auth.refresh_token).not.toBe(saved.auth.refresh_token)
  })

  it('keeps the remembered sign-in when RingCentral cannot be reached at start', async () => {
    const keychain = fakeOsKeychain()
    const path = join(dir, 'secrets.json')
    const first = start(keychainAt(keychain, path))
    await first.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    await first.stop()
    const gone = { url: simulator.url }
    await simulator.close()
    simulator = await startSimulator() // for afterEach; the console still points at the old address

    const second = start(keychainAt(keychain, path), undefined, gone)
    const session = await second.next('ringcentral:session', (s) => s.state === 'error' || s.state === 'signed_out')
    expect(session).toMatchObject({ state: 'error', error: expect.stringMatching(/cannot be reached/) })
    expect(await keychainAt(keychain, path).get('ringcentral-auth')).not.toBeNull()
  })

  it('signs in as the front desk by itself in demo mode, from the sandbox the relay published', async () => {
    const sandboxFile = join(dir, 'sandbox.json')
    writeFileSync(sandboxFile, JSON.stringify({ relayUrl: 'http://127.0.0.1:9', urls: { ringcentral: simulator.url } }))
    const console = start(new MemorySecretStore(), { source: 'sandbox', sandboxFile, extensionNumber: '102' })
    expect(await console.next('ringcentral:session', (s) => s.state === 'connected')).toMatchObject({ extension: maya, tokenRemembered: false })
  })

  it('says clearly when demo mode finds no sandbox published', async () => {
    const console = start(new MemorySecretStore(), { source: 'sandbox', sandboxFile: join(dir, 'missing.json'), extensionNumber: '102' })
    expect(await console.next('ringcentral:session', (s) => s.state === 'error')).toMatchObject({ error: expect.stringMatching(/has not published its RingCentral sandbox/) })
  })

  it('stores nothing when the OS keychain would only be plain text, and says so', async () => {
    const path = join(dir, 'secrets.json')
    const console = start(keychainAt(fakeOsKeychain('basic_text'), path))
    const session = await console.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    expect(session).toMatchObject({ state: 'connected', tokenRemembered: false })
    expect(existsSync(path)).toBe(false)
  })

  it("shows RingCentral's reason for refusing a bad JWT and keeps nothing", async () => {
    const path = join(dir, 'secrets.json')
    const console = start(keychainAt(fakeOsKeychain(), path))
    await expect(console.services.handlers['ringcentral:signIn']({ jwt: 'sim-jwt-nobody-issued-this-one' })).rejects.toThrow(/Invalid assertion/)
    expect(console.services.handlers['ringcentral:getSession'](null)).toMatchObject({ state: 'error', extension: null, error: expect.stringMatching(/Invalid assertion/) })
    expect(existsSync(path)).toBe(false)
  })

  it('signs out: the subscription ends, the token is revoked and forgotten', async () => {
    const path = join(dir, 'secrets.json')
    const console = start(keychainAt(fakeOsKeychain(), path))
    await console.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
    const session = await console.services.handlers['ringcentral:signOut'](null)
    expect(session).toMatchObject({ state: 'signed_out', extension: null })
    // The subscription is deleted over the socket, then the socket closes.
    expect(simulator.webSocketGateway.connections().map((c) => c.subscription)).toEqual([null])
    await vi.waitFor(() => expect(simulator.webSocketGateway.connections()).toEqual([]))
    expect(readFileSync(path, 'utf8')).not.toContain('ringcentral-auth')
    await expect(
      console.services.handlers['calls:transfer']({ telephonySessionId: 's-1', partyId: 'p-1', extensionNumber: '103' }),
    ).rejects.toThrow(/Sign in to RingCentral/)
  })
})
