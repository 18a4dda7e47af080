import { describe, expect, it } from 'vitest'
import { parseRelayConfig } from './config'
import { describeProviders } from './provider-summary'

describe('the relay start line', () => {
  it('says every provider runs on the sandbox on embedded defaults', () => {
    const line = describeProviders(parseRelayConfig({}), ['ringCentral', 'stripe', 'plaid', 'deepgram'], true)
    expect(line).toBe(
      'Real: none. Sandbox: RingCentral, Stripe, Plaid, Deepgram. Agent brain: the embedded rules brain (no OPENAI_API_KEY or OPENAI_BASE_URL). Demo business: on.',
    )
  })

  it('names real, sandboxed and switched-off providers, and never a value', () => {
    const config = parseRelayConfig({
      RINGCENTRAL_WEBHOOK_TOKEN: 'token-value-not-to-print',
      STRIPE_SECRET_KEY: 'sk_live_value_not_to_print',
      STRIPE_WEBHOOK_SECRET: 'whsec_value_not_to_print',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
    })
    const line = describeProviders(config, ['plaid'], false)
    expect(line).toBe(
      'Real: RingCentral (webhooks only: no app credentials, so replies wait as drafts), Stripe. Sandbox: Plaid. ' +
        'Off: Deepgram (no DEEPGRAM_API_KEY: calls are not transcribed). ' +
        'Agent brain: an OpenAI-compatible server at OPENAI_BASE_URL (no key), rules brain as fallback.',
    )
    expect(line).not.toMatch(/not_to_print|11434/)
  })
})
