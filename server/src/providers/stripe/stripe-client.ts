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

/** The Checkout events the relay handles (providers/stripe/handle-event.ts). */
export const handledStripeEvents = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.expired',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
] as const

/**
 * Registers the relay's webhook endpoint with the Stripe sandbox. A real account's endpoint is set
 * up in the Stripe dashboard (with these events) and never from here.
 */
export async function registerSandboxWebhookEndpoint(settings: StripeSettings, relayUrl: string, options: { maxNetworkRetries?: number } = {}): Promise<void> {
  await createStripeClient(settings, options).webhookEndpoints.create({ url: `${relayUrl}/webhooks/stripe`, enabled_events: [...handledStripeEvents] })
}
