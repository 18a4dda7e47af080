import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, hasRingCentralApp, parseRelayConfig } from './config'
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
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).not.toContain('oops-my-real-key')
    expect(problems[1]).toBe('STRIPE_SECRET_KEY must be a key starting sk_ or rk_')
    expect(problems[2]).toMatch(/^STRIPE_WEBHOOK_SECRET is missing/)
  })

  it('requires the webhook token once real RingCentral credentials are configured', () => {
    const problems = problemsOf({
      RINGCENTRAL_SERVER_URL: 'https://platform.ringcentral.com',
      RINGCENTRAL_CLIENT_ID: 'client',
      RINGCENTRAL_CLIENT_SECRET: 'client-secret',
      RINGCENTRAL_JWT: 'eyJhbGciOi.x.y',
    })
    expect(problems).toEqual(['RINGCENTRAL_WEBHOOK_TOKEN is required when RingCentral credentials are configured'])
  })

  it('honours RINGCENTRAL_WEBHOOK_TOKEN alone: RingCentral is real, receiving webhooks only', () => {
    const config = parseRelayConfig({ RINGCENTRAL_WEBHOOK_TOKEN: 'a-real-verification-token' })
    expect(config.providers.ringCentral).toMatchObject({ mode: 'live', webhookToken: 'a-real-verification-token' })
    expect(hasRingCentralApp(config.providers.ringCentral)).toBe(false)
    // The other providers are untouched by it.
    expect(config.providers.stripe.mode).toBe('sandbox')
  })

  it('stops on partial provider credentials, naming each missing variable', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([
      'STRIPE_WEBHOOK_SECRET is missing: Stripe is partly configured (STRIPE_SECRET_KEY set); set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, or none of them to use the built-in sandbox',
    ])
    expect(problemsOf({ STRIPE_API_BASE: 'http://127.0.0.1:9999' }).map((p) => p.split(' ')[0])).toEqual(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'])
    expect(problemsOf({ PLAID_BASE_URL: 'https://sandbox.plaid.com' }).map((p) => p.split(' ')[0])).toEqual(['PLAID_CLIENT_ID', 'PLAID_SECRET'])
    expect(problemsOf({ PLAID_SECRET: 'secret' })).toEqual([expect.stringMatching(/^PLAID_CLIENT_ID is missing: Plaid is partly configured \(PLAID_SECRET set\)/)])
    expect(problemsOf({ DEEPGRAM_URL: 'https://api.deepgram.com' })).toEqual([expect.stringMatching(/^DEEPGRAM_API_KEY is missing: Deepgram/)])
    // RingCentral's app needs all of its credentials; the server address alone is not "webhooks only".
    const ringCentral = problemsOf({ RINGCENTRAL_SERVER_URL: 'https://platform.ringcentral.com', RINGCENTRAL_WEBHOOK_TOKEN: 'a-real-verification-token' })
    expect(ringCentral.map((p) => p.split(' ')[0])).toEqual(['RINGCENTRAL_CLIENT_ID', 'RINGCENTRAL_CLIENT_SECRET', 'RINGCENTRAL_JWT'])
    expect(ringCentral[0]).toContain('or none of them to only receive webhooks with RINGCENTRAL_WEBHOOK_TOKEN')
    expect(problemsOf({ RINGCENTRAL_TAP_DEVICE_ID: '12345' }).map((p) => p.split(' ')[0])).toEqual([
      'RINGCENTRAL_SERVER_URL',
      'RINGCENTRAL_CLIENT_ID',
      'RINGCENTRAL_CLIENT_SECRET',
      'RINGCENTRAL_JWT',
      'RINGCENTRAL_WEBHOOK_TOKEN',
    ])
  })

  it('reports a missing variable once even when a set one has a bad value', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: 'nope', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toEqual(['STRIPE_SECRET_KEY must be a key starting sk_ or rk_'])
  })

  it('enables the OpenAI-compatible brain with OPENAI_BASE_URL alone, the key optional', () => {
    const local = parseRelayConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).providers.openai
    expect(local).toMatchObject({ enabled: true, baseUrl: 'http://127.0.0.1:11434/v1' })
    expect(local.apiKey).toBeUndefined()
    expect(parseRelayConfig({ OPENAI_API_KEY: 'sk-abc' }).providers.openai.enabled).toBe(true)
    expect(problemsOf({ OPENAI_MODEL: 'llama3' })).toEqual([expect.stringMatching(/^OPENAI_MODEL is set, but neither OPENAI_API_KEY nor OPENAI_BASE_URL is/)])
  })

  it('takes DATABASE_URL only as a postgres:// URL, and never echoes it', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://relay:pw@db/switchboard' })).toEqual(['DATABASE_URL must be a postgres:// URL (postgres://user:password@host:5432/database)'])
    expect(parseRelayConfig({ DATABASE_URL: 'postgresql://db.internal/switchboard' }).databaseUrl).toBe('postgresql://db.internal/switchboard')
    expect(parseRelayConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull()
  })

  it('treats an empty value (as in .env.example) as not set', () => {
    const config = parseRelayConfig({ STRIPE_SECRET_KEY: '', STRIPE_API_BASE: ' ', RINGCENTRAL_WEBHOOK_TOKEN: '' })
    expect(config.providers.stripe.mode).toBe('sandbox')
    expect(config.providers.ringCentral.mode).toBe('sandbox')
  })

  it('reads .env beneath the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-config-'))
    const envFile = join(dir, '.env')
    writeFileSync(envFile, 'RELAY_PORT=9001\nRELAY_HOST=0.0.0.0\n')
    const config = loadRelayConfig({ RELAY_HOST: '127.0.0.2' }, envFile)
    expect(config.port).toBe(9001)
    expect(config.host).toBe('127.0.0.2')
  })

  it('reads trusted proxies as addresses and CIDR ranges, and refuses anything else by name', () => {
    expect(parseRelayConfig({}).trustProxy).toEqual([])
    expect(parseRelayConfig({ RELAY_TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      '::1',
      'fd00::/8',
      'loopback',
    ])
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.300', '::1/129', '10.0.0.0/8/8', '*']) {
      expect(problemsOf({ RELAY_TRUST_PROXY: bad })).toEqual([
        `RELAY_TRUST_PROXY must be comma-separated IP addresses or CIDR ranges (e.g. 10.0.0.5,172.16.0.0/12) or loopback (got "${bad}")`,
      ])
    }
  })

  it('limits refused webhook requests per source, 60 a minute unless configured', () => {
    expect(parseRelayConfig({}).webhookRefusalsPerMinute).toBe(60)
    expect(parseRelayConfig({ RELAY_WEBHOOK_REFUSALS_PER_MINUTE: '600' }).webhookRefusalsPerMinute).toBe(600)
    expect(problemsOf({ RELAY_WEBHOOK_REFUSALS_PER_MINUTE: '0' })[0]).toMatch(/^RELAY_WEBHOOK_REFUSALS_PER_MINUTE must be a whole number/)
  })
})
