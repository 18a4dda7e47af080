import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayApp } from '../src/app'
import { DeviceRegistry } from '../src/devices/device-registry'
import { buildTestRelay, pairDevice } from './helper'

const root = fileURLToPath(new URL('../../', import.meta.url))
const relayCli = (dataDir: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'server/src/cli/relay.ts'), ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'relay-cwd-')),
    env: { PATH: process.env.PATH ?? '', RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })

describe('device pairing', () => {
  let app: RelayApp
  afterEach(() => app?.close())

  it('pairs a console with the code `npm run relay -- pair` prints on its last line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-pair-'))
    const result = relayCli(dataDir, ['pair', '--role', 'frontdesk'])
    expect(result.status).toBe(0)
    const code = result.stdout.trimEnd().split('\n').at(-1)!
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/)

    app = await buildTestRelay({}, dataDir)
    const response = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: code.toLowerCase(), name: 'Front desk' } })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({ role: 'frontdesk', deviceId: expect.stringMatching(/^dev_/), token: expect.stringMatching(/^sbd_/) })

    const again = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code, name: 'Second try' } })
    expect(again.statusCode).toBe(401)
    expect(again.json()).toMatchObject({ error: 'invalid_pairing_code' })

    const listed = relayCli(dataDir, ['devices', 'list', '--json'])
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Front desk', role: 'frontdesk', revokedAt: null }])
  })

  it('refuses unknown and expired codes, and bad requests, with 4xx', async () => {
    app = await buildTestRelay()
    const unknown = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: 'ZZZZZ-ZZZZZ', name: 'x' } })
    expect(unknown.statusCode).toBe(401)
    const missingName = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: 'ZZZZZ-ZZZZZ' } })
    expect(missingName.statusCode).toBe(400)

    let clock = Date.parse('2026-11-22T10:00:00.000Z')
    const registry = new DeviceRegistry(app.db, () => new Date(clock))
    const { code } = registry.createPairingCode('owner')
    clock += 10 * 60 * 1000 + 1
    expect(() => registry.pair(code, 'Late laptop')).toThrow(/expired/)
  })

  it('stores neither codes nor tokens in clear', async () => {
    app = await buildTestRelay()
    const { code } = app.devices.createPairingCode('owner')
    const { token } = app.devices.pair(code, 'Laptop')
    const dump = JSON.stringify([
      app.db.prepare('SELECT * FROM pairing_codes').all(),
      app.db.prepare('SELECT * FROM devices').all(),
    ])
    expect(dump).not.toContain(code.replace('-', ''))
    expect(dump).not.toContain(token)
  })

  it('revokes a device so its token stops working at once', async () => {
    app = await buildTestRelay()
    const device = await pairDevice(app, 'owner')
    expect((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: device.headers })).statusCode).toBe(200)
    expect(app.devices.revoke(device.deviceId)).toBe(true)
    expect((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: device.headers })).statusCode).toBe(401)
    expect(app.devices.revoke(device.deviceId)).toBe(false)
  })

  it('rate-limits pairing attempts', async () => {
    app = await buildTestRelay()
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const response = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: `GUESS-${i}`, name: 'x' } })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
  })
})

describe('brute-force lockout', () => {
  let app: RelayApp
  afterEach(() => app?.close())

  it('pauses pairing for everyone after 20 wrong codes, even a right one', async () => {
    app = await buildTestRelay()
    const { code } = app.devices.createPairingCode('owner')
    for (let i = 0; i < 20; i++) {
      // Spread over addresses so the per-address rate limit is not what stops them.
      const response = await app.inject({
        method: 'POST',
        url: '/devices/pair',
        payload: { code: `WRONG-${i}`, name: 'x' },
        remoteAddress: `10.0.0.${i + 1}`,
      })
      expect(response.statusCode).toBe(401)
    }
    const locked = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code, name: 'Laptop' }, remoteAddress: '10.0.1.1' })
    expect(locked.statusCode).toBe(429)
    expect(locked.json()).toMatchObject({ error: 'pairing_locked' })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('locks out an address that keeps guessing device tokens, and only that address', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    for (let i = 0; i < 50; i++) {
      const response = await app.inject({
        method: 'GET',
        url: '/sync/bookings/pull',
        headers: { authorization: `Bearer sbd_guess${i}` },
        remoteAddress: '10.9.9.9',
      })
      expect(response.statusCode).toBe(401)
    }
    const fromGuesser = await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: owner.headers, remoteAddress: '10.9.9.9' })
    expect(fromGuesser.statusCode).toBe(429)
    const fromElsewhere = await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: owner.headers, remoteAddress: '10.1.1.1' })
    expect(fromElsewhere.statusCode).toBe(200)
  })
})
