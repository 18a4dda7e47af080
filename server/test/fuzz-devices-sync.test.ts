/**
 * Property-based fuzzing of the pairing and sync routes: whatever arrives, the relay answers with
 * a 4xx (never a 5xx), never crashes, and a refused request changes nothing. Hostile JSON (deep,
 * wide, huge, not UTF-8, odd numbers) comes from `hostile-json.ts`.
 */
import fc from 'fast-check'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { freshRelayTestDatabase, relayTestDatabaseEnv } from '../sandbox/testing/relay-harness'
import type { RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openRelayStorage, type OpenedStorage } from '../src/storage/open-storage'
import { buildTestRelay, pairDevice } from './helper'
import { deepValue, edgeNumber, hugeString, invalidUtf8, wideValue, withBytes } from './hostile-json'

/**
 * Everything a request could change: every stored document (of any collection, owner-only ones
 * too, whether or not a contract would list it), every device and whether it is revoked, and every
 * pairing code and whether it is spent. Documents and pairing codes are read from the relay's
 * tables on a connection of its own; no contract lists all of either.
 */
async function snapshotOf(app: RelayApp, database: OpenedStorage) {
  const read = async (statement: string) =>
    database.engine === 'postgres' ? (await database.db.pool.query(statement)).rows : database.db.prepare(statement).all()
  const documents = await read('SELECT collection, id, updated_at, deleted, body FROM documents ORDER BY collection, id')
  const devices = (await app.storage.devices.list()).map(({ id, revokedAt }) => ({ id, revokedAt })).sort((a, b) => (a.id < b.id ? -1 : 1))
  const codes = await read('SELECT code_hash, used_at FROM pairing_codes ORDER BY code_hash')
  return JSON.stringify([documents, devices, codes])
}

const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constant('{"code":'),
  fc.constant('[{"assumedMasterState":null,"newDocumentState":{"id":"bk_1"}}]'),
  fc.jsonValue().map((value) => JSON.stringify(value)),
)

describe('fuzzing pairing and sync', () => {
  let app: RelayApp
  let database: OpenedStorage
  let ownerHeaders: Record<string, string>
  beforeAll(async () => {
    const made = await freshRelayTestDatabase()
    app = await buildTestRelay({}, made)
    database = await openRelayStorage(parseRelayConfig(relayTestDatabaseEnv(made)), pino({ level: 'silent' }))
    ownerHeaders = (await pairDevice(app, 'owner')).headers
  })
  afterAll(async () => {
    await database?.close()
    await app?.close()
  })
  const snapshot = () => snapshotOf(app, database)

  it('pairing never answers 5xx, and a refused attempt pairs nothing', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, contentType) => {
        const before = await snapshot()
        const response = await app.inject({
          method: 'POST',
          url: '/devices/pair',
          headers: { 'content-type': contentType },
          payload: body,
          remoteAddress: `10.${Math.floor(Math.random() * 250)}.0.1`,
        })
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(response.statusCode).toBeLessThan(500)
        expect(await snapshot()).toBe(before)
      }),
      { numRuns: 150 },
    )
  })

  it('sync routes never answer 5xx to garbage, with or without a valid token', async () => {
    const collection = fc.oneof(fc.constantFrom('bookings', 'settings', 'needsAttention', '__proto__', 'constructor'), fc.string({ maxLength: 20 }))
    await fc.assert(
      fc.asyncProperty(collection, jsonish, fc.string({ maxLength: 60 }), fc.boolean(), async (name, body, query, authorized) => {
        const headers = authorized ? ownerHeaders : { authorization: `Bearer ${query}` }
        // Guesses come from their own addresses so the token lockout never hides the owner's requests.
        const remoteAddress = authorized ? '127.0.0.1' : `10.${Math.floor(Math.random() * 250)}.1.1`
        const pull = await app.inject({
          method: 'GET',
          url: `/sync/${encodeURIComponent(name)}/pull?checkpoint=${encodeURIComponent(query)}&limit=${encodeURIComponent(query)}`,
          headers,
          remoteAddress,
        })
        expect(pull.statusCode).toBeLessThan(500)
        const before = await snapshot()
        const push = await app.inject({
          method: 'POST',
          url: `/sync/${encodeURIComponent(name)}/push`,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: body,
          remoteAddress,
        })
        expect(push.statusCode).toBeLessThan(500)
        if (push.statusCode >= 400) expect(await snapshot()).toBe(before)
      }),
      { numRuns: 150 },
    )
  })

  const customerPush = (id: string, notes: string) =>
    `[{"assumedMasterState":null,"newDocumentState":{"id":"${id}","updatedAt":"2026-11-01T00:00:00.000Z","name":"Fuzz","phone":null,` +
    `"email":null,"notes":${notes},"smsOptOut":false,"createdAt":"2026-11-01T00:00:00.000Z"}}]`
  const bookingPush = (id: string, totalCents: string) => {
    const booking = JSON.stringify({ ...bookingFixture({ id, eventDate: '2026-12-12', createdAt: '2026-11-01T00:00:00.000Z' }), updatedAt: '2026-11-01T00:00:00.000Z' })
    return `[{"assumedMasterState":null,"newDocumentState":${booking.replace('"totalCents":165000', `"totalCents":${totalCents}`)}}]`
  }
  let fuzzId = 0

  it('refuses JSON nested deeper than 64 levels with 400 on pairing and sync, and stores nothing', async () => {
    const depth = fc.integer({ min: 65, max: 3_000 })
    await fc.assert(
      fc.asyncProperty(depth, fc.constantFrom('push', 'pair'), async (levels, route) => {
        const nested = `${'['.repeat(levels)}${']'.repeat(levels)}`
        const before = await snapshot()
        const response =
          route === 'push'
            ? await app.inject({ method: 'POST', url: '/sync/customers/push', headers: { ...ownerHeaders, 'content-type': 'application/json' }, payload: customerPush(`cus_deep_${fuzzId++}`, nested) })
            : await app.inject({ method: 'POST', url: '/devices/pair', headers: { 'content-type': 'application/json' }, payload: `{"code":${nested},"name":"x"}`, remoteAddress: '10.200.0.1' })
        expect([response.statusCode, response.json().error]).toEqual([400, 'too_deep'])
        expect(await snapshot()).toBe(before)
      }),
      { numRuns: 40 },
    )
  })

  it('answers hostile JSON (deep, wide, huge, not UTF-8, odd numbers) without a 5xx, storing nothing it refuses', async () => {
    const hostile = fc.oneof(
      fc.tuple(fc.constant('notes'), fc.oneof(deepValue, wideValue, hugeString)),
      fc.tuple(fc.constant('cents'), edgeNumber),
      fc.tuple(fc.constant('utf8'), fc.tuple(invalidUtf8, fc.nat({ max: 400 }))),
    )
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('push', 'pair'), async ([kind, value], route) => {
        const id = `${kind === 'cents' ? 'bk' : 'cus'}_fuzz_${fuzzId++}`
        let payload: string | Buffer
        if (kind === 'utf8') {
          const [bytes, at] = value as [number[], number]
          payload = withBytes(route === 'push' ? customerPush(id, '"fine"') : '{"code":"AAAA-AAAA-AAAA-AAAA","name":"x"}', bytes, at)
        } else if (route === 'pair') {
          payload = `{"code":${value as string},"name":"x"}`
        } else {
          payload = kind === 'cents' ? bookingPush(id, value as string) : customerPush(id, value as string)
        }
        const before = await snapshot()
        const response =
          route === 'push'
            ? await app.inject({ method: 'POST', url: `/sync/${kind === 'cents' ? 'bookings' : 'customers'}/push`, headers: { ...ownerHeaders, 'content-type': 'application/json' }, payload })
            : await app.inject({ method: 'POST', url: '/devices/pair', headers: { 'content-type': 'application/json' }, payload, remoteAddress: `10.201.${fuzzId % 250}.1` })
        expect(response.statusCode).toBeLessThan(500)
        if (kind === 'utf8') expect(response.statusCode).toBe(400)
        if (response.statusCode >= 400) {
          expect(await snapshot()).toBe(before)
          return
        }
        if (route === 'pair') return
        // Accepted: what is stored is a valid document (an integer amount within the schema's bounds),
        // unless the relay answered with its own state instead (a booking beyond the slot's capacity).
        const stored = await app.storage.documents.get(kind === 'cents' ? 'bookings' : 'customers', id)
        const conflicts = response.json() as { id: string }[]
        if (conflicts.some((conflict) => conflict.id === id)) return
        expect(stored).not.toBeNull()
        if (kind === 'cents') expect(Number.isSafeInteger(stored!.totalCents)).toBe(true)
        else expect(typeof stored!.notes).toBe('string')
      }),
      { numRuns: 150 },
    )
  })
})
