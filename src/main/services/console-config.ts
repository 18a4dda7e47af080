/**
 * The console's own configuration, read once at start. Only the main process and the web host
 * read it; nothing here ever reaches the renderer except through the IPC contract.
 */
export interface ConsoleConfig {
  relayUrl: string
  relayPollMs: number
  demoMode: boolean
  /** A one-time code to pair with at start when not paired yet (set by `npm start`). */
  pairingCode: string | null
}

export const defaultRelayUrl = 'http://127.0.0.1:8787'

export function readConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const relayUrl = env.SWITCHBOARD_RELAY_URL?.trim() || defaultRelayUrl
  let parsed: URL
  try {
    parsed = new URL(relayUrl)
  } catch {
    throw new Error(`SWITCHBOARD_RELAY_URL is not a URL: "${relayUrl}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`SWITCHBOARD_RELAY_URL must start with http:// or https://, got "${relayUrl}"`)
  }
  const relayPollMs = Number(env.SWITCHBOARD_RELAY_POLL_MS ?? 5000)
  if (!Number.isInteger(relayPollMs) || relayPollMs < 100 || relayPollMs > 600_000) {
    throw new Error(
      `SWITCHBOARD_RELAY_POLL_MS must be a whole number of milliseconds between 100 and 600000, got "${env.SWITCHBOARD_RELAY_POLL_MS}"`,
    )
  }
  return {
    relayUrl: parsed.origin,
    relayPollMs,
    demoMode: env.SWITCHBOARD_DEMO === '1',
    pairingCode: env.SWITCHBOARD_PAIRING_CODE?.trim() || null,
  }
}
