/**
 * The relay's HTTP surface on both engines: the same app (`buildRelay`) on the SQLite file and on
 * PostgreSQL answers `/healthz`, pairs a console, syncs its pushes and pulls, answers a stale edit
 * with a conflict kept for a person, refuses and audits a front-desk write of money, and
 * stores a provider's webhook once however often it is delivered.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openDatabase } from '../src/storage/database'
import { openPostgres } from '../src/storage/postgres/postgres-database'
import { relayStorageOnPostgres } from '../src/storage/relay-storage'
import { SecretBox } from '../src/storage/secret-box'
import { createPostgresTestSchema, postgresSkipReason } from '../src/storage/testing/test-databases'
import { startSandbox, type Sandbox } from '../sandbox/index'
import { sandboxControl } from '../sandbox/control-client'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { pairDevice } from './helper'

interface Engine {
  name: string
  skipReason: string | null
  build(env: Record<string, string>): Promise<RelayApp>
}

const logger = pino({ level: 'silent' })

const engines: Engine[] = [
  {
    name: 'SQLite',
    skipReason: null,
    async build(env) {
      const dataDir = mkdtempSync(join(tmpdir(), 'relay-engine-'))
      const db = openDatabase(dataDir)
      const app = await buildRelay({ config: parseRelayConfig({ ...env, RELAY_DATA_DIR: dataDir }), db, logger })
      app.addHook('onClose', async () => void db.close())
      return app
    },
  },
  {
    name: 'PostgreSQL',
    skipReason: postgresSkipReason(),
    async build(env) {
      const schema = await createPostgresTestSchema()
      const db = await openPostgres(process.env.SWITCHBOARD_TEST_DATABASE_URL!, { schema: schema.schema, maxConnections: 6 })
      const config = parseRelayConfig({ ...env, RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-engine-')) })
      const storage = relayStorageOnPostgres(db, { now: () => new Date(), logger, quotaLimits: config.deviceQuotas, secretBox: new SecretBox(randomBytes(32)) })
      const app = await buildRelay({ config, storage, logger })
      app.addHook('onClose', async () => {
        await db.close()
        await schema.drop()
      })
      return app
    },
  },
]

describe.each(engines)('the relay on $name', (engine) => {
  let sandbox: Sandbox
  let app: RelayApp
  let url: string

  beforeAll(async () => {
    if (engine.skipReason !== null) return
    sandbox = await startSandbox()
    app = await engine.build(sandbox.relayEnv())
    url = await app.listen({ host: '127.0.0.1', port: 0 })
  }, 60_000)

  afterAll(async () => {
    await app?.close()
    await sandbox?.close()
  })

  it.skipIf(engine.skipReason !== null)('answers /healthz with its database', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toMatchObject({ status: 'ok', components: { database: 'ok' } })
  })

  it.skipIf(engine.skipReason !== null)('syncs a console’s pushes, answers a stale edit with a conflict kept for a person, and refuses and audits front desk’s money', async () => {
    const owner = await pairDevice(app, 'owner')
    const frontDesk = await pairDevice(app, 'frontdesk')
    const at = new Date().toISOString()
    const push = (device: { headers: Record<string, string> }, documents: { assumedMasterState: object | null; newDocumentState: object }[]) =>
      app.inject({ method: 'POST', url: '/sync/bookings/push', headers: device.headers, payload: documents })
    const pull = async (device: { headers: Record<string, string> }, collection: string) =>
      (await app.inject({ method: 'GET', url: `/sync/${collection}/pull?limit=100`, headers: device.headers })).json() as { documents: Record<string, unknown>[] }

    const booking = { ...bookingFixture({ id: 'bk_1', eventDate: '2027-03-20', createdAt: at, status: 'inquiry' }), updatedAt: at }
    expect((await push(owner, [{ assumedMasterState: null, newDocumentState: booking }])).json()).toEqual([])
    const stored = (await pull(frontDesk, 'bookings')).documents.find((document) => document.id === 'bk_1')!
    expect(stored).toMatchObject({ customerName: 'Maria Lopez', paidCents: 0 })

    // The owner changes the notes; the front desk's edit from the older copy loses.
    expect((await push(owner, [{ assumedMasterState: stored, newDocumentState: { ...stored, notes: 'Gate code 1234' } }])).json()).toEqual([])
    const conflicts = (await push(frontDesk, [{ assumedMasterState: stored, newDocumentState: { ...stored, notes: 'Side door' } }])).json() as { notes: string }[]
    expect(conflicts).toMatchObject([{ id: 'bk_1', notes: 'Gate code 1234' }])
    expect((await pull(owner, 'needsAttention')).documents).toMatchObject([{ kind: 'rejected_edit', documentId: 'bk_1' }])

    // Money is the relay's to establish: refused, answered with the relay's copy, audited.
    const current = (await pull(owner, 'bookings')).documents.find((document) => document.id === 'bk_1')!
    const refused = (await push(frontDesk, [{ assumedMasterState: current, newDocumentState: { ...current, paidCents: 165_000 } }])).json() as { paidCents: number }[]
    expect(refused).toMatchObject([{ id: 'bk_1', paidCents: 0 }])
    expect(await app.storage.audit.count('device_write_refused')).toBe(1)
    // Kept with its reason, for the device and the owner to see.
    expect((await pull(owner, 'needsAttention')).documents.filter((item) => item.kind === 'refused_edit')).toMatchObject([{ documentId: 'bk_1', deviceId: frontDesk.deviceId }])
  })

  it.skipIf(engine.skipReason !== null)('stores a webhook once however often it is delivered', async () => {
    const control = sandboxControl(sandbox.urls)
    const { event, deliveries } = await control.stripe.checkoutCompleted({ amountTotal: 500, webhookUrl: `${url}/webhooks/stripe` })
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200])
    const again = await control.stripe.redeliver(event.id, `${url}/webhooks/stripe`)
    expect(again.deliveries.map((delivery) => delivery.status)).toEqual([200])
    const stored = await app.storage.inbox.find(event.id)
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ provider: 'stripe', deliveries: 2 })
  })
})
