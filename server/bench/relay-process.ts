/**
 * A relay started from its bundle in a process of its own, as `npm run relay` runs it, for the
 * benchmarks that time it from outside: resolves with its address once it says it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { relayBundlePath } from '../../scripts/build-relay'

export async function startRelayProcess(dataDir: string, options: { bundle?: string; stderr?: 'inherit' | 'ignore' } = {}): Promise<{ url: string; child: ChildProcess }> {
  const bundle = options.bundle ?? relayBundlePath
  const child = spawn(process.execPath, [bundle], {
    cwd: join(bundle, '..', '..'),
    env: { PATH: process.env.PATH ?? '', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', options.stderr ?? 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the relay stopped (${code})`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const { url: address } = JSON.parse(line) as { url?: string }
        if (address) resolve(address)
      } catch {
        // not a log line
      }
    })
  })
  return { url, child }
}
