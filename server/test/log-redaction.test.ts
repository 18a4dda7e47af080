/**
 * Personal data that arrives URL-encoded in a request's path or query string never reaches the
 * relay's log file: every request below is logged by Fastify (method and URL), through the
 * relay's own logger, and the file is scanned for the canaries in every encoding.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { canaries, encodedForms, findLeaks } from '../src/logging/leak-scan'
import { createRelayLogger } from '../src/logging/logger'
import { openDatabase } from '../src/storage/database'

describe('request URLs in the relay log', () => {
  let app: RelayApp | undefined
  afterEach(async () => {
    await app?.close()
    app = undefined
  })

  it('never carry a canary, however it was encoded', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-log-urls-'))
    const logger = createRelayLogger('info', dataDir)
    const db = openDatabase(dataDir)
    app = await buildRelay({ config: parseRelayConfig({ RELAY_DATA_DIR: dataDir }), db, logger })
    app.addHook('onClose', async () => db.close())
    const values = [canaries.phone, canaries.customerName, canaries.customerText, canaries.email, canaries.token]
    let requests = 0
    for (const value of values) {
      for (const form of [value, ...encodedForms(value)]) {
        for (const url of [
          `/sync/customers/pull?checkpoint=null&limit=10&phone=${form}`,
          `/sync/${form}/pull?q=${form}`,
          `/customers/${form}/history`,
          `/devices/pair?name=${form}&code=${form}`,
          `/nowhere?${form}=1`,
        ]) {
          const response = await app.inject({ method: url.startsWith('/devices') ? 'POST' : 'GET', url, headers: { authorization: `Bearer ${canaries.token}` }, payload: url.startsWith('/devices') ? {} : undefined })
          expect(response.statusCode).toBeLessThan(500)
          requests++
        }
      }
    }
    await new Promise<void>((resolve) => logger.flush(() => resolve()))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const written = readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8')
    // Every request was logged, with its URL…
    expect(written.match(/"msg":"incoming request"/g)?.length).toBe(requests)
    expect(written).toContain('/sync/customers/pull?checkpoint=null&limit=10&phone=[redacted]')
    // …and none of them left a canary behind, in any form.
    expect(findLeaks(written)).toEqual([])
  })
})
