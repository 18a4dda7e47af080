/**
 * Property-based fuzzing of the pairing and sync routes: whatever arrives, the relay answers with
 * a 4xx (never a 5xx), never crashes, and a refused request changes nothing. Hostile JSON (deep,
 * wide, huge, not UTF-8, odd numbers) comes from `hostile-json.ts`.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import type { RelayApp } from '../src/app'
import { buildTestRelay, pairDevice } from './helper'
import { deepValue, edgeNumber, hugeString, invalidUtf8, wideValue, withBytes } from './hostile-json'

const snapshot = (app: RelayApp) =>
  JSON.stringify([
    app.db!.prepare('SELECT collection, id, updated_at, body FROM documents ORDER BY collection, id').all(),
    app.db!.prepare('SELECT id, revoked_at FROM devices ORDER BY id').all(),
    app.db!.prepare('SELECT code_hash, used_at FROM pairing_codes ORDER BY code_hash').all(),
  ])

const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constant('{"code":'),
  fc.constant('[{"assumedMasterState":null,"newDocumentState":{"id":"bk_1"}}]'),
  fc.jsonValue().map((value) => JSON.stringify(value)),
)

describe('fuzzing pairing and sync', () => {
  let app: RelayApp
  let ownerHeaders: Record<string, string>
  beforeAll(async () => {
    app = await buildTestRelay()
    ownerHeaders = (await pairDevice(app, 'owner')).headers
  })
  afterAll(() => app.close())

  it('pairing never answers 5xx, and a refused attempt pairs nothing', async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, contentType) => {
        const before = snapshot(app)
        const response = await app.inject({
          method: 'POST',
          url: '/devices/pair',
          headers: { 'content-type': contentType },
          payload: body,
          remoteAddress: `10.${Math.floor(Math.random() * 250)}.0.1`,
        })
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(response.statusCode).toBeLessThan(500)
        expect(snapshot(app)).toBe(before)
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
        const before = snapshot(app)
        const push = await app.inject({
          method: 'POST',
          url: `/sync/${encodeURIComponent(name)}/push`,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: body,
          remoteAddress,
        })
        expect(push.statusCode).toBeLessThan(500)
        if (push.statusCode >= 400) expect(snapshot(app)).toBe(before)
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
        const before = snapshot(app)
        const response =
          route === 'push'
            ? await app.inject({ method: 'POST', url: '/sync/customers/push', headers: { ...ownerHeaders, 'content-type': 'application/json' }, payload: customerPush(`cus_deep_${fuzzId++}`, nested) })
            : await app.inject({ method: 'POST', url: '/devices/pair', headers: { 'content-type': 'application/json' }, payload: `{"code":${nested},"name":"x"}`, remoteAddress: '10.200.0.1' })
        expect([response.statusCode, response.json().error]).toEqual([400, 'too_deep'])
        expect(snapshot(app)).toBe(before)
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
        const before = snapshot(app)
        const response =
          route === 'push'
            ? await app.inject({ method: 'POST', url: `/sync/${kind === 'cents' ? 'bookings' : 'customers'}/push`, headers: { ...ownerHeaders, 'content-type': 'application/json' }, payload })
            : await app.inject({ method: 'POST', url: '/devices/pair', headers: { 'content-type': 'application/json' }, payload, remoteAddress: `10.201.${fuzzId % 250}.1` })
        expect(response.statusCode).toBeLessThan(500)
        if (kind === 'utf8') expect(response.statusCode).toBe(400)
        if (response.statusCode >= 400) {
          expect(snapshot(app)).toBe(before)
          return
        }
        if (route === 'pair') return
        // Accepted: what is stored is a valid document (an integer amount within the schema's bounds),
        // unless the relay answered with its own state instead (a booking beyond the slot's capacity).
        const stored = app.documents!.get(kind === 'cents' ? 'bookings' : 'customers', id)
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
