/**
 * RingCentral's WebSocket gateway (providers §1.6) inside the RingCentral simulator, so
 * `@ringcentral/subscriptions` runs unchanged against it:
 *
 * - `POST /restapi/oauth/wstoken` (bearer required) → `{ uri: "ws://127.0.0.1:PORT/ws",
 *   ws_access_token, expires_in }`; the token is single-use.
 * - `GET /ws?access_token=…[&wsc=…]` upgrades; a bad, expired or used token is refused with 401.
 *   The first frame is `ConnectionDetails`; with `&wsc=` it says `recoveryState: "Failed"` (this
 *   gateway buffers nothing), so the client subscribes again.
 * - `ClientRequest` frames: `POST /restapi/v1.0/subscription` (one subscription per socket; a new
 *   POST replaces the old one), `GET`/`PUT`/`DELETE /restapi/v1.0/subscription/{id}` (404 on an
 *   unknown id); replies carry the same `messageId`, type `ClientRequest` and an HTTP status.
 * - `Heartbeat` frames are answered; every frame the gateway sends with state carries `wsc` with a
 *   rising `sequence`.
 * - `publish(notification)` delivers a `ServerNotification` to every socket whose filters match
 *   the event for the socket's extension (`~` is the token owner's extension): an extension-level
 *   telephony filter sees only the sessions where one of the parties is that extension, and only
 *   those parties, like RingCentral.
 *
 * Control endpoints (never used by real RingCentral):
 * - `POST /__sim/ringcentral/ws/drop` — cuts every socket (a network drop) to prove reconnection
 * - `GET /__sim/ringcentral/ws/connections` — who is connected and subscribed to what
 * - `POST /__sim/ringcentral/jwt` `{extensionNumber}` — a JWT credential that signs in as that
 *   user extension (`platform.login({ jwt })` then yields its `owner_id`), with the app's client
 *   id and secret to use it with
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { WebSocketServer, type WebSocket } from 'ws'
import type { RingCentralNotification, TelephonySessionEventBody } from '../../src/providers/ringcentral/notifications'
import { rcError } from './payloads'

export interface SimulatedUserExtension {
  id: string
  extensionNumber: string
  name: string
}

export interface WebSocketGatewayOptions {
  accountId: string
  /** The account's user extensions (who can sign in with a JWT credential of their own). */
  extensions: readonly SimulatedUserExtension[]
  /** The app credentials handed out with an extension's JWT credential. */
  app: { clientId: string; clientSecret: string }
  /** Which extension an access token belongs to; null when it is unknown or expired. */
  ownerOfAccessToken(accessToken: string): string | null
  now?: () => Date
  /** Lifetime of a `ws_access_token` (RingCentral's example says 30 s; tests shorten it). */
  wsTokenTtlSeconds?: number
}

export interface GatewaySubscription {
  id: string
  eventFilters: string[]
  creationTime: string
}

export interface GatewayConnection {
  extensionId: string
  recovered: boolean
  subscription: GatewaySubscription | null
}

export interface WebSocketGateway {
  /** Registers the HTTP routes and the `/ws` upgrade on the simulator's Fastify app. */
  install(app: FastifyInstance): void
  /** Delivers a notification to every matching socket; returns how many got it. */
  publish(notification: RingCentralNotification): number
  /** Cuts every socket; returns how many were open. */
  dropAll(): number
  connections(): GatewayConnection[]
  /** The extension a JWT credential signs in as, or null for a credential this gateway never issued. */
  extensionForCredential(assertion: string): SimulatedUserExtension | null
  issueCredential(extensionNumber: string): { jwt: string; extension: SimulatedUserExtension } | null
  close(): void
}

type Frame = [Record<string, unknown>] | [Record<string, unknown>, unknown]

interface Connection {
  socket: WebSocket
  extensionId: string
  recovered: boolean
  wsc: { token: string; sequence: number }
  subscription: GatewaySubscription | null
}

const subscriptionPath = '/restapi/v1.0/subscription'
/** A WebSocket subscription lives as long as its socket; RingCentral reports a short nominal expiry. */
const subscriptionExpiresIn = 900

export function createWebSocketGateway(options: WebSocketGatewayOptions): WebSocketGateway {
  const now = options.now ?? (() => new Date())
  const wsTokenTtl = options.wsTokenTtlSeconds ?? 30
  const wsTokens = new Map<string, { extensionId: string; expiresAt: number; used: boolean }>()
  const credentials = new Map<string, SimulatedUserExtension>()
  const open = new Set<Connection>()
  const server = new WebSocketServer({ noServer: true })

  function send(connection: Connection, header: Record<string, unknown>, body?: unknown, withWsc = true): void {
    if (withWsc) {
      connection.wsc.sequence += 1
      header = { ...header, wsc: { ...connection.wsc } }
    }
    const frame: Frame = body === undefined ? [header] : [header, body]
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame))
  }

  function expandFilter(filter: string, extensionId: string): string {
    return filter.replace(/^(\/restapi\/v1\.0\/account\/)~/, `$1${options.accountId}`).replace(/(\/extension\/)~(?=\/|$|\?)/, `$1${extensionId}`)
  }

  function subscriptionView(subscription: GatewaySubscription) {
    return {
      uri: `${subscriptionPath}/${subscription.id}`,
      id: subscription.id,
      creationTime: subscription.creationTime,
      status: 'Active',
      eventFilters: subscription.eventFilters,
      expirationTime: new Date(now().getTime() + subscriptionExpiresIn * 1000).toISOString(),
      expiresIn: subscriptionExpiresIn,
      deliveryMode: { transportType: 'WebSocket', encryption: false },
    }
  }

  function reply(connection: Connection, messageId: unknown, status: number, body?: unknown): void {
    send(connection, { type: 'ClientRequest', messageId, status, headers: { 'Content-Type': 'application/json', RCRequestId: randomUUID() } }, body)
  }

  function replyError(connection: Connection, messageId: unknown, status: number, errorCode: string, message: string): void {
    reply(connection, messageId, status, { errorCode, message, errors: [{ errorCode, message }] })
  }

  function validFilters(body: unknown): string[] | null {
    const filters = (body as { eventFilters?: unknown } | null)?.eventFilters
    if (!Array.isArray(filters) || filters.length === 0 || !filters.every((f) => typeof f === 'string' && f.startsWith('/restapi/'))) return null
    return filters as string[]
  }

  function handleClientRequest(connection: Connection, header: Record<string, unknown>, body: unknown): void {
    const { messageId, method } = header
    const path = typeof header.path === 'string' ? header.path.split('?')[0]! : ''
    if (path === subscriptionPath && method === 'POST') {
      const filters = validFilters(body)
      const transport = (body as { deliveryMode?: { transportType?: unknown } } | null)?.deliveryMode?.transportType
      if (!filters) return replyError(connection, messageId, 400, 'CMN-101', 'Parameter [eventFilters] value is invalid')
      if (transport !== 'WebSocket') return replyError(connection, messageId, 400, 'SUB-501', 'Invalid delivery mode')
      connection.subscription = {
        id: randomUUID(),
        eventFilters: filters.map((filter) => expandFilter(filter, connection.extensionId)),
        creationTime: now().toISOString(),
      }
      return reply(connection, messageId, 200, subscriptionView(connection.subscription))
    }
    const byId = path.startsWith(`${subscriptionPath}/`) ? path.slice(subscriptionPath.length + 1) : null
    if (byId !== null && ['GET', 'PUT', 'DELETE'].includes(String(method))) {
      const subscription = connection.subscription
      if (!subscription || subscription.id !== byId) return replyError(connection, messageId, 404, 'SUB-406', 'Subscription not found')
      if (method === 'GET') return reply(connection, messageId, 200, subscriptionView(subscription))
      if (method === 'DELETE') {
        connection.subscription = null
        return reply(connection, messageId, 204)
      }
      const filters = body === undefined ? subscription.eventFilters : validFilters(body)
      if (!filters) return replyError(connection, messageId, 400, 'CMN-101', 'Parameter [eventFilters] value is invalid')
      subscription.eventFilters = filters.map((filter) => expandFilter(filter, connection.extensionId))
      return reply(connection, messageId, 200, subscriptionView(subscription))
    }
    replyError(connection, messageId, 404, 'CMN-102', `Resource for ${String(method)} ${path} is not available over WebSocket here`)
  }

  function handleFrame(connection: Connection, data: string): void {
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      frame = null
    }
    const header = Array.isArray(frame) ? (frame[0] as Record<string, unknown> | undefined) : undefined
    if (!header || typeof header !== 'object') {
      send(connection, { type: 'Error', messageId: randomUUID(), status: 400 }, { errorCode: 'WSG-400', message: 'Every message must be a JSON array [header] or [header, body]' }, false)
      return
    }
    if (header.type === 'Heartbeat') return send(connection, { type: 'Heartbeat', messageId: header.messageId, status: 200 }, undefined, false)
    if (header.type === 'ClientRequest') return handleClientRequest(connection, header, (frame as unknown[])[1])
    send(connection, { type: 'Error', messageId: header.messageId, status: 400 }, { errorCode: 'WSG-400', message: `Unsupported message type ${String(header.type)}` }, false)
  }

  function accept(socket: WebSocket, extensionId: string, recovered: boolean): void {
    const connection: Connection = { socket, extensionId, recovered, wsc: { token: randomBytes(24).toString('base64url'), sequence: 0 }, subscription: null }
    open.add(connection)
    socket.on('message', (data) => handleFrame(connection, data.toString()))
    socket.on('close', () => open.delete(connection))
    socket.on('error', () => open.delete(connection))
    send(
      connection,
      { type: 'ConnectionDetails', messageId: randomUUID(), status: 200, headers: { RCRequestId: randomUUID() } },
      {
        creationTime: now().toISOString(),
        maxConnectionsPerSession: 50,
        recoveryBufferSize: 100,
        recoveryTimeout: 180,
        idleTimeout: 1800,
        absoluteTimeout: 86400,
        maxActiveRequests: 10,
        // Nothing is buffered here, so a recovery always fails and the client subscribes again.
        ...(recovered ? { recoveryState: 'Failed' } : {}),
      },
    )
  }

  function handleUpgrade(app: FastifyInstance, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://simulator')
    if (url.pathname !== '/ws') {
      // Another part of the simulator may own this path; refuse only when nobody else listens.
      if (app.server.listenerCount('upgrade') <= 1) refuse(socket, 404, 'CMN-102', 'Not found')
      return
    }
    const token = wsTokens.get(url.searchParams.get('access_token') ?? '')
    if (!token || token.used || token.expiresAt <= now().getTime()) {
      return refuse(socket, 401, 'WSG-401', 'WebSocket access token is invalid, expired or already used')
    }
    token.used = true
    server.handleUpgrade(request, socket, head, (ws) => accept(ws, token.extensionId, url.searchParams.has('wsc')))
  }

  const gateway: WebSocketGateway = {
    install(app) {
      app.post('/restapi/oauth/wstoken', async (request, reply) => {
        const bearer = /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
        const extensionId = bearer ? options.ownerOfAccessToken(bearer[1]!) : null
        if (!extensionId) return rcError(reply, 401, 'TokenInvalid', 'Access token is invalid or expired')
        const wsAccessToken = `SIMWS${randomBytes(24).toString('base64url')}`
        wsTokens.set(wsAccessToken, { extensionId, expiresAt: now().getTime() + wsTokenTtl * 1000, used: false })
        const { port } = app.server.address() as AddressInfo
        return { uri: `ws://127.0.0.1:${port}/ws`, ws_access_token: wsAccessToken, expires_in: wsTokenTtl }
      })
      app.post('/__sim/ringcentral/ws/drop', async () => ({ dropped: gateway.dropAll() }))
      app.get('/__sim/ringcentral/ws/connections', async () => ({ records: gateway.connections() }))
      app.post('/__sim/ringcentral/jwt', async (request, reply) => {
        const { extensionNumber } = (request.body ?? {}) as { extensionNumber?: unknown }
        const issued = typeof extensionNumber === 'string' ? gateway.issueCredential(extensionNumber) : null
        if (!issued) return rcError(reply, 404, 'CMN-102', 'Resource for parameter [extensionNumber] is not found')
        return { jwt: issued.jwt, extensionId: issued.extension.id, extensionNumber: issued.extension.extensionNumber, ...options.app }
      })
      app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(app, request, socket, head))
    },
    publish(notification) {
      let delivered = 0
      for (const connection of open) {
        const subscription = connection.subscription
        if (!subscription) continue
        for (const filter of subscription.eventFilters) {
          const shown = notificationFor(filter, notification, options.accountId)
          if (!shown) continue
          send(
            connection,
            { type: 'ServerNotification', messageId: shown.uuid, status: 200, headers: { RCRequestId: randomUUID() } },
            { ...shown, subscriptionId: subscription.id, ownerId: connection.extensionId },
          )
          delivered += 1
          break
        }
      }
      return delivered
    },
    dropAll() {
      const count = open.size
      for (const connection of open) connection.socket.terminate()
      open.clear()
      return count
    },
    connections: () =>
      [...open].map((connection) => ({ extensionId: connection.extensionId, recovered: connection.recovered, subscription: connection.subscription })),
    extensionForCredential: (assertion) => credentials.get(assertion) ?? null,
    issueCredential(extensionNumber) {
      const extension = options.extensions.find((candidate) => candidate.extensionNumber === extensionNumber)
      if (!extension) return null
      const jwt = `sim-jwt-ext-${randomBytes(24).toString('base64url')}`
      credentials.set(jwt, extension)
      return { jwt, extension }
    },
    close() {
      gateway.dropAll()
      server.close()
    },
  }
  return gateway
}

const filterPattern = /^\/restapi\/v1\.0\/account\/([^/?]+)(?:\/extension\/([^/?]+))?(\/[^?]*)(?:\?(.*))?$/

/**
 * The notification as a subscriber with `filter` sees it, or null when the filter does not match.
 * Filters here are already expanded (`~` replaced by the account and the socket's extension).
 */
export function notificationFor(filter: string, notification: RingCentralNotification, accountId: string): RingCentralNotification | null {
  const wanted = filterPattern.exec(filter)
  const event = filterPattern.exec(notification.event)
  if (!wanted || !event) return null
  const [, filterAccount, filterExtension, filterResource, filterQuery] = wanted
  const [, eventAccount, eventExtension, eventResource] = event
  if (filterAccount !== accountId || (eventAccount !== '~' && eventAccount !== accountId)) return null
  if (filterResource !== eventResource) return null
  if (filterResource === '/telephony/sessions') {
    const body = notification.body as TelephonySessionEventBody
    if (!filterExtension) return notification
    const parties = body.parties.filter((party) => party.extensionId === filterExtension)
    if (parties.length === 0) return null
    if (filterQuery) {
      const query = new URLSearchParams(filterQuery)
      const statusCode = query.get('statusCode')
      const direction = query.get('direction')
      if (statusCode && !parties.some((party) => party.status.code === statusCode)) return null
      if (direction && !parties.some((party) => party.direction === direction)) return null
    }
    return {
      ...notification,
      event: `/restapi/v1.0/account/${accountId}/extension/${filterExtension}/telephony/sessions`,
      body: { ...body, parties },
    }
  }
  // Extension-scoped events (message store, voicemail, presence) carry their extension in the path.
  return eventExtension !== undefined && eventExtension === filterExtension ? notification : null
}

/** A refused upgrade: a plain HTTP answer with RingCentral's error body. */
function refuse(socket: Duplex, status: number, errorCode: string, message: string): void {
  const json = JSON.stringify({ errorCode, message, errors: [{ errorCode, message }] })
  const statusText = status === 401 ? 'Unauthorized' : 'Not Found'
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`)
}
