/**
 * The audit trail: every accepted device edit records the device, its role, the time and the
 * fields it changed (no values); the owner reads it at `GET /activity`, front desk may not.
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RelayApp } from '../src/app'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { freshRelayTestDatabase, relayTestDatabaseEnv, type RelayTestDatabase } from '../sandbox/testing/relay-harness'
import { parseRelayConfig } from '../src/config/config'
import type { DeviceChangeLogOptions } from '../src/storage/device-change-log'
import { openRelayStorage } from '../src/storage/open-storage'
import { relayStorageOnPostgres, relayStorageOnSqlite } from '../src/storage/relay-storage'
import { SecretBox } from '../src/storage/secret-box'
import { buildTestRelay, pairDevice } from './helper'
import { ownerExtension } from '../sandbox/testing/extension-fixture'

let app: RelayApp
let database: RelayTestDatabase
let owner: Awaited<ReturnType<typeof pairDevice>>
let desk: Awaited<ReturnType<typeof pairDevice>>

beforeEach(async () => {
  database = await freshRelayTestDatabase()
  app = await buildTestRelay({}, database)
  owner = await pairDevice(app, 'owner', 'Office laptop')
  desk = await pairDevice(app, 'frontdesk', 'Front desk')
})
afterEach(async () => {
  await app.close()
})

const extension = ownerExtension
const booking = { ...bookingFixture({ id: 'bk_audit', customerPhone: '+14085550199', eventDate: '2031-07-12', createdAt: '2031-06-01T10:00:00.000Z' }), _deleted: false }

async function push(device: typeof owner, collection: string, before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const response = await app.inject({
    method: 'POST',
    url: `/sync/${collection}/push`,
    headers: device.headers,
    payload: [{ assumedMasterState: before, newDocumentState: { updatedAt: '2031-06-01T10:00:00.000Z', ...after } }],
  })
  expect(response.statusCode).toBe(200)
  return response.json() as unknown[]
}

const activity = (device: typeof owner, query = '') => app.inject({ method: 'GET', url: `/activity${query}`, headers: device.headers })

describe('GET /activity', () => {
  it('lists accepted edits newest first with device, role, time and changed fields, never the values', async () => {
    expect(await push(owner, 'extensions', null, { ...extension, _deleted: false })).toEqual([])
    expect(await push(desk, 'bookings', null, booking)).toEqual([])
    const stored = (await app.storage.documents.get('bookings', 'bk_audit'))!
    expect(await push(desk, 'bookings', stored, { ...stored, notes: 'Allergic to shellfish', adults: 32 })).toEqual([])
    // Refused (front desk may not touch extensions): not in the trail.
    const ext = (await app.storage.documents.get('extensions', 'ext-101'))!
    expect(await push(desk, 'extensions', ext, { ...ext, alertPhone: '+15105550999' })).toHaveLength(1)

    const response = await activity(owner)
    expect(response.statusCode).toBe(200)
    const body = response.json() as { entries: Record<string, unknown>[]; nextBefore: number | null; devices: { id: string; name: string; role: string }[] }
    expect(body.entries.map(({ seq: _seq, at, ...entry }) => ({ ...entry, at: typeof at }))).toEqual([
      { deviceId: desk.deviceId, deviceName: 'Front desk', role: 'frontdesk', collection: 'bookings', documentId: 'bk_audit', fields: ['adults', 'notes'], at: 'string' },
      { deviceId: desk.deviceId, deviceName: 'Front desk', role: 'frontdesk', collection: 'bookings', documentId: 'bk_audit', fields: ['_created'], at: 'string' },
      { deviceId: owner.deviceId, deviceName: 'Office laptop', role: 'owner', collection: 'extensions', documentId: 'ext-101', fields: ['_created'], at: 'string' },
    ])
    expect(body.nextBefore).toBeNull()
    expect(body.devices.map((device) => device.name).sort()).toEqual(['Front desk', 'Office laptop'])
    expect(response.body).not.toContain('shellfish')
    expect(response.body).not.toContain('Maria')
    expect(response.body).not.toContain('5550199')
  })

  it('filters by collection, device and time, and pages with before', async () => {
    await push(owner, 'extensions', null, { ...extension, _deleted: false })
    await push(desk, 'bookings', null, booking)
    const byCollection = (await activity(owner, '?collection=extensions')).json() as { entries: { documentId: string }[] }
    expect(byCollection.entries.map((entry) => entry.documentId)).toEqual(['ext-101'])
    const byDevice = (await activity(owner, `?deviceId=${desk.deviceId}`)).json() as { entries: { documentId: string }[] }
    expect(byDevice.entries.map((entry) => entry.documentId)).toEqual(['bk_audit'])
    const future = (await activity(owner, '?from=2999-01-01T00:00:00.000Z')).json() as { entries: unknown[] }
    expect(future.entries).toEqual([])
    const past = (await activity(owner, `?from=2000-01-01T00:00:00Z&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json() as { entries: unknown[] }
    expect(past.entries).toHaveLength(2)
    const first = (await activity(owner, '?limit=1')).json() as { entries: { documentId: string }[]; nextBefore: number }
    expect(first.entries.map((entry) => entry.documentId)).toEqual(['bk_audit'])
    const second = (await activity(owner, `?limit=1&before=${first.nextBefore}`)).json() as { entries: { documentId: string }[] }
    expect(second.entries.map((entry) => entry.documentId)).toEqual(['ext-101'])
  })

  it('is the owner’s: front desk gets 403, no token 401, bad filters 400', async () => {
    await push(desk, 'bookings', null, booking)
    const forbidden = await activity(desk)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.body).not.toContain('bk_audit')
    expect((await app.inject({ method: 'GET', url: '/activity' })).statusCode).toBe(401)
    expect((await activity(owner, '?collection=secrets')).statusCode).toBe(400)
    expect((await activity(owner, '?from=yesterday')).statusCode).toBe(400)
    expect((await activity(owner, '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).statusCode).toBe(400)
    expect((await activity(owner, '?limit=100000')).statusCode).toBe(400)
  })
})

/**
 * The relay's device change trail over its own database, as the relay builds it (relay-storage.ts)
 * but with bounds small enough for a test to reach; opened on a connection of its own.
 */
async function changeTrailWithBounds(bounds: DeviceChangeLogOptions) {
  const logger = pino({ level: 'silent' })
  const config = parseRelayConfig(relayTestDatabaseEnv(database))
  const opened = await openRelayStorage(config, logger)
  const options = { now: () => new Date(), logger, quotaLimits: config.deviceQuotas, changeLog: bounds }
  const storage =
    opened.engine === 'sqlite'
      ? relayStorageOnSqlite(opened.db, opened.documents, options)
      : relayStorageOnPostgres(opened.db, { ...options, secretBox: new SecretBox(randomBytes(32)) })
  return { changes: storage.changes, close: () => opened.close() }
}

describe('device change trail', () => {
  it('stays bounded: old rows past the retention and rows beyond the cap are dropped', async () => {
    const log = await changeTrailWithBounds({ maxRows: 5, retentionDays: 30, pruneEvery: 4 })
    try {
      const change = (at: string, documentId: string) => ({ at, deviceId: 'd', deviceName: 'D', role: 'owner' as const, collection: 'packages', documentId, fields: ['name'] })
      await log.changes.record(change('2026-01-01T00:00:00.000Z', 'old'))
      for (let i = 0; i < 10; i++) await log.changes.record(change('2026-06-01T00:00:00.000Z', `p${i}`))
      const kept = (await log.changes.list({ limit: 100 })).map((entry) => entry.documentId)
      expect(kept).not.toContain('old')
      expect(kept.length).toBeLessThanOrEqual(5 + 4)
      expect(kept[0]).toBe('p9')
      await log.changes.prune(new Date('2026-06-02T00:00:00.000Z'))
      expect((await log.changes.list({ limit: 100 })).map((entry) => entry.documentId)).toEqual(['p9', 'p8', 'p7', 'p6', 'p5'])
    } finally {
      await log.close()
    }
  })
})
