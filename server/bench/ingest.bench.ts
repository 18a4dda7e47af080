/**
 * Webhook ingest: verified-and-stored Stripe events per second and p99 latency at a fixed
 * concurrency, against a Fastify hello-world receiving the same bodies, measured in the same run.
 * Each server runs in its own process and autocannon drives it from this one. The relay verifies
 * each signature and answers only once the event is on disk (synchronous = FULL; concurrent
 * deliveries share a commit), so this is the price of durability; the inbox worker is not
 * running, so it is ingest alone. The relay is measured on an empty inbox and on one already
 * holding many events, to show how the cost grows with the data.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon, { type AutocannonResult } from 'autocannon'
import Database from 'better-sqlite3'
import Stripe from 'stripe'
import { buildCheckoutSession, buildCheckoutSessionCompletedEvent } from '../sandbox/stripe/payloads'

const serverScript = fileURLToPath(new URL('./ingest-server.ts', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))

/** Issue targets: at least a quarter of the baseline's throughput, p99 under 50 ms. */
const targetRatio = 0.25
const targetP99Ms = 50

export interface IngestBenchmarkOptions {
  connections?: number
  durationSeconds?: number
  /** Events already in the inbox for the second relay measurement. */
  seededEvents?: number
}

interface Measurement {
  label: string
  perSecond: number
  p99Ms: number
  non2xx: number
  errors: number
  /** The server's CPU time per request answered: robust where the machine is shared. */
  cpuMicrosPerRequest: number
  stored?: number
  eventsPerFlush?: number
}

interface ServerStats {
  cpuMs: number
  batches?: number
  units?: number
  flushes?: number
}

export async function ingestBenchmark(options: IngestBenchmarkOptions = {}): Promise<void> {
  const connections = options.connections ?? 32
  const durationSeconds = options.durationSeconds ?? 5
  const seededEvents = options.seededEvents ?? 100_000
  const secret = `whsec_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`

  // A real checkout.session.completed event (about 2.5 KB); each request gets its own id and signature.
  const now = new Date()
  const template = JSON.stringify({ ...buildCheckoutSessionCompletedEvent(buildCheckoutSession({ amountTotal: 10_000, clientReferenceId: 'bk_bench' }, now), now), id: '@ID@' })
  let sequence = 0
  const signedDelivery = () => {
    const body = template.replace('@ID@', `evt_bench_${process.pid}_${sequence++}`)
    return { body, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) } }
  }

  // The relay gets a new signed event every request (a repeat would be a cheap duplicate). The
  // hello-world ignores what it is sent, so one signed event, serialised once, keeps the load
  // generator from being what limits the baseline.
  const sameDelivery = signedDelivery()
  const load = async (url: string, seconds: number, mode: 'hello' | 'relay'): Promise<AutocannonResult> =>
    autocannon({
      url,
      connections,
      duration: seconds,
      timeout: 10,
      requests: [
        mode === 'relay'
          ? { method: 'POST', path: '/webhooks/stripe', setupRequest: (request) => ({ ...request, ...signedDelivery() }) }
          : { method: 'POST', path: '/webhooks/stripe', ...sameDelivery },
      ],
    })

  const measure = async (label: string, mode: 'hello' | 'relay', seed = 0): Promise<Measurement> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'))
    const server = await startServer(mode, dataDir, seed, secret)
    try {
      const warmUp = await load(server.url, 1, mode) // JIT, connections, caches
      const result = await load(server.url, durationSeconds, mode)
      const stats = await server.stop()
      const measurement: Measurement = {
        label,
        perSecond: result['2xx'] / result.duration,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        cpuMicrosPerRequest: stats ? (stats.cpuMs * 1000) / Math.max(1, warmUp.requests.total + result.requests.total) : Number.NaN,
      }
      if (mode === 'relay') {
        // Count what is really in the database: acknowledged means stored.
        const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true })
        measurement.stored = (db.prepare("SELECT COUNT(*) AS n FROM webhook_events WHERE event_id LIKE 'evt_bench_%'").get() as { n: number }).n
        db.close()
        if (stats?.units !== undefined) measurement.eventsPerFlush = stats.units / Math.max(1, stats.flushes ?? 1)
      }
      return measurement
    } finally {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }

  const baseline = await measure('Fastify hello-world (POST of the same body)', 'hello')
  const fresh = await measure('relay, empty inbox', 'relay')
  const grown = await measure(`relay, ${seededEvents.toLocaleString('en-US')} events already stored`, 'relay', seededEvents)

  const line = (kind: string, m: Measurement, unit: string) =>
    `  ${kind} ${m.label}: ${Math.round(m.perSecond).toLocaleString('en-US')} ${unit}/s, p99 ${m.p99Ms.toFixed(1)} ms, ` +
    `${Math.round(m.cpuMicrosPerRequest)} µs CPU per request` +
    (m.eventsPerFlush !== undefined ? `, ${m.eventsPerFlush.toFixed(1)} events per flush to disk` : '') +
    (m.non2xx + m.errors > 0 ? `, ${m.non2xx} non-2xx and ${m.errors} errors` : '') +
    '\n'
  const verdict = (m: Measurement) => {
    const ratio = m.perSecond / baseline.perSecond
    const ratioMet = ratio >= targetRatio ? 'met' : 'NOT met'
    const p99Met = m.p99Ms < targetP99Ms ? 'met' : 'NOT met'
    const cpuRatio = baseline.cpuMicrosPerRequest / m.cpuMicrosPerRequest
    return (
      `  ${m.label}: ratio ${ratio.toFixed(2)}x baseline throughput (target ≥ ${targetRatio}: ${ratioMet}), ` +
      `p99 ${m.p99Ms.toFixed(1)} ms (target < ${targetP99Ms} ms: ${p99Met}); CPU per request ${cpuRatio.toFixed(2)}x the baseline's throughput per core\n`
    )
  }
  process.stdout.write(
    `webhook ingest: verified and stored Stripe events at ${connections} concurrent connections, ${durationSeconds} s each (group commit, log flushed before each answer)\n` +
      line('baseline ', baseline, 'req') +
      line('candidate', fresh, 'stored') +
      line('candidate', grown, 'stored') +
      verdict(fresh) +
      verdict(grown) +
      `  stored in the database: ${fresh.stored} and ${grown.stored} (every 2xx answer plus the warm-up's)\n`,
  )
}

interface RunningServer {
  url: string
  /** Stops the server (once) and returns its CPU time and, for the relay, its group-commit stats. */
  stop(): Promise<ServerStats | null>
}

async function startServer(mode: 'hello' | 'relay', dataDir: string, seed: number, secret: string): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript, mode, dataDir, String(seed)], {
    cwd: root,
    env: { ...process.env, BENCH_STRIPE_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stats: ServerStats | null = null
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        const line = JSON.parse(text) as { benchUrl?: string; benchStats?: ServerStats }
        if (line.benchUrl) resolve(line.benchUrl)
        if (line.benchStats) stats = line.benchStats
      } catch {
        // the relay's own log lines
      }
    })
    void exited.then(() => reject(new Error(`the ${mode} server exited before it listened`)))
  })
  let stopping: Promise<void> | null = null
  return {
    url,
    async stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM')
        await exited
      })()
      await stopping
      return stats
    },
  }
}
