/**
 * Relay change → console on another relay, end to end: two relay processes (`npm run relay`) on
 * one PostgreSQL database; a console pushes each change through relay A over HTTP and is timed
 * until a console streaming `/sync/stream` from relay B receives it. Baseline, measured in the
 * same run and interleaved: the same push heard by a console streaming from relay A itself (the
 * commit and the stream, no fan-out). Target: p95 under 250 ms.
 *
 * Needs a PostgreSQL database: `SWITCHBOARD_TEST_DATABASE_URL` (a fresh schema is made and
 * dropped); without it this benchmark says so and is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { PostgresDeviceStore } from '../src/storage/postgres/postgres-device-store'
import { createPostgresTestSchema, postgresTestUrl } from '../src/storage/testing/test-databases'
import { p95AgainstBaseline, timeAgainstBaseline } from './latency'

const changes = 200
const targetP95Ms = 250
const root = fileURLToPath(new URL('../../', import.meta.url))
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs')
const relayCli = join(root, 'server/src/cli/relay.ts')

export async function crossRelayConsoleLatency(): Promise<void> {
  if (!postgresTestUrl) {
    process.stdout.write('relay change → other relay’s console: skipped (SWITCHBOARD_TEST_DATABASE_URL is not set; it needs a PostgreSQL database)\n')
    return
  }
  const schema = await createPostgresTestSchema()
  const db = await schema.open()
  const key = randomBytes(32).toString('base64')
  const relays: { url: string; child: ChildProcess }[] = []
  try {
    for (let n = 0; n < 2; n++) relays.push(await startRelay(postgresTestUrl, schema.schema, key))
    const [a, b] = [relays[0]!, relays[1]!]
    const { code } = await new PostgresDeviceStore(db, () => new Date()).createPairingCode('owner')
    const paired = await fetch(`${a.url}/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Bench console' }) })
    const { token } = (await paired.json()) as { token: string }
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const onA = await streamFrom(a.url, auth)
    const onB = await streamFrom(b.url, auth)

    const time = async (id: string, console: Awaited<ReturnType<typeof streamFrom>>): Promise<number> => {
      const heard = console.when(id)
      const started = performance.now()
      const at = new Date().toISOString()
      const response = await fetch(`${a.url}/sync/customers/push`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify([{ assumedMasterState: null, newDocumentState: { id, updatedAt: at, name: `Customer ${id}`, phone: null, email: null, notes: '', smsOptOut: false, createdAt: at } }]),
      })
      if (response.status !== 200) throw new Error(`push answered ${response.status}`)
      return (await heard) - started
    }
    const times = await timeAgainstBaseline(changes, {
      warmUp: (round) => time(`cus_warm_${round}`, onB),
      candidate: (round) => time(`cus_b_${round}`, onB),
      baseline: (round) => time(`cus_a_${round}`, onA),
    })
    onA.close()
    onB.close()
    process.stdout.write(
      `relay change → console on another relay: ${changes} pushes through relay A (HTTP), heard on /sync/stream of relay B (two relay processes, one PostgreSQL database)\n` +
        p95AgainstBaseline({ baseline: 'heard by a console streaming from relay A itself', candidate: 'heard by a console streaming from relay B' }, times, targetP95Ms),
    )
  } finally {
    for (const relay of relays) relay.child.kill('SIGTERM')
    await Promise.all(relays.map((relay) => new Promise((resolve) => (relay.child.exitCode !== null ? resolve(null) : relay.child.once('exit', resolve)))))
    await db.close()
    await schema.drop()
  }
}

/** A relay process on the database, its providers on its own embedded sandbox. */
function startRelay(databaseUrl: string, schema: string, key: string): Promise<{ url: string; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-relay-pg-'))
  writeFileSync(join(dataDir, 'relay.key'), key, { mode: 0o600 })
  const child = spawn(process.execPath, [tsx, relayCli], {
    cwd: dataDir,
    env: { PATH: process.env.PATH ?? '', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, RELAY_DATABASE_SCHEMA: schema, RELAY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a relay stopped (${code})`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string; storage?: string }
        if (entry.url && entry.storage) resolve({ url: entry.url, child })
      } catch {
        // not a log line
      }
    })
  })
}

/** A console's live stream: when each document id first arrived. */
async function streamFrom(url: string, headers: Record<string, string>) {
  const controller = new AbortController()
  const response = await fetch(`${url}/sync/stream`, { headers, signal: controller.signal })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const heardAt = new Map<string, number>()
  const waiting = new Map<string, (at: number) => void>()
  let buffered = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffered += decoder.decode(value, { stream: true })
        let end
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, end)
          buffered = buffered.slice(end + 2)
          if (!event.startsWith('data: ')) continue
          const now = performance.now()
          const data = JSON.parse(event.slice(6)) as { documents?: { id: string }[] } | string
          if (typeof data === 'string') continue
          for (const { id } of data.documents ?? []) {
            if (heardAt.has(id)) continue
            heardAt.set(id, now)
            waiting.get(id)?.(now)
          }
        }
      }
    } catch {
      // closed
    }
  })()
  return {
    when: (id: string) =>
      new Promise<number>((resolve) => {
        const at = heardAt.get(id)
        if (at !== undefined) return resolve(at)
        waiting.set(id, resolve)
      }),
    close: () => controller.abort(),
  }
}
