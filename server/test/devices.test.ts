import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import pino from 'pino'
import type { RelayApp } from '../src/app'
import { openRelayStorage, type OpenedStorage } from '../src/storage/open-storage'
import { freshRelayTestDatabase, relayTestDatabaseEnv, type RelayTestDatabase } from '../sandbox/testing/relay-harness'
import { buildTestRelay, pairDevice } from './helper'

const root = fileURLToPath(new URL('../../', import.meta.url))
/** `npm run relay -- …` as another process, on the relay's database (SQLite's file, or its PostgreSQL schema). */
const relayCli = (database: RelayTestDatabase, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'server/src/cli/relay.ts'), ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'relay-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...relayTestDatabaseEnv(database), RELAY_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })

/** The relay's database opened again, on a connection of its own (as a command would), with its own clock. */
const openAgain = (app: RelayApp, now?: () => Date) => openRelayStorage(app.relayConfig, pino({ level: 'silent' }), now)

/**
 * Every row of a table as stored, on either engine: only for what no contract shows (that a
 * secret is stored as a digest), so it reads the raw table.
 */
async function storedRows(opened: OpenedStorage, table: 'pairing_codes' | 'devices'): Promise<unknown[]> {
  if (opened.engine === 'postgres') return (await opened.db.pool.query(`SELECT * FROM ${table}`)).rows
  return opened.db.prepare(`SELECT * FROM ${table}`).all()
}

describe('device pairing', () => {
  let app: RelayApp
  afterEach(() => app?.close())

  it('pairs a console with the code `npm run relay -- pair` prints on its last line', async () => {
    const database = await freshRelayTestDatabase()
    const result = relayCli(database, ['pair', '--role', 'frontdesk'])
    expect(result.status).toBe(0)
    const code = result.stdout.trimEnd().split('\n').at(-1)!
    // 16 characters of a 30-letter alphabet: 78 bits, in groups of four.
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/)

    app = await buildTestRelay({}, database)
    const response = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: code.toLowerCase(), name: 'Front desk' } })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toMatchObject({ role: 'frontdesk', deviceId: expect.stringMatching(/^dev_/), token: expect.stringMatching(/^sbd_/) })

    const again = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code, name: 'Second try' } })
    expect(again.statusCode).toBe(401)
    expect(again.json()).toMatchObject({ error: 'invalid_pairing_code' })

    const listed = relayCli(database, ['devices', 'list', '--json'])
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Front desk', role: 'frontdesk', revokedAt: null }])
  })

  it('refuses unknown and expired codes, and bad requests, with 4xx', async () => {
    app = await buildTestRelay()
    const unknown = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: 'ZZZZZ-ZZZZZ', name: 'x' } })
    expect(unknown.statusCode).toBe(401)
    const missingName = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code: 'ZZZZZ-ZZZZZ' } })
    expect(missingName.statusCode).toBe(400)

    let clock = Date.parse('2026-11-22T10:00:00.000Z')
    const other = await openAgain(app, () => new Date(clock))
    try {
      const registry = other.storage.devices
      const { code } = await registry.createPairingCode('owner')
      clock += 10 * 60 * 1000 + 1
      await expect(registry.pair(code, 'Late laptop')).rejects.toThrow(/expired/)
    } finally {
      await other.close()
    }
  })

  it('stores neither codes nor tokens in clear', async () => {
    app = await buildTestRelay()
    const { code } = await app.devices.createPairingCode('owner')
    const { token } = await app.devices.pair(code, 'Laptop')
    const stored = await openAgain(app)
    let codes: unknown[], devices: unknown[]
    try {
      codes = await storedRows(stored, 'pairing_codes')
      devices = await storedRows(stored, 'devices')
    } finally {
      await stored.close()
    }
    // The rows were read (a scan of nothing would pass): the spent code and the paired device.
    expect([codes.length, devices.length]).toEqual([1, 1])
    const dump = JSON.stringify([codes, devices])
    expect(dump).toContain('Laptop')
    expect(dump).not.toContain(code.replaceAll('-', ''))
    expect(dump).not.toContain(token)
  })

  it('revokes a device so its token stops working at once', async () => {
    app = await buildTestRelay()
    const device = await pairDevice(app, 'owner')
    expect((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: device.headers })).statusCode).toBe(200)
    expect(await app.devices.revoke(device.deviceId)).toBe(true)
    expect((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: device.headers })).statusCode).toBe(401)
    expect(await app.devices.revoke(device.deviceId)).toBe(false)
  })
})

describe('brute-force lockout', () => {
  let app: RelayApp
  afterEach(() => app?.close())

  const tryCode = (code: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/devices/pair', payload: { code, name: 'x' }, remoteAddress, headers })

  it('answers a source that keeps guessing codes 429, and only that source', async () => {
    app = await buildTestRelay()
    const statuses: number[] = []
    for (let i = 0; i < 22; i++) statuses.push((await tryCode(`WRONG-${i}`, '10.0.0.1')).statusCode)
    expect(statuses.slice(0, 19).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(19)).toEqual([429, 429, 429])
    const locked = await tryCode('WRONG-X', '10.0.0.1')
    expect(locked.json()).toMatchObject({ error: 'pairing_locked' })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    // Another address guessing wrong is told the code is wrong, not locked out.
    expect((await tryCode('WRONG-Y', '10.0.0.2')).statusCode).toBe(401)
  })

  it('cannot be kept locked by an outsider: a fresh code from the command line always pairs', async () => {
    app = await buildTestRelay()
    // A thousand wrong codes from many addresses, the owner's own among them (a shared NAT or tunnel).
    for (let i = 0; i < 1_000; i++) await tryCode(`WRONG-${i}`, i % 2 === 0 ? '10.0.0.9' : `10.0.${i % 200}.1`)
    expect((await tryCode('WRONG-Z', '10.0.0.9')).statusCode).toBe(429)
    const { code } = await app.devices.createPairingCode('owner')
    const paired = await tryCode(code, '10.0.0.9')
    expect(paired.statusCode).toBe(201)
    expect(paired.json()).toMatchObject({ role: 'owner' })
  })

  it('counts sources behind a trusted proxy by their forwarded address, and only then', async () => {
    // Behind a proxy that is not declared, every client shares the proxy's address.
    app = await buildTestRelay()
    for (let i = 0; i < 20; i++) await tryCode(`WRONG-${i}`, '10.0.0.1', { 'x-forwarded-for': '203.0.113.5' })
    expect((await tryCode('WRONG-B', '10.0.0.1', { 'x-forwarded-for': '203.0.113.6' })).statusCode).toBe(429)
    await app.close()

    app = await buildTestRelay({ RELAY_TRUST_PROXY: '10.0.0.0/24, ::1' })
    for (let i = 0; i < 20; i++) await tryCode(`WRONG-${i}`, '10.0.0.1', { 'x-forwarded-for': '203.0.113.5' })
    expect((await tryCode('WRONG-A', '10.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).statusCode).toBe(429)
    // Another client behind the same proxy is its own source.
    expect((await tryCode('WRONG-B', '10.0.0.1', { 'x-forwarded-for': '203.0.113.6' })).statusCode).toBe(401)
    // A client cannot pick its own address: the hop the trusted proxy added is the one believed...
    expect((await tryCode('WRONG-C', '10.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' })).statusCode).toBe(429)
    // ...and a forwarded address from a socket that is not a trusted proxy is ignored.
    for (let i = 0; i < 20; i++) await tryCode(`WRONG-${i}`, '198.51.100.7', { 'x-forwarded-for': `203.0.113.${100 + i}` })
    expect((await tryCode('WRONG-D', '198.51.100.7', { 'x-forwarded-for': '203.0.113.200' })).statusCode).toBe(429)
  })

  it('never lets a client guessing device tokens lock out valid consoles at the same address', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const pull = (headers: Record<string, string>, remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/sync/bookings/pull', headers, remoteAddress })
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) statuses.push((await pull({ authorization: `Bearer sbd_guess${i}` }, '10.9.9.9')).statusCode)
    expect(statuses.slice(0, 49).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(49).every((status) => status === 429)).toBe(true)
    // The guessing address gets 429 for unknown tokens; a paired console there still syncs.
    expect((await pull(owner.headers, '10.9.9.9')).statusCode).toBe(200)
    expect((await pull(owner.headers, '10.1.1.1')).statusCode).toBe(200)
  })

  it('locks out a token that keeps being refused, without touching other consoles', async () => {
    app = await buildTestRelay()
    const owner = await pairDevice(app, 'owner')
    const revoked = await pairDevice(app, 'frontdesk', 'stolen laptop')
    await app.devices.revoke(revoked.deviceId)
    const statuses: number[] = []
    // The revoked console retries from addresses all over the place.
    for (let i = 0; i < 12; i++) {
      statuses.push((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: revoked.headers, remoteAddress: `10.7.${i}.1` })).statusCode)
    }
    expect(statuses).toEqual([...Array(9).fill(401), 429, 429, 429])
    const locked = await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: revoked.headers, remoteAddress: '10.7.99.1' })
    expect(locked.json()).toMatchObject({ error: 'locked' })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect((await app.inject({ method: 'GET', url: '/sync/bookings/pull', headers: owner.headers, remoteAddress: '10.7.0.1' })).statusCode).toBe(200)
  })
})
