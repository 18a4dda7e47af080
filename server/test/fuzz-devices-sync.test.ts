/**
 * Property-based fuzzing of the pairing and sync routes: whatever arrives, the relay answers with
 * a 4xx (never a 5xx), never crashes, and a refused request changes nothing.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RelayApp } from '../src/app'
import { buildTestRelay, pairDevice } from './helper'

const snapshot = (app: RelayApp) =>
  JSON.stringify([
    app.db.prepare('SELECT collection, id, updated_at, body FROM documents ORDER BY collection, id').all(),
    app.db.prepare('SELECT id, revoked_at FROM devices ORDER BY id').all(),
    app.db.prepare('SELECT code_hash, used_at FROM pairing_codes ORDER BY code_hash').all(),
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
})
