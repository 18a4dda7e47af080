import Fastify from 'fastify'
import { request as httpRequest, Agent } from 'node:http'
import { describe, expect, it } from 'vitest'
import { closePromptly } from './close-promptly'

/** A keep-alive request to `path`, resolved with the status and Connection header once answered. */
function get(url: string, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }))
    })
    request.on('error', reject)
    request.end()
  })
}

async function appAnsweringLate(withClosePromptly: boolean) {
  const app = Fastify()
  if (withClosePromptly) closePromptly(app)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let arrived!: () => void
  const inFlight = new Promise<void>((resolve) => (arrived = resolve))
  app.get('/late', async () => {
    arrived()
    await released
    return { ok: true }
  })
  app.get('/quick', async () => ({ ok: true }))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url, release, inFlight }
}

describe('closePromptly', () => {
  it('closes without waiting out the keep-alive of a connection whose request was running when close began', async () => {
    const { app, url, release, inFlight } = await appAnsweringLate(true)
    const agent = new Agent({ keepAlive: true })
    // One connection already idle, one busy with a request that is answered only after close begins.
    expect((await get(`${url}/quick`, agent)).status).toBe(200)
    const late = get(`${url}/late`, agent)
    await inFlight
    const started = Date.now()
    const closed = app.close()
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    expect(await late).toEqual({ status: 200, connection: 'close' })
    await closed
    expect(Date.now() - started).toBeLessThan(2_000)
    agent.destroy()
  })

  it('is what makes the difference: without it the same close still waits after the answer', async () => {
    const { app, url, release, inFlight } = await appAnsweringLate(false)
    const agent = new Agent({ keepAlive: true })
    const late = get(`${url}/late`, agent)
    await inFlight
    let isClosed = false
    const closed = app.close().then(() => (isClosed = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    expect((await late).connection).toBe('keep-alive')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(isClosed).toBe(false)
    // Ends the connection the server kept, so the test leaves nothing behind.
    agent.destroy()
    await closed
  })
})
