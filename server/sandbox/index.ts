/**
 * The provider sandbox: local simulators that speak RingCentral's, Stripe's and Plaid's real wire
 * protocols, each on its own 127.0.0.1 port (Stripe's SDK takes a host and port, not a base path,
 * so the simulators cannot share one path space). Every secret is generated per run.
 *
 *   const sandbox = await startSandbox()
 *   const config = parseRelayConfig({ ...sandbox.relayEnv(), RELAY_DATA_DIR: dir })
 *   …
 *   await sandbox.close()
 */
import { randomBytes } from 'node:crypto'
import { generatePlaidSigningKey, type PlaidSigningKey } from './plaid/payloads'
import { startPlaidSimulator, type PlaidSimulator } from './plaid/plaid-simulator'
import { startRingCentralSimulator, type RingCentralSimulator } from './ringcentral/ringcentral-simulator'
import { startStripeSimulator, type StripeSimulator } from './stripe/stripe-simulator'
import { startDeepgramSimulator, type DeepgramSimulator } from './deepgram/deepgram-simulator'

export interface SandboxOptions {
  /** The simulators' clock for signatures and expiries; defaults to real time. */
  now?: () => Date
  /**
   * A clock for Stripe's and Plaid's webhook signatures and Stripe's sessions only (RingCentral
   * keeps `now`): for tests that move the relay's clock by days, whose webhook checks compare
   * signature times with it, while the RingCentral SDK keeps judging its tokens by real time.
   */
  webhookClock?: () => Date
}

export interface SandboxSecrets {
  stripe: { secretKey: string; webhookSecret: string }
  ringCentral: { clientId: string; clientSecret: string; jwt: string; verificationToken: string }
  plaid: { clientId: string; secret: string; signingKey: PlaidSigningKey }
  deepgram: { apiKey: string }
}

export interface Sandbox {
  urls: { ringcentral: string; stripe: string; plaid: string; deepgram: string }
  secrets: SandboxSecrets
  ringcentral: RingCentralSimulator
  stripe: StripeSimulator
  plaid: PlaidSimulator
  deepgram: DeepgramSimulator
  /**
   * Relay environment pointing every provider at this sandbox. RingCentral app credentials are
   * included only with `withRingCentralCredentials` (they make the relay manage its own
   * webhook subscription).
   */
  relayEnv(options?: { withRingCentralCredentials?: boolean }): Record<string, string>
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const secrets = await generateSecrets()
  const started: { close(): Promise<void> }[] = []
  try {
    const stripe = await startStripeSimulator({ webhookSecret: secrets.stripe.webhookSecret, now: options.webhookClock ?? options.now })
    started.push(stripe)
    const ringcentral = await startRingCentralSimulator({ ...secrets.ringCentral, now: options.now })
    started.push(ringcentral)
    const plaid = await startPlaidSimulator({ ...secrets.plaid, now: options.webhookClock ?? options.now })
    started.push(plaid)
    const deepgram = await startDeepgramSimulator({ apiKey: secrets.deepgram.apiKey })
    started.push(deepgram)
    const urls = { ringcentral: ringcentral.url, stripe: stripe.url, plaid: plaid.url, deepgram: deepgram.url }
    return {
      urls,
      secrets,
      ringcentral,
      stripe,
      plaid,
      deepgram,
      relayEnv: ({ withRingCentralCredentials = false } = {}) => ({
        RINGCENTRAL_WEBHOOK_TOKEN: secrets.ringCentral.verificationToken,
        // Without the app credentials the relay only receives webhooks, and needs no server address.
        ...(withRingCentralCredentials
          ? {
              RINGCENTRAL_SERVER_URL: urls.ringcentral,
              RINGCENTRAL_CLIENT_ID: secrets.ringCentral.clientId,
              RINGCENTRAL_CLIENT_SECRET: secrets.ringCentral.clientSecret,
              RINGCENTRAL_JWT: secrets.ringCentral.jwt,
            }
          : {}),
        STRIPE_SECRET_KEY: secrets.stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: secrets.stripe.webhookSecret,
        STRIPE_API_BASE: urls.stripe,
        PLAID_CLIENT_ID: secrets.plaid.clientId,
        PLAID_SECRET: secrets.plaid.secret,
        PLAID_BASE_URL: urls.plaid,
        DEEPGRAM_API_KEY: secrets.deepgram.apiKey,
        DEEPGRAM_URL: urls.deepgram,
      }),
      close: async () => {
        await Promise.all(started.map((simulator) => simulator.close()))
      },
    }
  } catch (error) {
    await Promise.all(started.map((simulator) => simulator.close()))
    throw error
  }
}

async function generateSecrets(): Promise<SandboxSecrets> {
  const token = (bytes: number) => randomBytes(bytes).toString('base64url')
  return {
    stripe: { secretKey: `sk_test_${token(18).replace(/[-_]/g, 'x')}`, webhookSecret: `whsec_${token(24).replace(/[-_]/g, 'x')}` },
    deepgram: { apiKey: `sim-dg-${token(20)}` },
    ringCentral: { clientId: `sim-client-${token(6)}`, clientSecret: token(18), jwt: `sim-jwt-${token(24)}`, verificationToken: token(24) },
    plaid: { clientId: `sim-client-${token(6)}`, secret: token(18), signingKey: await generatePlaidSigningKey() },
  }
}

export type { DeepgramSimulator, PlaidSimulator, RingCentralSimulator, StripeSimulator }
export type { CheckoutCompletedControl } from './stripe/stripe-simulator'
export type { InboundCallControl, InboundSmsControl, TelephonyEventControl } from './ringcentral/ringcentral-simulator'
export type { FireWebhookControl, TransactionsControl } from './plaid/plaid-simulator'
export { openAiSimulatorControl, startOpenAiSimulator, type OpenAiSimulator, type ScriptStep } from './openai/openai-simulator'
