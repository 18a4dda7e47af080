/**
 * The Stripe SDK client, pointed at `STRIPE_API_BASE` when set (the sandbox or stripe-mock):
 * Stripe's SDK takes host/port/protocol rather than a base URL, so the URL is split here.
 */
import Stripe from 'stripe'
import type { RelayConfig } from '../../config/config'

type StripeSettings = RelayConfig['providers']['stripe']

/** A placeholder key for sandbox mode: the simulator accepts any `sk_test_` key. */
const sandboxSecretKey = 'sk_test_switchboard_sandbox'

export function createStripeClient(settings: StripeSettings, options: { maxNetworkRetries?: number } = {}): Stripe {
  const base = settings.apiBase ? new URL(settings.apiBase) : null
  return new Stripe(settings.secretKey ?? sandboxSecretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  })
}
