import { describe, expect, it } from 'vitest'
import { readConsoleConfig } from './console-config'

describe('console configuration', () => {
  it('defaults to the local relay', () => {
    expect(readConsoleConfig({})).toEqual({ relayUrl: 'http://127.0.0.1:8787', relayPollMs: 5000, demoMode: false, pairingCode: null })
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
