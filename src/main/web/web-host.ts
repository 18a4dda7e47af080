/**
 * Serves the built console to an ordinary browser and carries the IPC contract over HTTP:
 * `POST /ipc/:channel` for calls, `GET /ipc/events` (Server-Sent Events) for events. It runs the
 * same main-process services as Electron, so only the Electron glue differs between the two.
 *
 * It listens on loopback only, and refuses requests from any other origin or host name, so a web
 * page the user happens to visit cannot drive the console (CSRF) or rebind DNS to reach it.
 */
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
  url: string
  close(): Promise<void>
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (!existsSync(options.rendererDir)) {
    throw new Error(`The console has not been built yet (${options.rendererDir} is missing). Run "npm run build".`)
  }
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 256 * 1024, forceCloseConnections: true })
  const dispatch = createIpcDispatcher(options.services.handlers, (channel, error) =>
    options.logError?.(`IPC handler ${channel} failed`, error),
  )
  let allowedOrigins = new Set<string>()

  app.addHook('onRequest', async (request, reply) => {
    const [hostname] = (request.headers.host ?? '').split(/:(?=\d+$)/)
    if (!loopbackHosts.has(hostname ?? '')) return reply.code(421).send({ error: 'Unknown host' })
    if (request.method !== 'GET' && !allowedOrigins.has(request.headers.origin ?? '')) {
      return reply.code(403).send({ error: 'Requests must come from the console itself' })
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
    reply.raw.write(': connected\n\n')
    const detach = options.services.events.attach((event, payload) => {
      reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000)
    request.raw.on('close', () => {
      clearInterval(keepAlive)
      detach()
    })
  })
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  const { port } = new URL(address)
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => app.close(),
  }
}
