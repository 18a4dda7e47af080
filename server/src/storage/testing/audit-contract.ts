/**
 * The `AuditTrail` contract (../contracts.ts) as one suite every engine runs: rows written through
 * either relay are numbered in the order they were added, and the questions asked of them by
 * device or merge read the same on SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest'
import type { AuditTrail } from '../contracts'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const at = (minute: number) => new Date(Date.parse('2026-05-01T12:00:00.000Z') + minute * 60_000)

export function auditTrailContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => at(0), (stores) => stores.audit)
  const withAudit = (test: (stores: { audit: AuditTrail; other: AuditTrail }) => Promise<void>) => onFresh((audit, other) => test({ audit, other }))

  describe('audit trail contract', () => {
    it(
      'numbers rows from both relays in the order they were added, details as they were given',
      withAudit(async ({ audit, other }) => {
        const first = await audit.add('push_refused', at(0), { deviceId: 'dev_a', fields: ['paidCents'], note: 'café' })
        const second = await other.add('quota_refused', at(1), { deviceId: 'dev_a', texts: 61 })
        const third = await audit.add('push_refused', at(2), { deviceId: 'dev_b', nested: { n: 1, list: [1, 'two'] } })
        expect(first < second && second < third).toBe(true)
        expect(await other.rows()).toEqual([
          { seq: first, at: at(0).toISOString(), kind: 'push_refused', detail: { deviceId: 'dev_a', fields: ['paidCents'], note: 'café' } },
          { seq: second, at: at(1).toISOString(), kind: 'quota_refused', detail: { deviceId: 'dev_a', texts: 61 } },
          { seq: third, at: at(2).toISOString(), kind: 'push_refused', detail: { deviceId: 'dev_b', nested: { n: 1, list: [1, 'two'] } } },
        ])
        expect(await audit.count('push_refused')).toBe(2)
        expect(await audit.count()).toBe(3)
      }),
    )

    it(
      'answers by device, by merge, and rewrites and prunes only what it is asked to',
      withAudit(async ({ audit, other }) => {
        await audit.add('push_refused', at(0), { deviceId: 'dev_a' })
        const latest = await other.add('push_refused', at(5), { deviceId: 'dev_a', count: 1 })
        await audit.add('push_refused', at(6), { deviceId: 'dev_b' })
        await audit.add('push_refused', at(7), { note: 'no device' })
        expect(await audit.countForDeviceSince('push_refused', 'dev_a', at(0).toISOString())).toBe(1)
        expect(await audit.countForDeviceSince('push_refused', 'dev_a', at(-1).toISOString())).toBe(2)
        expect(await other.latestForDeviceSince('push_refused', 'dev_a', at(-1).toISOString())).toMatchObject({ seq: latest, detail: { count: 1 } })
        expect(await other.latestForDeviceSince('push_refused', 'dev_c', at(-1).toISOString())).toBeNull()

        await audit.updateDetails([{ seq: latest, detail: { deviceId: 'dev_a', count: 7 } }])
        expect(await other.latestForDeviceSince('push_refused', 'dev_a', at(-1).toISOString())).toMatchObject({ detail: { count: 7 } })

        await audit.add('customer_merged', at(8), { duplicateId: 'cus_2', survivorId: 'cus_1', moved: { bookings: 2 } })
        const merge = await other.add('customer_merged', at(9), { duplicateId: 'cus_2', survivorId: 'cus_1', moved: { bookings: 3 } })
        expect(await audit.latestCustomerMerge('cus_2', 'cus_1')).toMatchObject({ seq: merge, detail: { moved: { bookings: 3 } } })
        expect(await audit.latestCustomerMerge('cus_1', 'cus_2')).toBeNull()

        expect(await other.prune('push_refused', at(6))).toBe(2)
        expect(await audit.count('push_refused')).toBe(2)
        expect(await audit.count('customer_merged')).toBe(2)
      }),
    )
  })
}
