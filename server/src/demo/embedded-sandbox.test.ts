import { afterEach, describe, expect, it } from 'vitest'
import { parseRelayConfig } from '../config/config'
import type { Sandbox } from '../../sandbox'
import { sandboxedProviders, withEmbeddedSandbox } from './embedded-sandbox'

let sandbox: Sandbox | null = null
afterEach(async () => {
  await sandbox?.close()
  sandbox = null
})

const realStripe = { STRIPE_SECRET_KEY: 'sk_live_operator', STRIPE_WEBHOOK_SECRET: 'whsec_operator' }

describe('the embedded sandbox', () => {
  it('fills in only providers with nothing set, and never replaces a variable that is set', async () => {
    const env = { RINGCENTRAL_WEBHOOK_TOKEN: 'operator-verification-token', ...realStripe }
    const started = await withEmbeddedSandbox(parseRelayConfig(env), env)
    sandbox = started.sandbox
    expect(started.sandboxed).toEqual(['plaid'])
    const { ringCentral, stripe, plaid } = started.config.providers
    expect(ringCentral).toMatchObject({ mode: 'live', webhookToken: 'operator-verification-token' })
    expect(ringCentral.clientId).toBeUndefined()
    expect(stripe).toMatchObject({ secretKey: 'sk_live_operator', webhookSecret: 'whsec_operator' })
    expect(stripe.apiBase).toBeUndefined()
    expect(plaid.baseUrl).toBe(sandbox!.urls.plaid)
  })

  it('uses the Deepgram simulator only for the simulated phone system', () => {
    expect(sandboxedProviders(parseRelayConfig({}))).toEqual(['ringCentral', 'stripe', 'plaid', 'deepgram'])
    expect(sandboxedProviders(parseRelayConfig({ RINGCENTRAL_WEBHOOK_TOKEN: 'operator-verification-token' }))).toEqual(['stripe', 'plaid'])
    expect(sandboxedProviders(parseRelayConfig({ DEEPGRAM_API_KEY: 'dg-key' }))).toEqual(['ringCentral', 'stripe', 'plaid'])
  })
})
