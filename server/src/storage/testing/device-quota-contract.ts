/**
 * The `DeviceQuotaStore` contract (../contracts.ts) as one suite every engine runs: a device's
 * actions are checked and counted in one step, so pushes from one token spread over two relays
 * together never pass its quota.
 */
import { describe, expect, it } from 'vitest'
import type { DeviceQuotaStore } from '../contracts'
import { contractQuotaLimits, onFreshDatabase, type StorageEngine } from './storage-engines'

const start = new Date('2026-05-01T12:00:00.000Z')
const minutesLater = (n: number) => new Date(start.getTime() + n * 60_000)

export function deviceQuotaContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => start, (stores) => stores.quotas)
  const withQuotas = (test: (stores: { quotas: DeviceQuotaStore; other: DeviceQuotaStore }) => Promise<void>) => onFresh((quotas, other) => test({ quotas, other }))

  describe('device quota contract', () => {
    it(
      'admits a device up to its hourly quota, refuses past it without counting, and frees it an hour on',
      withQuotas(async ({ quotas, other }) => {
        expect(await quotas.admit('dev_a', { texts: 3 }, start, 'conversations', 'c1')).toBeNull()
        expect(await other.admit('dev_a', { texts: 2 }, minutesLater(1), 'conversations', 'c1')).toBeNull()
        expect(await quotas.admit('dev_a', { texts: 1 }, minutesLater(2), 'conversations', 'c1')).toMatch(/quota of 5 texts an hour/)
        // A refusal counts nothing; another device and another kind have quotas of their own.
        expect(await quotas.admit('dev_b', { texts: 5 }, minutesLater(2), 'conversations', 'c2')).toBeNull()
        expect(await quotas.admit('dev_a', { checkouts: 2, creations: 1 }, minutesLater(2), 'bookings', 'b1')).toBeNull()
        expect(await quotas.admit('dev_a', { checkouts: 1 }, minutesLater(3), 'bookings', 'b1')).toMatch(/2 Stripe deposit-link calls an hour/)
        // The first three texts leave the window an hour after they were sent; the next two a minute later.
        expect(await other.nextTextAt('dev_a', minutesLater(3))).toEqual(minutesLater(60))
        expect(await quotas.admit('dev_a', { texts: 3 }, minutesLater(60.5), 'conversations', 'c1')).toBeNull()
        expect(await quotas.admit('dev_a', { texts: 1 }, minutesLater(60.5), 'conversations', 'c1')).toMatch(/quota/)
        expect(contractQuotaLimits.textsPerHour).toBe(5)
      }),
    )

    it(
      'counts texts already sent on a device\'s behalf even past its quota, and they hold back its next ones',
      withQuotas(async ({ quotas, other }) => {
        expect(await quotas.nextTextAt('dev_a', start)).toBeNull()
        await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 ? quotas : other).record('dev_a', { texts: 1 }, minutesLater(n), 'bookings', 'bk_1')))
        expect(await other.admit('dev_a', { texts: 1 }, minutesLater(7), 'conversations', 'c1')).toMatch(/quota of 5 texts an hour/)
        // Five of the six must leave the window before one more may go: the second one's hour ends first.
        expect(await quotas.nextTextAt('dev_a', minutesLater(7))).toEqual(minutesLater(61))
        expect(await quotas.nextTextAt('dev_b', minutesLater(7))).toBeNull()
      }),
    )

    it(
      'never lets one device pass its quota through two relays admitting at the same moment',
      withQuotas(async ({ quotas, other }) => {
        const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => (n % 2 ? quotas : other).admit('dev_a', { texts: 1 }, start, 'conversations', `c${n}`)))
        expect(answers.filter((answer) => answer === null)).toHaveLength(contractQuotaLimits.textsPerHour)
        expect(await quotas.nextTextAt('dev_a', start)).toEqual(minutesLater(60))
      }),
    )
  })
}
