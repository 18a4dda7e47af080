/**
 * Plaid Link for the console in a plain browser, on an origin of its own: a second loopback
 * server that serves only the Link page (with its own CSP, which lets Plaid's CDN in) and takes
 * one result per Link session at `POST /link/result`. It has no IPC routes, and the console's
 * web host refuses requests from this origin, so Link's page cannot drive the console.
 */
import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'
import { linkHeaderContentSecurityPolicy } from '../../shared/content-security-policy'
import { linkPageFragment, linkResultPath, type LinkPageResult } from '../../shared/plaid-link-contract'
import { isLinkPageResult } from '../services/link-result'
import type { LinkLauncher } from '../services/bank-service'

export interface LinkHostOptions {
  rendererDir: string
  /** Hands a session's result to the console services; false when the session is not open. */
  finish: (result: LinkPageResult) => boolean
  /**
   * Demo on the relay's sandbox: the Plaid simulator's address, whose Link stand-in this host
   * serves under Plaid's CDN paths (a plain browser cannot be told to fetch Plaid's CDN elsewhere).
   */
  standInBase?: () => string | null
}

export interface LinkHost {
  url: string
  launcher: LinkLauncher
  close(): Promise<void>
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

export async function startLinkHost(options: LinkHostOptions): Promise<LinkHost> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024, forceCloseConnections: true })
  let origin = ''

  app.addHook('onRequest', async (request, reply) => {
    const [hostname] = (request.headers.host ?? '').split(/:(?=\d+$)/)
    if (!loopbackHosts.has(hostname ?? '')) return reply.code(421).send({ error: 'Unknown host' })
    if (request.method !== 'GET' && request.headers.origin !== origin) {
      return reply.code(403).send({ error: 'Requests must come from the Link page itself' })
    }
  })
  app.addHook('onSend', async (_request, reply) => {
    // The demo's stand-in frame brings its own policy (it is framed by the Link page).
    if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', linkHeaderContentSecurityPolicy)
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    // No window handle between the console and Link's page, in either direction.
    reply.header('Cross-Origin-Opener-Policy', 'same-origin')
  })

  // The Link page and its bundle; nothing else of the console is served from this origin.
  await app.register(fastifyStatic, {
    root: options.rendererDir,
    index: false,
    allowedPath: (pathName) => pathName === '/link.html' || pathName.startsWith('/assets/'),
  })

  app.post(linkResultPath, async (request, reply) => {
    if (!isLinkPageResult(request.body)) return reply.code(400).send({ error: 'Not a Link result' })
    return options.finish(request.body) ? reply.code(204).send() : reply.code(404).send({ error: 'No open Link session with that id' })
  })

  if (options.standInBase) {
    const standInBase = options.standInBase
    app.route({
      method: ['GET', 'POST'],
      url: '/link/v2/stable/*',
      handler: async (request, reply) => {
        const base = standInBase()
        if (!base) return reply.code(404).send({ error: 'No Plaid sandbox' })
        const upstream = await fetch(`${base}${request.url}`, {
          method: request.method,
          headers: request.method === 'POST' ? { 'content-type': 'application/json' } : {},
          body: request.method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined,
        })
        const policy = upstream.headers.get('content-security-policy')
        if (policy) reply.header('content-security-policy', policy)
        return reply
          .code(upstream.status)
          .type(upstream.headers.get('content-type') ?? 'application/octet-stream')
          .send(Buffer.from(await upstream.arrayBuffer()))
      },
    })
  }

  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  origin = `http://127.0.0.1:${new URL(address).port}`
  return {
    url: `${origin}/`,
    launcher: {
      open: async (session) => ({
        openUrl: `${origin}/link.html#${linkPageFragment(session.sessionId, session.linkToken, { standIn: Boolean(options.standInBase?.()) })}`,
      }),
    },
    close: () => app.close(),
  }
}
