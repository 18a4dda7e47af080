import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { plaidSimulatorUrl, readConsoleConfig } from './console-config'

describe('console configuration', () => {
  it('defaults to the local relay', () => {
    expect(readConsoleConfig({})).toEqual({ relayUrl: 'http://127.0.0.1:8787', relayPollMs: 5000, demoMode: false, pairingCode: null, ringCentral: null, plaidLinkStandIn: null })
  })

  it('in demo mode takes Plaid Link from the relay sandbox’s simulator, and only one on this computer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-data-'))
    const config = readConsoleConfig({ SWITCHBOARD_DEMO: '1', RELAY_DATA_DIR: dir })
    expect(config.plaidLinkStandIn).toEqual({ sandboxFile: join(dir, 'sandbox.json') })
    expect(plaidSimulatorUrl(join(dir, 'sandbox.json'))).toBeNull()
    writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ urls: { plaid: 'http://127.0.0.1:4567' } }))
    expect(plaidSimulatorUrl(join(dir, 'sandbox.json'))).toBe('http://127.0.0.1:4567')
    writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ urls: { plaid: 'https://evil.example' } }))
    expect(plaidSimulatorUrl(join(dir, 'sandbox.json'))).toBeNull()
  })

  it('takes a RingCentral app from the environment, or the relay sandbox in demo mode', () => {
    expect(readConsoleConfig({ SWITCHBOARD_RINGCENTRAL_CLIENT_ID: 'app', SWITCHBOARD_RINGCENTRAL_CLIENT_SECRET: 'secret' }).ringCentral).toEqual({
      source: 'environment',
      serverUrl: 'https://platform.ringcentral.com',
      clientId: 'app',
      clientSecret: 'secret',
    })
    expect(readConsoleConfig({ SWITCHBOARD_DEMO: '1', RELAY_DATA_DIR: 'relay-data' }).ringCentral).toEqual({
      source: 'sandbox',
      sandboxFile: expect.stringMatching(/relay-data[\\/]sandbox\.json$/),
      extensionNumber: '102',
    })
    expect(() => readConsoleConfig({ SWITCHBOARD_RINGCENTRAL_CLIENT_ID: 'app' })).toThrow(/SWITCHBOARD_RINGCENTRAL_CLIENT_SECRET/)
    expect(() =>
      readConsoleConfig({ SWITCHBOARD_RINGCENTRAL_CLIENT_ID: 'a', SWITCHBOARD_RINGCENTRAL_CLIENT_SECRET: 'b', SWITCHBOARD_RINGCENTRAL_SERVER_URL: 'ftp://x' }),
    ).toThrow(/SWITCHBOARD_RINGCENTRAL_SERVER_URL must start with http/)
  })

  it('normalises the relay URL to its origin', () => {
    expect(readConsoleConfig({ SWITCHBOARD_RELAY_URL: 'https://relay.example.com/' }).relayUrl).toBe('https://relay.example.com')
  })

  it('names the variable when a value is unusable', () => {
    expect(() => readConsoleConfig({ SWITCHBOARD_RELAY_URL: 'relay' })).toThrow(/SWITCHBOARD_RELAY_URL is not a URL/)
    expect(() => readConsoleConfig({ SWITCHBOARD_RELAY_URL: 'file:///etc' })).toThrow(/must start with http/)
    expect(() => readConsoleConfig({ SWITCHBOARD_RELAY_POLL_MS: '5' })).toThrow(/SWITCHBOARD_RELAY_POLL_MS/)
  })
})
