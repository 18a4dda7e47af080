/**
 * Serves the built console to an ordinary browser and carries the IPC contract over HTTP:
 * `POST /ipc/:channel` for calls, `GET /ipc/events` (Server-Sent Events) for events. It runs the
 * same main-process services as Electron, so only the Electron glue differs between the two.
 *
 * The door, in three locks:
 * - A secret made at each launch. The address printed for the user carries it (`/?key=…`); the
 *   first request with it is answered with an HttpOnly, SameSite=Strict cookie holding it and a
 *   redirect to `/`, so it leaves the address bar. Every other request, the console's files, each
 *   IPC call and the event stream, needs that cookie: another program on this computer (or
 *   another user of it) that can reach the port but was never shown the address gets 401.
 * - It listens on loopback only and refuses other host names (421), so DNS rebinding cannot reach it.
 * - Calls must come from the console's own origin (403), so a web page the user happens to visit
 *   cannot drive it (CSRF); SameSite=Strict keeps the cookie off such cross-site requests too.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import { headerContentSecurityPolicy } from '../../shared/content-security-policy'
import { createIpcDispatcher } from '../ipc/dispatcher'
import type { ConsoleServices } from '../services/console-services'

export interface WebHostOptions {
  services: ConsoleServices
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  host?: string
  port?: number
  logError?: (message: string, error: unknown) => void
}

export interface WebHost {
  /** The address to open, with this launch's secret in it: show it to the user only. */
  url: string
  close(): Promise<void>
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The query parameter that carries the launch secret in the printed address. */
export const launchKeyParameter = 'key'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Compares in constant time whatever the lengths. */
function isLaunchSecret(given: string | undefined, secret: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(secret)) && given.length === secret.length
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return undefined
}

const signInPage = `<!doctype html><meta charset="utf-8"><title>Switchboard</title>
<p>Open Switchboard with the address printed in the terminal where you started it (it ends in <code>?${launchKeyParameter}=…</code>).
Each start prints a new one.</p>`

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (!existsSync(options.rendererDir)) {
    throw new Error(`The console has not been built yet (${options.rendererDir} is missing). Run "npm run build".`)
  }
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 256 * 1024, forceCloseConnections: true })
  const dispatch = createIpcDispatcher(options.services.handlers, (channel, error) =>
    options.logError?.(`IPC handler ${channel} failed`, error),
  )
  let allowedOrigins = new Set<string>()
  const secret = randomBytes(32).toString('base64url')
  // Cookies ignore ports: a name per port keeps two consoles on one machine from sharing one.
  let cookieName = 'switchboard_console'

  app.addHook('onRequest', async (request, reply) => {
    const [hostname] = (request.headers.host ?? '').split(/:(?=\d+$)/)
    if (!loopbackHosts.has(hostname ?? '')) return reply.code(421).send({ error: 'Unknown host' })
    if (request.method !== 'GET' && !allowedOrigins.has(request.headers.origin ?? '')) {
      return reply.code(403).send({ error: 'Requests must come from the console itself' })
    }
    const url = new URL(request.url, 'http://localhost')
    const key = url.searchParams.get(launchKeyParameter)
    if (request.method === 'GET' && url.pathname === '/' && key !== null) {
      if (!isLaunchSecret(key, secret)) return reply.code(401).type('text/html').send(signInPage)
      return reply
        .code(303)
        .header('Set-Cookie', `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`)
        .header('Cache-Control', 'no-store')
        .header('Location', '/')
        .send()
    }
    if (!isLaunchSecret(cookieValue(request.headers.cookie, cookieName), secret)) {
      if (url.pathname.startsWith('/ipc/')) return reply.code(401).send({ error: 'Open the console with the address printed when it started' })
      return reply.code(401).type('text/html').send(signInPage)
    }
  })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', headerContentSecurityPolicy())
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cross-Origin-Opener-Policy', 'same-origin')
  })

  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' })

  app.post<{ Params: { channel: string }; Body: { payload?: unknown } }>('/ipc/:channel', async (request) => {
    const body = request.body as { payload?: unknown } | undefined
    return dispatch(request.params.channel, body?.payload ?? null)
  })

  app.get('/ipc/events', (request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'content-security-policy': headerContentSecurityPolicy(),
    })
    const send = (event: string, payload: unknown) => reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    reply.raw.write(': connected\n\n')
    const detach = options.services.events.attach(send)
    // A page whose stream opens after the console paired (npm start pairs while the page loads)
    // would never hear of it: every connection starts with the pairing state as it is now.
    const current = options.services.handlers['sync:getState'](null)
    if (current instanceof Promise) void current.then((state) => send('sync:state', state))
    else send('sync:state', current)
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000)
    request.raw.on('close', () => {
      clearInterval(keepAlive)
      detach()
    })
  })
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  const { port } = new URL(address)
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
  cookieName = `switchboard_console_${port}`
  return {
    url: `http://127.0.0.1:${port}/?${launchKeyParameter}=${secret}`,
    close: () => app.close(),
  }
}
