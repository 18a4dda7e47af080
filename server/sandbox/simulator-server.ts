/**
 * What every provider simulator shares: a Fastify server on its own 127.0.0.1 port (port 0, so
 * parallel runs never collide) and a plain HTTP webhook delivery that reports what the receiver
 * answered.
 */
import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'

export interface SimulatorServer {
  app: FastifyInstance
  url: string
  close(): Promise<void>
}

/** Builds a silent Fastify app, lets `routes` register on it, and listens on 127.0.0.1:0. */
export async function startSimulatorServer(routes: (app: FastifyInstance) => void | Promise<void>): Promise<SimulatorServer> {
  // A provider going away drops its connections: a keep-alive connection busy when close began
  // would otherwise hold close() until its keep-alive timeout.
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024, forceCloseConnections: true })
  await routes(app)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url, close: () => app.close() }
}

export interface DeliveryResult {
  url: string
  status: number
  /** The receiver's answer, truncated: enough to see an error code. */
  body: string
  headers: Record<string, string>
}

/** POSTs a webhook exactly as given (the body bytes are what was signed). */
export async function deliverWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<DeliveryResult> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) })
    const text = await response.text()
    return { url, status: response.status, body: text.slice(0, 2000), headers: Object.fromEntries(response.headers) }
  } catch {
    // Unreachable or too slow: the provider counts it as a failed delivery.
    return { url, status: 0, body: '', headers: {} }
  }
}

/** A random id in a provider's style (`evt_…`, `cs_test_…`). */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`
}

/** Seconds since the epoch, the unit Stripe and Plaid timestamps use. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}
