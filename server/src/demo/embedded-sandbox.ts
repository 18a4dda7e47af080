/**
 * With no credentials for a provider, the relay runs against the built-in sandbox: it starts the
 * simulators in-process with secrets generated for this run, and points that provider's SDK
 * settings at them. Providers with real credentials are left alone.
 */
import { writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox'
import { parseRelayConfig, type RelayConfig } from '../config/config'
import { Products } from 'plaid'
import type { PlaidBank } from '../providers/plaid/bank-connection'
import { createPlaidClient } from '../providers/plaid/plaid-client'

const variablePrefixes = { ringCentral: 'RINGCENTRAL_', stripe: 'STRIPE_', plaid: 'PLAID_' } as const
export type SandboxedProvider = keyof typeof variablePrefixes | 'deepgram'

/**
 * The providers that run on the built-in sandbox: those with none of their variables set.
 * Deepgram's simulator only makes sense for the simulated phone system's calls, so it is used
 * only when RingCentral is on the sandbox too; with real RingCentral and no Deepgram key, calls
 * are not transcribed.
 */
export function sandboxedProviders(config: RelayConfig): SandboxedProvider[] {
  const sandboxed: SandboxedProvider[] = (Object.keys(variablePrefixes) as (keyof typeof variablePrefixes)[]).filter(
    (provider) => config.providers[provider].mode === 'sandbox',
  )
  if (sandboxed.includes('ringCentral') && config.providers.deepgram.mode === 'sandbox') sandboxed.push('deepgram')
  return sandboxed
}

export async function withEmbeddedSandbox(
  config: RelayConfig,
  env: Record<string, string | undefined>,
): Promise<{ config: RelayConfig; sandbox: Sandbox | null; sandboxed: SandboxedProvider[] }> {
  const sandboxed = sandboxedProviders(config)
  if (sandboxed.length === 0) return { config, sandbox: null, sandboxed }
  const sandbox = await startSandbox()
  const prefixes = sandboxed.flatMap((provider) => (provider === 'deepgram' ? [] : [variablePrefixes[provider]]))
  // Only providers with none of their variables set are sandboxed, and a variable that is set is
  // never replaced: the sandbox fills in what is empty, nothing else.
  const isSet = (name: string) => (env[name]?.trim() ?? '') !== ''
  const sandboxEnv = Object.fromEntries(
    Object.entries(sandbox.relayEnv({ withRingCentralCredentials: true })).filter(
      ([name]) => prefixes.some((prefix) => name.startsWith(prefix)) && !isSet(name),
    ),
  )
  return { config: parseRelayConfig({ ...env, ...sandboxEnv }), sandbox, sandboxed }
}

/**
 * Tells the demo's scenario player where the simulators listen (`<data>/sandbox.json`). Only
 * addresses: the simulators' control endpoints are on loopback and need no secret.
 */
export function publishSandboxAddresses(dataDir: string, sandbox: Sandbox, relayUrl: string, plaidItemId: string | null): () => void {
  const path = join(dataDir, 'sandbox.json')
  writeFileSync(path, JSON.stringify({ relayUrl, urls: sandbox.urls, plaidItemId }, null, 2))
  return () => rmSync(path, { force: true })
}

/**
 * Links a sandbox bank account to the relay the way Link does for a real one: a public token
 * (`/sandbox/public_token/create`, with the relay's webhook address) exchanged by the relay, which
 * then runs the first sync. Returns the Item's id once that sync is done.
 */
export async function linkSandboxBank(bank: PlaidBank, config: RelayConfig, webhookUrl: string): Promise<string> {
  const client = createPlaidClient(config.providers.plaid)
  const { public_token: publicToken } = (
    await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: [Products.Transactions], options: { webhook: webhookUrl } })
  ).data
  const { itemId } = await bank.connect(publicToken)
  await bank.idle()
  return itemId
}
