import { afterEach, describe, expect, it } from 'vitest'
import type { RelayApp } from '../src/app'
import { buildTestRelay } from './helper'

describe('GET /healthz', () => {
  let app: RelayApp
  afterEach(() => app.close())

  it('answers 200 with status ok and the component states', async () => {
    app = await buildTestRelay()
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', version: '9.9.9-test', components: { database: 'ok' }, ready: true, demo: false, sandbox: false })
  })

  it('answers 503 when the database is unusable', async () => {
    app = await buildTestRelay()
    app.db!.close()
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
