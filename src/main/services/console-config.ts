/**
 * The console's own configuration, read once at start. Only the main process and the web host
 * read it; nothing here ever reaches the renderer except through the IPC contract.
 */
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
  // The relay publishes its sandbox in its data folder; `npm start` runs both from the same folder.
  const dataDir = env.RELAY_DATA_DIR?.trim() || 'data'
  return { source: 'sandbox', sandboxFile: join(dataDir, 'sandbox.json'), extensionNumber: demoFrontDeskExtension }
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
