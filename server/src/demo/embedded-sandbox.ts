/**
 * With no credentials for a provider, the relay runs against the built-in sandbox: it starts the
 * simulators in-process with secrets generated for this run, and points that provider's SDK
 * settings at them. Providers with real credentials are left alone.
 */
import { writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox'
import { parseRelayConfig, type RelayConfig } from '../config/config'
import { PlaidItemStore } from '../providers/plaid/item-store'
import type { RelayDatabase } from '../storage/database'

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
 * Links a sandbox bank account to the relay, as Plaid Link would for a real one: the simulator
 * creates the Item with the relay's webhook address and the relay stores its access token.
 */
export function linkSandboxBank(db: RelayDatabase, sandbox: Sandbox, webhookUrl: string): string {
  const { itemId, accessToken } = sandbox.plaid.createItem(webhookUrl)
  new PlaidItemStore(db).link(itemId, accessToken)
  return itemId
}
