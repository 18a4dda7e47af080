import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseRelayConfig } from './config'
import { loadRelayConfig } from './load'

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseRelayConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('relay configuration', () => {
  it('runs on embedded defaults with every provider on the sandbox', () => {
    const config = parseRelayConfig({})
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, dataDir: './data', logLevel: 'info' })
    expect(config.providers.ringCentral.mode).toBe('sandbox')
    expect(config.providers.stripe.mode).toBe('sandbox')
    expect(config.providers.plaid.mode).toBe('sandbox')
    expect(config.providers.deepgram.mode).toBe('sandbox')
    expect(config.providers.openai.enabled).toBe(false)
  })

  it('names the variable and the expected form when a value is bad', () => {
    expect(problemsOf({ RELAY_PORT: 'eighty' })).toEqual(['RELAY_PORT must be a whole number from 0 to 65535 (got "eighty")'])
    expect(problemsOf({ RELAY_PORT: '70000' })).toHaveLength(1)
    expect(problemsOf({ RELAY_PORT: '80.5' })).toHaveLength(1)
    expect(problemsOf({ RELAY_LOG_LEVEL: 'loud' })[0]).toMatch(/^RELAY_LOG_LEVEL must be one of/)
    expect(problemsOf({ PLAID_BASE_URL: 'not a url' })[0]).toMatch(/^PLAID_BASE_URL must be an http\(s\) URL/)
    expect(problemsOf({ RELAY_BANK_SYNC_HOURS: 'often' })).toEqual(['RELAY_BANK_SYNC_HOURS must be a number of hours from 0.01 to 168 (got "often")'])
    expect(problemsOf({ RELAY_BANK_SYNC_HOURS: '0' })).toHaveLength(1)
  })

  it('syncs every bank every 6 hours unless RELAY_BANK_SYNC_HOURS says otherwise', () => {
    expect(parseRelayConfig({}).bankSyncIntervalMs).toBe(6 * 3_600_000)
    expect(parseRelayConfig({ RELAY_BANK_SYNC_HOURS: '0.5' }).bankSyncIntervalMs).toBe(1_800_000)
  })

  it('reports every problem at once and never echoes a secret', () => {
    const problems = problemsOf({ RELAY_PORT: '-1', STRIPE_SECRET_KEY: 'oops-my-real-key' })
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).not.toContain('oops-my-real-key')
    expect(problems[1]).toBe('STRIPE_SECRET_KEY must be a key starting sk_ or rk_')
  })

  it('requires the webhook token once real RingCentral credentials are configured', () => {
    const problems = problemsOf({
      RINGCENTRAL_SERVER_URL: 'https://platform.ringcentral.com',
      RINGCENTRAL_CLIENT_ID: 'client',
      RINGCENTRAL_JWT: 'eyJhbGciOi.x.y',
    })
    expect(problems).toEqual(['RINGCENTRAL_WEBHOOK_TOKEN is required when RingCentral credentials are configured'])
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([
      'STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set',
    ])
  })

  it('reads .env beneath the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-config-'))
    const envFile = join(dir, '.env')
    writeFileSync(envFile, 'RELAY_PORT=9001\nRELAY_HOST=0.0.0.0\n')
    const config = loadRelayConfig({ RELAY_HOST: '127.0.0.2' }, envFile)
    expect(config.port).toBe(9001)
    expect(config.host).toBe('127.0.0.2')
  })
})
