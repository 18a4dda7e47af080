/**
 * The `DeviceChangeTrail` contract (../contracts.ts) as one suite every engine runs: edits recorded
 * through either relay come back newest first, filtered and paged without skips or repeats, and
 * the log stays within its bounds.
 */
import { describe, expect, it } from 'vitest'
import type { DeviceChange } from '../contracts'
import { onFreshDatabase, type ContractStores, type StorageEngine } from './storage-engines'

const minute = (n: number) => new Date(Date.parse('2026-05-01T12:00:00.000Z') + n * 60_000).toISOString()
const change = (n: number, over: Partial<DeviceChange> = {}): Omit<DeviceChange, 'seq'> => ({
  at: minute(n),
  deviceId: 'dev_a',
  deviceName: 'Front desk',
  role: 'frontdesk',
  collection: 'bookings',
  documentId: `bk_${n}`,
  fields: ['guestCount', 'notes'],
  ...over,
})

export function deviceChangeTrailContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => new Date(minute(0)), (stores: ContractStores) => stores)

  describe('device change trail contract', () => {
    it(
      'lists edits from both relays newest first, filtered, and pages without skipping one',
      onFresh(async (mine, theirs) => {
        await mine.changes.record(change(1))
        await theirs.changes.record(change(2, { deviceId: 'dev_b', deviceName: 'Owner laptop', role: 'owner', fields: ['_created'] }))
        await mine.changes.record(change(3, { collection: 'customers', documentId: 'cus_1' }))
        await theirs.changes.record(change(4))
        const all = await mine.changes.list({ limit: 10 })
        expect(all.map((entry) => entry.documentId)).toEqual(['bk_4', 'cus_1', 'bk_2', 'bk_1'])
        expect(all[2]).toMatchObject({ deviceId: 'dev_b', deviceName: 'Owner laptop', role: 'owner', fields: ['_created'], at: minute(2) })
        expect((await theirs.changes.list({ limit: 10, deviceId: 'dev_a', collection: 'bookings' })).map((entry) => entry.documentId)).toEqual(['bk_4', 'bk_1'])
        expect((await theirs.changes.list({ limit: 10, from: minute(2), to: minute(4) })).map((entry) => entry.documentId)).toEqual(['cus_1', 'bk_2'])
        const first = await theirs.changes.list({ limit: 2 })
        const next = await mine.changes.list({ limit: 2, before: first.at(-1)!.seq })
        expect([...first, ...next].map((entry) => entry.seq)).toEqual(all.map((entry) => entry.seq))
      }),
    )

    it(
      'names the device that last changed a document, and whether it is revoked',
      onFresh(async (mine, theirs) => {
        const { code } = await mine.devices.createPairingCode('frontdesk')
        const { deviceId } = await mine.devices.pair(code, 'Front desk')
        await mine.changes.record(change(1, { deviceId: 'dev_old', deviceName: 'Old tablet' }))
        await theirs.changes.record(change(2, { deviceId, documentId: 'bk_1' }))
        expect(await mine.changes.lastChangedBy('bookings', 'bk_1')).toEqual({ deviceId, deviceName: 'Front desk', revokedAt: null })
        await theirs.devices.revoke(deviceId)
        expect((await mine.changes.lastChangedBy('bookings', 'bk_1'))?.revokedAt).not.toBeNull()
        expect(await mine.changes.lastChangedBy('bookings', 'bk_unknown')).toBeNull()
      }),
    )

    it(
      'drops rows past its retention and beyond its row cap',
      onFresh(async (mine, theirs) => {
        for (let n = 0; n < 8; n++) await (n % 2 ? mine : theirs).changes.record(change(n * 24 * 60)) // one a day
        // Thirty days' retention from day 36 drops days 0-5; a cap of five rows drops days 0-2.
        expect(await mine.changes.prune(new Date(minute(36 * 24 * 60)))).toBe(6)
        expect((await theirs.changes.list({ limit: 10 })).map((entry) => entry.at)).toEqual([minute(7 * 24 * 60), minute(6 * 24 * 60)])
      }),
    )
  })
}
