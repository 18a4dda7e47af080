/**
 * A device's push as one unit of work on either engine, with two relays on one database (a
 * console's pushes may reach either): one token's pushes spread over both relays never pass its
 * hourly quota; two consoles taking a slot's last place through two relays get one booking in;
 * a customer merge through one relay is undone through the other; a batch that fails part-way
 * leaves nothing behind and tells no listener; a committed one is heard once it is durable.
 */
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Device } from '../src/storage/contracts'
import type { SyncedDocument } from '../src/storage/document-store'
import { storageEngines, contractQuotaLimits, type ContractStores } from '../src/storage/testing/storage-engines'
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

const newBooking = (id: string) => ({ ...bookingFixture({ id, eventDate: '2026-03-20', createdAt: at, status: 'inquiry' }), eventTime: '17:00', updatedAt: at })

describe.each(storageEngines)('device pushes with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('counts one token’s new records against one quota, whichever relay each push reaches', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      const creations = contractQuotaLimits.creationsPerHour
      // Pushes of one customer each, half through each relay, all at once: more than the quota allows.
      const pushes = Array.from({ length: creations + 6 }, (_, n) =>
        push(n % 2 === 0 ? mine : theirs, frontDesk, 'customers', [customer(`cus_${n}`, `Customer ${n}`, `+1408555${String(1000 + n)}`)]),
      )
      const answers = await Promise.all(pushes)
      const accepted = answers.filter((conflicts) => conflicts.length === 0).length
      expect(accepted).toBe(creations)
      expect((await theirs.queries.customers.all()).length).toBe(creations)
      // Each refusal answered the device with a tombstone and was audited.
      expect(answers.filter((conflicts) => conflicts[0]?._deleted === true)).toHaveLength(6)
      expect(await mine.audit.count('device_write_refused')).toBe(6)
      // Every accepted creation is on the owner's Activity list, once.
      expect(await mine.changes.list({ deviceId: frontDesk.id, limit: 100 })).toHaveLength(creations)
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('lets one of two consoles take a slot’s last place, through two relays at once', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', demoBusinessProfile(at))
      // The Dinner slot takes 3 parties; 2 are booked.
      await push(mine, owner, 'bookings', [newBooking('bk_1'), newBooking('bk_2')])
      const [a, b] = await Promise.all([push(mine, frontDesk, 'bookings', [newBooking('bk_a')]), push(theirs, owner, 'bookings', [newBooking('bk_b')])])
      const onDay = await theirs.queries.bookings.onDate('2026-03-20')
      expect(onDay).toHaveLength(3)
      expect(onDay.map((booking) => booking.id)).toEqual(expect.arrayContaining(['bk_1', 'bk_2']))
      // The one turned away learns the booking is gone, and a needs-attention item says why.
      const [refused] = [a, b].find((conflicts) => conflicts.length > 0)!
      expect(refused).toMatchObject({ _deleted: true })
      const items = (await mine.documents.pull('needsAttention', null, 10)).documents
      expect(items).toHaveLength(1)
      expect(items[0]!.title).toMatch(/Dinner slot \(5:00 PM\) is full: 3 of 3 parties booked/)
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('merges two customers through one relay and undoes it through the other', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await push(mine, owner, 'customers', [customer('cus_maria', 'Maria Lopez', '+14085550100'), customer('cus_work', 'Lopez Dental LLC', '+14085550111')])
      await push(mine, owner, 'bookings', [{ ...newBooking('bk_work'), customerId: 'cus_work', customerPhone: '+14085550111' }])
      const duplicate = (await mine.documents.get('customers', 'cus_work'))!
      expect(await push(mine, owner, 'customers', [{ ...duplicate, mergedInto: 'cus_maria' }], [duplicate])).toEqual([])
      expect((await theirs.queries.bookings.live('bk_work'))!.customerId).toBe('cus_maria')
      expect((await theirs.queries.customers.live('cus_maria'))!.alsoPaysAs!.map((payer) => payer.name)).toEqual(['Lopez Dental LLC'])

      const merged = (await theirs.documents.get('customers', 'cus_work'))!
      expect(await push(theirs, owner, 'customers', [{ ...merged, mergedInto: null }], [merged])).toEqual([])
      expect((await mine.queries.bookings.live('bk_work'))!.customerId).toBe('cus_work')
      expect((await mine.queries.customers.live('cus_maria'))!.alsoPaysAs).toEqual([])
      expect((await mine.audit.rows('customer_merge_undone')).map((row) => row.detail)).toMatchObject([{ moved: { bookings: ['bk_work'] } }])
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('takes back a whole batch that fails part-way, and tells listeners only of committed pushes', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const heard: string[] = []
    const stop = mine.documents.onChange((collection, documents) => heard.push(...documents.map((document) => `${collection}/${document.id}`)))
    try {
      // Not a customer record (an email must be text): the store's schema check refuses it.
      const invalid = { ...customer('cus_bad', 'Bad', '+14085550199'), email: 12345 }
      await expect(push(mine, owner, 'customers', [customer('cus_ok', 'Fine', '+14085550198'), invalid])).rejects.toThrow(PushValidationError)
      expect(await theirs.documents.get('customers', 'cus_ok')).toBeNull()
      expect(await theirs.changes.list({ limit: 10 })).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(heard).toEqual([])

      await push(mine, owner, 'customers', [customer('cus_ok', 'Fine', '+14085550198')])
      expect(heard).toEqual(['customers/cus_ok'])
    } finally {
      stop()
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('answers a stale edit with the relay’s copy and keeps it for a person to re-apply', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await push(mine, owner, 'customers', [customer('cus_maria', 'Maria Lopez', '+14085550100')])
      const first = (await mine.documents.get('customers', 'cus_maria'))!
      await push(theirs, owner, 'customers', [{ ...first, notes: 'Prefers texts' }], [first])
      // The front desk edits the same field from the copy it had before.
      const conflicts: SyncedDocument[] = await push(mine, frontDesk, 'customers', [{ ...first, notes: 'Call after 5' }], [first])
      expect(conflicts).toMatchObject([{ id: 'cus_maria', notes: 'Prefers texts' }])
      const items = (await theirs.documents.pull('needsAttention', null, 10)).documents
      expect(items).toMatchObject([{ kind: 'rejected_edit', documentId: 'cus_maria', rejectedEdit: { notes: 'Call after 5' } }])
    } finally {
      await close()
    }
  })
})
