import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openDatabase } from '../src/storage/database'

/** A fresh relay on a fresh data folder, not listening: drive it with `app.inject`. */
export async function buildTestRelay(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'relay-test-')),
): Promise<RelayApp> {
  const config = parseRelayConfig({ ...env, RELAY_DATA_DIR: dataDir })
  const db = openDatabase(dataDir)
  const app = await buildRelay({ config, db, logger: pino({ level: 'silent' }), version: '9.9.9-test' })
  app.addHook('onClose', async () => {
    if (db.open) db.close()
  })
  return app
}

/** Pairs a device through the real pairing route and returns its bearer token. */
export async function pairDevice(app: RelayApp, role: 'owner' | 'frontdesk', name = `${role} console`) {
  const { code } = await app.devices.createPairingCode(role)
  const response = await app.inject({ method: 'POST', url: '/devices/pair', payload: { code, name } })
  if (response.statusCode !== 201) throw new Error(`pairing failed: ${response.statusCode} ${response.body}`)
  const body = response.json() as { token: string; deviceId: string }
  return { ...body, headers: { authorization: `Bearer ${body.token}` } }
}
