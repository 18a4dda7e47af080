/**
 * Talks to the test relay the way another paired device would: pairing through the real CLI
 * and the sync API, so tests can see (and change) the relay's copy of the data.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot, type RunningRelay } from './fixtures'

export function createPairingCode(relay: RunningRelay, role: 'owner' | 'frontdesk'): string {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'server/src/cli/relay.ts'), 'pair', '--role', role],
    { cwd: repoRoot, env: { ...process.env, RELAY_DATA_DIR: relay.dataDir, RELAY_LOG_LEVEL: 'silent' }, encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`pair failed: ${result.stderr}`)
  return result.stdout.trimEnd().split('\n').at(-1)!
}

export async function pairedRelayClient(relay: RunningRelay, role: 'owner' | 'frontdesk' = 'owner') {
  const code = createPairingCode(relay, role)
  const paired = await fetch(`${relay.url}/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'Test observer' }),
  }).then((response) => response.json() as Promise<{ token: string }>)
  const headers = { authorization: `Bearer ${paired.token}`, 'content-type': 'application/json' }
  return {
    async documents<T = Record<string, unknown>>(collection: string): Promise<T[]> {
      const response = await fetch(`${relay.url}/sync/${collection}/pull?limit=1000`, { headers })
      return ((await response.json()) as { documents: T[] }).documents
    },
    async push(collection: string, rows: unknown[]) {
      const response = await fetch(`${relay.url}/sync/${collection}/push`, { method: 'POST', headers, body: JSON.stringify(rows) })
      return response.json() as Promise<unknown[]>
    },
  }
}
