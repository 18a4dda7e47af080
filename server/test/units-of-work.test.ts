/**
 * Units of work (server/src/storage/unit-of-work.ts) where the engines differ: on PostgreSQL a
 * unit takes the clock row only as it ends, so a long push does not hold other relays' writes; a
 * step that fails inside it undoes all of its own writes, however nested; a listener that throws
 * after the commit does not make the change feed announce the unit's writes again. On both
 * engines, a text with a NUL character is refused as invalid rather than stored where PostgreSQL
 * could not read it back.
 */
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Device } from '../src/storage/contracts'
import { inTransaction, type PostgresDatabase } from '../src/storage/postgres/postgres-database'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { createPostgresTestSchema } from '../src/storage/testing/test-databases'
import { applyPush, PushValidationError, type PushRow } from '../src/sync/push-service'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { customerFixture } from '../sandbox/testing/customer-fixture'
import { deviceFixture, pushAs } from '../sandbox/testing/push-fixture'

const noon = new Date('2026-03-02T20:00:00.000Z')
const now = () => noon
const at = noon.toISOString()
const device = (role: Device['role'], id?: string) => deviceFixture(role, at, id)
const owner = device('owner')
const frontDesk = device('frontdesk')

const push = (stores: ContractStores, by: Device, collection: Parameters<typeof applyPush>[1], documents: PushRow['newDocumentState'][], assumed: PushRow['assumedMasterState'][] = []) =>
  pushAs(stores, by, now, collection, documents, assumed)
const customer = (id: string, name: string, phone: string) => customerFixture({ id, name, phone, createdAt: at })
const newBooking = (id: string, eventDate = '2026-03-20') => ({ ...bookingFixture({ id, eventDate, createdAt: at, status: 'inquiry' }), eventTime: '17:00', updatedAt: at })

const postgres = storageEngines.find((engine) => engine.name === 'PostgreSQL')!

describe.each(storageEngines)('a text with a NUL character on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('is refused as invalid, and every later push, of any device, is answered', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(at))
      await expect(push(mine, frontDesk, 'bookings', [{ ...newBooking('bk_nul', '2026-04-01'), notes: 'a\u0000b' }])).rejects.toThrow(PushValidationError)
      expect(await theirs.documents.get('bookings', 'bk_nul')).toBeNull()
      // A refused edit carrying one keeps nothing that could stop later reads either.
      await push(mine, owner, 'customers', [customer('cus_1', 'One', '+14085550101'), customer('cus_2', 'Two', '+14085550102')])
      const stored = (await mine.documents.get('customers', 'cus_1'))!
      await expect(push(mine, frontDesk, 'customers', [{ ...stored, notes: 'x\u0000', mergedInto: 'cus_2' }])).rejects.toThrow(PushValidationError)
      expect(await push(theirs, owner, 'bookings', [newBooking('bk_next')])).toEqual([])
      expect(await push(theirs, device('frontdesk', 'dev_other'), 'customers', [{ ...stored, mergedInto: 'cus_2' }])).toMatchObject([{ id: 'cus_1' }])
    } finally {
      await close()
    }
  })
})

describe.skipIf(postgres.skipReason !== null)('units of work on PostgreSQL', () => {
  it('do not hold another relay’s writes while a long push works through its rows', async () => {
    const { mine, theirs, close } = await postgres.open(now)
    try {
      await push(mine, owner, 'customers', [customer('cus_1', 'One', '+14085550101'), customer('cus_2', 'Two', '+14085550102')])
      const stored = (await mine.documents.get('customers', 'cus_1'))!
      // 400 edits under fresh ids, each outside the front desk's role: each refused and recorded.
      const rows = Array.from({ length: 400 }, (_, n) => ({ ...stored, id: `cus_x${n}`, mergedInto: 'cus_2' }))
      const finished: string[] = []
      const batch = push(mine, frontDesk, 'customers', rows).then(() => finished.push('batch'))
      await new Promise((resolve) => setTimeout(resolve, 100))
      // Meanwhile another relay stores a document of its own (a webhook's write).
      await theirs.documents.put('customers', customer('cus_3', 'Three', '+14085550103')).then(() => finished.push('other relay'))
      await batch
      expect(finished).toEqual(['other relay', 'batch'])
      // Every write of both got a place in the one order.
      const pulled = await theirs.documents.pull('needsAttention', null, 1000)
      expect(pulled.documents.length).toBeGreaterThan(0)
      const order = (await theirs.documents.pull('customers', null, 1000)).documents.map((document) => document.updatedAt)
      expect(new Set(order).size).toBe(order.length)
    } finally {
      await close()
    }
  }, 60_000)

  it('undo all of a failed step’s writes inside a unit, however nested its own steps', async () => {
    const schema = await createPostgresTestSchema()
    const db = await schema.open()
    try {
      await db.pool.query('CREATE TABLE marks (mark TEXT)')
      await inTransaction(db, async (client) => {
        const view: PostgresDatabase = { ...db, sql: client, unit: { client, depth: 0, afterCommit: [], afterRollback: [] } }
        const failing = inTransaction(view, async (outer) => {
          await outer.query("INSERT INTO marks VALUES ('outer')")
          await inTransaction(view, async (inner) => {
            await inner.query("INSERT INTO marks VALUES ('inner')")
            throw new Error('refused')
          })
        })
        await expect(failing).rejects.toThrow('refused')
        // The unit caught the refusal and goes on.
        await client.query("INSERT INTO marks VALUES ('after')")
      })
      const { rows } = await db.pool.query<{ mark: string }>('SELECT mark FROM marks ORDER BY mark')
      expect(rows.map((row) => row.mark)).toEqual(['after'])
    } finally {
      await db.close()
      await schema.drop()
    }
  })

  it('announce a committed unit once, even when a listener throws', async () => {
    const { mine, close } = await postgres.open(now)
    const heard: string[] = []
    let failOnce = true
    const stops = [
      mine.documents.onChange(() => {
        if (failOnce) {
          failOnce = false
          throw new Error('listener failed')
        }
      }),
      mine.documents.onChange((collection, documents) => heard.push(...documents.map((document) => `${collection}/${document.id}`))),
      mine.documents.followExternalWrites(),
    ]
    try {
      await new Promise((resolve) => setTimeout(resolve, 200))
      await expect(push(mine, owner, 'customers', [customer('cus_a', 'A', '+14085550001')])).rejects.toThrow('listener failed')
      await new Promise((resolve) => setTimeout(resolve, 500))
      // Heard once: the other listeners still heard of it, and the change feed did not repeat it.
      expect(heard).toEqual(['customers/cus_a'])
      expect(await mine.documents.get('customers', 'cus_a')).not.toBeNull()
    } finally {
      for (const stop of stops) stop()
      await close()
    }
  })
})
