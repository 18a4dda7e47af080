/**
 * The console's own configuration, read once at start. Only the main process and the web host
 * read it; nothing here ever reaches the renderer except through the IPC contract.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where the console's RingCentral sign-in goes. */
export type RingCentralConsoleSettings =
  /** A RingCentral app from the environment; staff sign in with their own JWT credential. */
  | { source: 'environment'; serverUrl: string; clientId: string; clientSecret: string }
  /**
   * Demo mode on the relay's built-in sandbox: the simulator's address comes from the relay's
   * `sandbox.json`, and the console signs in by itself as the front-desk extension.
   */
  | { source: 'sandbox'; sandboxFile: string; extensionNumber: string }

export interface ConsoleConfig {
  relayUrl: string
  relayPollMs: number
  demoMode: boolean
  /** A one-time code to pair with at start when not paired yet (set by `npm start`). */
  pairingCode: string | null
  /** Null when no RingCentral app is configured (the Settings view says so). */
  ringCentral: RingCentralConsoleSettings | null
  /**
   * Demo mode on the relay's built-in sandbox: Plaid Link comes from the Plaid simulator's Link
   * stand-in (its address in the relay's `sandbox.json`) instead of Plaid's CDN. Null otherwise.
   */
  plaidLinkStandIn: { sandboxFile: string } | null
}

export const defaultRelayUrl = 'http://127.0.0.1:8787'
export const defaultRingCentralServer = 'https://platform.ringcentral.com'
/** The demo business's front desk (Maya Chen, 102 in `resources/demo/business.json`). */
export const demoFrontDeskExtension = '102'

export function readConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const relayUrl = env.SWITCHBOARD_RELAY_URL?.trim() || defaultRelayUrl
  const parsed = httpUrl('SWITCHBOARD_RELAY_URL', relayUrl)
  const relayPollMs = Number(env.SWITCHBOARD_RELAY_POLL_MS ?? 5000)
  if (!Number.isInteger(relayPollMs) || relayPollMs < 100 || relayPollMs > 600_000) {
    throw new Error(
      `SWITCHBOARD_RELAY_POLL_MS must be a whole number of milliseconds between 100 and 600000, got "${env.SWITCHBOARD_RELAY_POLL_MS}"`,
    )
  }
  const demoMode = env.SWITCHBOARD_DEMO === '1'
  return {
    relayUrl: parsed.origin,
    relayPollMs,
    demoMode,
    pairingCode: env.SWITCHBOARD_PAIRING_CODE?.trim() || null,
    ringCentral: readRingCentralSettings(env, demoMode),
    plaidLinkStandIn: demoMode ? { sandboxFile: sandboxFileOf(env) } : null,
  }
}

/** The relay publishes its sandbox in its data folder; `npm start` runs both from the same folder. */
function sandboxFileOf(env: NodeJS.ProcessEnv): string {
  return join(env.RELAY_DATA_DIR?.trim() || 'data', 'sandbox.json')
}

/** The Plaid simulator's address from the relay's `sandbox.json`, or null when it is not there (yet). */
export function plaidSimulatorUrl(sandboxFile: string): string | null {
  try {
    const published = JSON.parse(readFileSync(sandboxFile, 'utf8')) as { urls?: { plaid?: unknown } }
    const url = typeof published.urls?.plaid === 'string' ? new URL(published.urls.plaid) : null
    // Only a simulator on this computer: Link must never be sent to another host by a file.
    return url && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.protocol === 'http:' ? url.origin : null
  } catch {
    return null
  }
}

function readRingCentralSettings(env: NodeJS.ProcessEnv, demoMode: boolean): RingCentralConsoleSettings | null {
  const clientId = env.SWITCHBOARD_RINGCENTRAL_CLIENT_ID?.trim()
  const clientSecret = env.SWITCHBOARD_RINGCENTRAL_CLIENT_SECRET?.trim()
  const serverUrl = env.SWITCHBOARD_RINGCENTRAL_SERVER_URL?.trim()
  if (clientId || clientSecret || serverUrl) {
    if (!clientId || !clientSecret) {
      throw new Error('SWITCHBOARD_RINGCENTRAL_CLIENT_ID and SWITCHBOARD_RINGCENTRAL_CLIENT_SECRET must be set together')
    }
    return { source: 'environment', serverUrl: httpUrl('SWITCHBOARD_RINGCENTRAL_SERVER_URL', serverUrl || defaultRingCentralServer).origin, clientId, clientSecret }
  }
  if (!demoMode) return null
  return { source: 'sandbox', sandboxFile: sandboxFileOf(env), extensionNumber: demoFrontDeskExtension }
}

function httpUrl(variable: string, value: string): URL {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new Error(`${variable} is not a URL: "${value}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${variable} must start with http:// or https://, got "${value}"`)
  }
  return parsed
}
