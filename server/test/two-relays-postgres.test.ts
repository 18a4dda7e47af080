/**
 * Two relay processes (`npm run relay`, as an operator starts them) on one PostgreSQL database,
 * behind no load balancer: a console paired through one syncs through either; a change pushed
 * through relay A reaches a console streaming from relay B; a Stripe event delivered to both is
 * stored once and processed once; a deposit link a console asks for is made once and texted once,
 * though both relays' booking loops hear of it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { PostgresDeviceStore } from '../src/storage/postgres/postgres-device-store'
import type { PostgresDatabase } from '../src/storage/postgres/postgres-database'
import { createPostgresTestSchema, postgresSkipReason, postgresTestUrl } from '../src/storage/testing/test-databases'
import { startSandbox, type Sandbox } from '../sandbox/index'
import { sandboxControl } from '../sandbox/control-client'
import { bookingFixture } from '../sandbox/testing/booking-fixture'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs')
const relayCli = join(root, 'server/src/cli/relay.ts')
const customerPhone = '+14085550123'

interface RunningRelay {
  url: string
  child: ChildProcess
  exited: Promise<number>
}

function startRelay(env: Record<string, string>): Promise<RunningRelay> {
  const dataDir = env.RELAY_DATA_DIR!
  const child = spawn(process.execPath, [tsx, relayCli], { cwd: dataDir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)))
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string; storage?: string }
        if (entry.url && entry.storage) resolve({ url: entry.url, child, exited })
      } catch {
        // not a log line
      }
    })
    void exited.then((code) => reject(new Error(`a relay exited (${code}): ${stderr.slice(0, 500)}`)))
  })
}

const skip = postgresSkipReason()

describe.skipIf(skip !== null)('two relay processes on one PostgreSQL database', () => {
  let sandbox: Sandbox
  let schema: Awaited<ReturnType<typeof createPostgresTestSchema>>
  let db: PostgresDatabase
  const relays: RunningRelay[] = []

  beforeAll(async () => {
    sandbox = await startSandbox()
    schema = await createPostgresTestSchema()
    db = await schema.open()
    // Relays on one database share the relay key that seals provider tokens in it.
    const key = randomBytes(32).toString('base64')
    for (let n = 0; n < 2; n++) {
      const dataDir = mkdtempSync(join(tmpdir(), `relay-pg-${n}-`))
      writeFileSync(join(dataDir, 'relay.key'), key, { mode: 0o600 })
      relays.push(
        await startRelay({
          ...sandbox.relayEnv({ withRingCentralCredentials: true }),
          RELAY_PORT: '0',
          RELAY_DATA_DIR: dataDir,
          DATABASE_URL: postgresTestUrl!,
          RELAY_DATABASE_SCHEMA: schema.schema,
          // Behind a load balancer every relay gives providers its address (the README says so).
          RELAY_PUBLIC_URL: 'http://relays.switchboard.test',
        }),
      )
    }
  }, 120_000)

  afterAll(async () => {
    for (const relay of relays) relay.child.kill('SIGTERM')
    await Promise.all(relays.map((relay) => relay.exited))
    await db?.close()
    await schema?.drop()
    await sandbox?.close()
  }, 60_000)

  it('pairs a console through one relay, syncs it through both, streams across them, and processes each webhook and text once', async () => {
    const [a, b] = relays as [RunningRelay, RunningRelay]
    for (const relay of relays) expect(await (await fetch(`${relay.url}/healthz`)).json()).toMatchObject({ status: 'ok', components: { database: 'ok' } })

    // Paired through A with a code made on the database; its token works on B.
    const { code } = await new PostgresDeviceStore(db, () => new Date()).createPairingCode('owner')
    const paired = await fetch(`${a.url}/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Owner laptop' }) })
    expect(paired.status).toBe(201)
    const { token } = (await paired.json()) as { token: string }
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const push = (relay: RunningRelay, collection: string, documents: object[]) =>
      fetch(`${relay.url}/sync/${collection}/push`, { method: 'POST', headers: auth, body: JSON.stringify(documents.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }))) })
    const pull = async (relay: RunningRelay, collection: string) =>
      ((await (await fetch(`${relay.url}/sync/${collection}/pull?limit=1000`, { headers: auth })).json()) as { documents: { id: string }[] }).documents.map((document) => document.id)

    // A console streaming from B hears of a change pushed through A.
    const controller = new AbortController()
    const stream = await fetch(`${b.url}/sync/stream`, { headers: auth, signal: controller.signal })
    const reader = stream.body!.getReader()
    let streamed = ''
    const heard = (async () => {
      const decoder = new TextDecoder()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return false
        streamed += decoder.decode(value)
        if (streamed.includes('"cus_through_a"')) return true
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const at = new Date().toISOString()
    const customer = (id: string, name: string, phone: string) => ({ id, updatedAt: at, name, phone, email: null, notes: '', smsOptOut: false, createdAt: at })
    expect((await push(a, 'customers', [customer('cus_through_a', 'Dana Whitfield', '+14085550101')])).status).toBe(200)
    expect(await Promise.race([heard, new Promise((resolve) => setTimeout(() => resolve(false), 5_000))])).toBe(true)
    controller.abort()
    expect((await push(b, 'customers', [customer('cus_through_b', 'Sam Reyes', '+14085550102')])).status).toBe(200)
    expect((await pull(a, 'customers')).sort()).toEqual(['cus_through_a', 'cus_through_b'])
    expect((await pull(b, 'customers')).sort()).toEqual(['cus_through_a', 'cus_through_b'])

    // A Stripe event delivered to A, and the same event again to B: stored once, processed once.
    const control = sandboxControl(sandbox.urls)
    const { event, deliveries } = await control.stripe.checkoutCompleted({ amountTotal: 500, webhookUrl: `${a.url}/webhooks/stripe` })
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200])
    const again = await control.stripe.redeliver(event.id, `${b.url}/webhooks/stripe`)
    expect(again.deliveries.map((delivery) => delivery.status)).toEqual([200])
    await expect
      .poll(async () => (await db.sql.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_events WHERE event_id = $1', [event.id])).rows, { timeout: 15_000 })
      .toEqual([{ status: 'done', attempts: 1 }])

    // The owner asks for a deposit link through B: one Checkout Session, one text, though both relays' booking loops hear of it.
    // A business where it is midday now, so the text is not held for quiet hours.
    const offset = ((12 - new Date().getUTCHours() + 36) % 24) - 12
    const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
    expect((await push(b, 'settings', [{ ...demoBusinessProfile(at), timeZone, updatedAt: at }])).status).toBe(200)
    const eventDate = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10)
    const booking = { ...bookingFixture({ id: 'bk_two_relays', eventDate, createdAt: at, customerPhone, customerName: 'Maria Lopez', status: 'inquiry', confirmedAt: at }), depositLinkRequestedAt: at, updatedAt: at }
    expect(await (await push(b, 'bookings', [booking])).json()).toEqual([])
    await expect.poll(async () => (await control.stripe.sessionsFor('bk_two_relays')).length, { timeout: 20_000 }).toBe(1)
    const textsToCustomer = () => sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes(customerPhone))
    // Sent at a booking loop's next due pass (every 30 seconds on each relay).
    await expect.poll(() => textsToCustomer().length, { timeout: 45_000, interval: 500 }).toBeGreaterThan(0)
    // Both relays have had time to act on it.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const texts = textsToCustomer().map((sms) => sms.text)
    expect(new Set(texts).size).toBe(texts.length)
    const sessions = await control.stripe.sessionsFor('bk_two_relays')
    expect(sessions).toHaveLength(1)
    expect(texts.filter((text) => text.includes(sessions[0]!.url!))).toHaveLength(1)
  }, 150_000)
})
