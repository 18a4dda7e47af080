/** The `DeviceStore` contract (../contracts.ts) as one suite that every engine's test runs. */
import { describe, expect, it } from 'vitest'
import { PairingError, type DeviceStore } from '../contracts'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

export function deviceStoreContract(engine: StorageEngine): void {
  let clock = Date.parse('2026-03-01T12:00:00.000Z')
  const now = () => new Date(clock)
  const onFresh = onFreshDatabase(engine, now, (stores) => stores.devices, () => (clock = Date.parse('2026-03-01T12:00:00.000Z')))
  const withDevices = (test: (stores: { devices: DeviceStore; other: DeviceStore }) => Promise<void>) => onFresh((devices, other) => test({ devices, other }))

  describe('device store contract', () => {
    it(
      'pairs a console with a code once, on any relay, and knows its token everywhere',
      withDevices(async ({ devices, other }) => {
        const { code, expiresAt } = await devices.createPairingCode('frontdesk')
        expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/)
        expect(expiresAt).toBe('2026-03-01T12:10:00.000Z')
        // Typed loosely, through the other relay.
        const paired = await other.pair(` ${code.toLowerCase().replaceAll('-', ' ')} `, 'Front desk')
        expect(paired).toMatchObject({ role: 'frontdesk', deviceId: expect.stringMatching(/^dev_/), token: expect.stringMatching(/^sbd_/) })
        await expect(devices.pair(code, 'Second laptop')).rejects.toBeInstanceOf(PairingError)
        const device = await devices.authenticate(paired.token)
        expect(device).toMatchObject({ id: paired.deviceId, name: 'Front desk', role: 'frontdesk', revokedAt: null, lastSeenAt: '2026-03-01T12:00:00.000Z' })
        expect(await devices.authenticate(`${paired.token}x`)).toBeNull()
        expect(await devices.authenticate('not-a-token')).toBeNull()
      }),
    )

    it(
      'lets exactly one of two consoles racing with the same code pair',
      withDevices(async ({ devices, other }) => {
        const { code } = await devices.createPairingCode('owner')
        const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? devices : other).pair(code, `Laptop ${i}`)))
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
        for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(PairingError)
        expect(await other.list()).toHaveLength(1)
      }),
    )

    it(
      'refuses an expired code',
      withDevices(async ({ devices }) => {
        const { code } = await devices.createPairingCode('owner')
        clock += 10 * 60_000 + 1
        await expect(devices.pair(code, 'Late laptop')).rejects.toBeInstanceOf(PairingError)
        expect(await devices.list()).toEqual([])
      }),
    )

    it(
      'records activity at most once a minute, and a revocation stops the token on every relay',
      withDevices(async ({ devices, other }) => {
        const first = await devices.pair((await devices.createPairingCode('owner')).code, 'Owner laptop')
        // Paired a moment later, so the list's order is known.
        clock += 1
        const second = await devices.pair((await devices.createPairingCode('frontdesk')).code, 'Front desk')
        clock -= 1
        expect((await other.authenticate(first.token))!.lastSeenAt).toBe('2026-03-01T12:00:00.000Z')
        clock += 30_000
        expect((await other.authenticate(first.token))!.lastSeenAt).toBe('2026-03-01T12:00:00.000Z')
        clock += 31_000
        expect((await other.authenticate(first.token))!.lastSeenAt).toBe('2026-03-01T12:01:01.000Z')
        expect(await devices.revokedAmong([])).toEqual(new Set())
        expect(await devices.revokedAmong([first.deviceId, second.deviceId, 'dev_gone'])).toEqual(new Set(['dev_gone']))
        expect(await other.revoke(second.deviceId)).toBe(true)
        expect(await devices.revoke(second.deviceId)).toBe(false)
        expect(await devices.revoke('dev_gone')).toBe(false)
        expect(await devices.authenticate(second.token)).toBeNull()
        expect(await devices.revokedAmong([first.deviceId, second.deviceId])).toEqual(new Set([second.deviceId]))
        const listed = await devices.list()
        expect(listed.map((device) => [device.name, device.revokedAt])).toEqual([
          ['Owner laptop', null],
          ['Front desk', '2026-03-01T12:01:01.000Z'],
        ])
      }),
    )
  })
}
