/**
 * The servers the ingest benchmark measures, each in its own process so the load generator does
 * not share their event loop: `relay` (the relay as `buildRelay` makes it, its real logger, on a
 * fresh data folder, optionally holding `--seed` events already) or `hello` (a Fastify
 * hello-world that parses the same JSON body). Prints `{"benchUrl"}` once listening; on SIGTERM
 * prints the group commit's `{"benchStats"}` and exits.
 */
import Fastify from 'fastify'
import { buildRelay } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { createRelayLogger } from '../src/logging/logger'
import { startCheckpointer } from '../src/storage/checkpointer'
import { openDatabase } from '../src/storage/database'

const [mode = 'hello', dataDir = '', seedArgument = '0'] = process.argv.slice(2)
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)
/** CPU time this process has used since it listened (user and system), for the cost per request. */
let cpuAtListen = process.cpuUsage()
const cpuMs = () => {
  const { user, system } = process.cpuUsage(cpuAtListen)
  return (user + system) / 1000
}

if (mode === 'hello') {
  const app = Fastify()
  app.post('/webhooks/stripe', async () => ({ hello: 'world' }))
  say({ benchUrl: await app.listen({ host: '127.0.0.1', port: 0 }) })
  cpuAtListen = process.cpuUsage()
  process.on('SIGTERM', () => {
    say({ benchStats: { cpuMs: cpuMs() } })
    void app.close().then(() => process.exit(0))
  })
} else {
  const config = parseRelayConfig({
    RELAY_DATA_DIR: dataDir,
    STRIPE_SECRET_KEY: 'sk_test_ingestbenchmark',
    STRIPE_WEBHOOK_SECRET: process.env.BENCH_STRIPE_WEBHOOK_SECRET ?? '',
    RELAY_LOG_LEVEL: 'info',
  })
  const db = openDatabase(dataDir)
  seedInbox(db, Number(seedArgument))
  // As the relay runs it (cli/relay.ts): the log is checkpointed off the event loop.
  const checkpointer = startCheckpointer(db)
  const app = await buildRelay({ config, db, logger: createRelayLogger('info', dataDir) })
  say({ benchUrl: await app.listen({ host: '127.0.0.1', port: 0 }) })
  cpuAtListen = process.cpuUsage()
  process.on('SIGTERM', () => {
    say({ benchStats: { ...app.groupCommit!.stats, cpuMs: cpuMs() } })
    void app
      .close()
      .then(() => checkpointer.stop())
      .then(() => {
        db.close()
        process.exit(0)
      })
  })
}

/** Events already in the inbox, so the benchmark shows how ingest cost grows with the data. */
function seedInbox(db: ReturnType<typeof openDatabase>, count: number): void {
  if (count === 0) return
  const insert = db.prepare(
    `INSERT INTO webhook_events (provider, event_id, received_at, headers, body, status, next_attempt_at, processed_at)
     VALUES ('stripe', ?, ?, '{}', ?, 'done', ?, ?)`,
  )
  const at = new Date(Date.now() - 86_400_000).toISOString()
  const body = Buffer.from(JSON.stringify({ object: 'event', type: 'checkout.session.completed', data: { object: { amount_total: 10_000 } } }))
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`evt_seed_${i.toString(36).padStart(8, '0')}`, at, body, at, at)
  })()
}
