import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openDatabase } from '../src/storage/database'

/** A fresh relay on a fresh data folder, not listening: drive it with `app.inject`. */
export async function buildTestRelay(env: Record<string, string> = {}): Promise<RelayApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-test-'))
  const config = parseRelayConfig({ ...env, RELAY_DATA_DIR: dataDir })
  const db = openDatabase(dataDir)
  const app = await buildRelay({ config, db, logger: pino({ level: 'silent' }), version: '9.9.9-test' })
  app.addHook('onClose', async () => {
    if (db.open) db.close()
  })
  return app
}
