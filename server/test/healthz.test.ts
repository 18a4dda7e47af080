import { createServer, connect, type Socket } from 'node:net'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { buildRelay, type RelayApp } from '../src/app'
import { parseRelayConfig } from '../src/config/config'
import { openRelayStorage } from '../src/storage/open-storage'
import { postgresTestUrl } from '../src/storage/testing/test-databases'
import { dropRelayTestDatabase, freshRelayTestDatabase, relayTestDatabaseEnv, relayTestEngine } from '../sandbox/testing/relay-harness'
import { buildTestRelay } from './helper'

/**
 * A TCP relay in front of the PostgreSQL server, so a test can make the database unreachable
 * (as a network or server failure would) without touching the server other tests use.
 */
async function startDatabaseLink(target: URL) {
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => (client.destroy(), upstream.destroy()))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const url = new URL(target)
  url.host = `127.0.0.1:${port}`
  return {
    url: url.toString(),
    /** Refuses new connections and drops the open ones. */
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

/** A relay like `buildTestRelay`'s, on a fresh PostgreSQL schema reached through `startDatabaseLink`. */
async function buildTestRelayOverLink() {
  const database = await freshRelayTestDatabase()
  const link = await startDatabaseLink(new URL(postgresTestUrl!))
  const config = parseRelayConfig({ ...relayTestDatabaseEnv(database), DATABASE_URL: link.url })
  const logger = pino({ level: 'silent' })
  const opened = await openRelayStorage(config, logger)
  const app = await buildRelay({ config, storage: opened.storage, logger, version: '9.9.9-test' })
  app.addHook('onClose', async () => {
    await opened.close()
    await link.cut()
    await dropRelayTestDatabase(database)
  })
  return { app, link }
}

describe('GET /healthz', () => {
  let app: RelayApp
  afterEach(() => app.close())

  it('answers 200 with status ok and the component states', async () => {
    app = await buildTestRelay()
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', version: '9.9.9-test', components: { database: 'ok' }, ready: true, demo: false, sandbox: false })
  })

  it('answers 503 when the database is unusable (SQLite: its file closed; PostgreSQL: the server unreachable)', async () => {
    if (relayTestEngine() === 'sqlite') {
      app = await buildTestRelay()
      app.db!.close()
    } else {
      const built = await buildTestRelayOverLink()
      app = built.app
      // Healthy through the link first, so what follows is the link's doing.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
      await built.link.cut()
    }
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ status: 'unavailable', components: { database: 'unusable' } })
  })

  it('answers unknown routes with a 404 that says which route', async () => {
    app = await buildTestRelay()
    const response = await app.inject({ method: 'GET', url: '/nope?token=secret' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: 'not_found', message: 'No route GET /nope' })
  })
})
