import pino from 'pino'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openRelayStorage } from '../src/storage/open-storage'
import { assertTestEngine, dropRelayTestDatabase, freshRelayTestDatabase, relayTestDatabaseEnv, relayTestEngine, type RelayTestDatabase } from '../sandbox/testing/relay-harness'

/**
 * A fresh relay on a fresh database, not listening: drive it with `app.inject`. The database is
 * SQLite's file, or a PostgreSQL schema when `RELAY_TEST_ENGINE=postgres` (relay-harness.ts); it
 * is removed when the app closes. `database` opens one made beforehand (by a command, say).
 */
export async function buildTestRelay(env: Record<string, string> = {}, database?: RelayTestDatabase): Promise<RelayApp> {
  const opening = database ?? (await freshRelayTestDatabase())
  const config = parseRelayConfig({ ...env, ...relayTestDatabaseEnv(opening) })
  const logger = pino({ level: 'silent' })
  const opened = await openRelayStorage(config, logger)
  try {
    assertTestEngine(opened.engine, relayTestEngine())
  } catch (error) {
    await opened.close()
    if (!database) await dropRelayTestDatabase(opening)
    throw error
  }
  const app = await buildRelay({
    config,
    ...(opened.engine === 'sqlite' ? { db: opened.db, documents: opened.documents } : { storage: opened.storage }),
    logger,
    version: '9.9.9-test',
  })
  app.addHook('onClose', async () => {
    await opened.close()
    await dropRelayTestDatabase(opening)
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
