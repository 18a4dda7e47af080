import { SDK } from '@ringcentral/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startRingCentralSimulator, type RingCentralSimulator } from './ringcentral-simulator'

const secrets = { clientId: 'sim-client-gateway', clientSecret: 'gateway-test-secret', jwt: 'sim-jwt-gateway-test-credential' }
const telephonyFilter = '/restapi/v1.0/account/~/extension/~/telephony/sessions'

let simulator: RingCentralSimulator
const sockets: WebSocket[] = []

beforeEach(async () => {
  simulator = await startRingCentralSimulator(secrets)
})
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate()
  await simulator.close()
})

type Frame = [Record<string, unknown> & { type: string; messageId?: string; status?: number }, Record<string, unknown>?]

/** A bare WebSocket client speaking the gateway's framing, so the protocol itself is what is tested. */
class GatewayClient {
  readonly frames: Frame[] = []
  private waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = []

  constructor(readonly socket: WebSocket) {
    sockets.push(socket)
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame
      this.frames.push(frame)
      this.waiters = this.waiters.filter((waiter) => (waiter.match(frame) ? (waiter.resolve(frame), false) : true))
    })
  }

  next(match: (frame: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve) => this.waiters.push({ match, resolve }))
  }

  async request(method: string, path: string, body?: unknown): Promise<Frame> {
    const messageId = `m-${Math.random().toString(36).slice(2)}`
    const header = { type: 'ClientRequest', messageId, method, path, headers: {} }
    this.socket.send(JSON.stringify(body === undefined ? [header] : [header, body]))
    return this.next(([h]) => h.messageId === messageId)
  }

  /** A heartbeat round trip: every frame the server sent before its reply has arrived by then. */
  async heartbeat(): Promise<Frame> {
    const messageId = `hb-${Math.random().toString(36).slice(2)}`
    this.socket.send(JSON.stringify([{ type: 'Heartbeat', messageId }]))
    return this.next(([h]) => h.messageId === messageId)
  }
}

async function signIn(jwt: string) {
  const sdk = new SDK({ server: simulator.url, clientId: secrets.clientId, clientSecret: secrets.clientSecret })
  await sdk.platform().login({ jwt })
  return sdk.platform()
}

async function wsToken(platform: ReturnType<SDK['platform']>) {
  return (await (await platform.post('/restapi/oauth/wstoken')).json()) as { uri: string; ws_access_token: string; expires_in: number }
}

function open(url: string): Promise<GatewayClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    const client = new GatewayClient(socket)
    socket.once('open', () => resolve(client))
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)))
    socket.once('error', reject)
  })
}

async function connect(jwt = secrets.jwt) {
  const token = await wsToken(await signIn(jwt))
  const client = await open(`${token.uri}?access_token=${token.ws_access_token}`)
  const [details, body] = await client.next(([h]) => h.type === 'ConnectionDetails')
  return { client, token, details, body }
}

async function jwtFor(extensionNumber: string) {
  const response = await fetch(`${simulator.url}/__sim/ringcentral/jwt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extensionNumber }),
  })
  return { status: response.status, body: (await response.json()) as { jwt: string; extensionId: string; clientId: string } }
}

describe('RingCentral WebSocket gateway', () => {
  it('hands out a local socket address and a single-use token only to a signed-in app', async () => {
    const anonymous = await fetch(`${simulator.url}/restapi/oauth/wstoken`, { method: 'POST' })
    expect(anonymous.status).toBe(401)

    const token = await wsToken(await signIn(secrets.jwt))
    expect(token.uri).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/)
    expect(token.expires_in).toBeGreaterThan(0)
    const url = `${token.uri}?access_token=${token.ws_access_token}`
    await open(url)
    await expect(open(url)).rejects.toThrow(/refused with 401/)
    await expect(open(`${token.uri}?access_token=made-up`)).rejects.toThrow(/refused with 401/)
  })

  it('opens with ConnectionDetails carrying a wsc, and answers a recovery attempt with recoveryState Failed', async () => {
    const { client, details, body } = await connect()
    expect(client.frames[0]![0].type).toBe('ConnectionDetails')
    expect(details).toMatchObject({ status: 200, wsc: { token: expect.any(String), sequence: 1 } })
    expect(body).toMatchObject({ recoveryTimeout: expect.any(Number), idleTimeout: expect.any(Number) })
    expect(body).not.toHaveProperty('recoveryState')

    const token = await wsToken(await signIn(secrets.jwt))
    const wsc = (details.wsc as { token: string }).token
    const recovering = await open(`${token.uri}?access_token=${token.ws_access_token}&wsc=${encodeURIComponent(wsc)}`)
    const [, recoveryBody] = await recovering.next(([h]) => h.type === 'ConnectionDetails')
    expect(recoveryBody).toMatchObject({ recoveryState: 'Failed' })
  })

  it('creates, reads, updates and deletes the socket subscription over ClientRequest, with rising wsc sequences', async () => {
    const { client } = await connect()
    const [created, subscription] = await client.request('POST', '/restapi/v1.0/subscription', {
      deliveryMode: { transportType: 'WebSocket' },
      eventFilters: [telephonyFilter],
    })
    expect(created).toMatchObject({ type: 'ClientRequest', status: 200, wsc: { sequence: 2 } })
    expect(subscription).toMatchObject({
      id: expect.any(String),
      status: 'Active',
      eventFilters: ['/restapi/v1.0/account/37439510/extension/62264425016/telephony/sessions'],
      deliveryMode: { transportType: 'WebSocket', encryption: false },
    })
    const id = subscription!.id as string

    const [read] = await client.request('GET', `/restapi/v1.0/subscription/${id}`)
    expect(read).toMatchObject({ status: 200, wsc: { sequence: 3 } })
    const [updated, updatedBody] = await client.request('PUT', `/restapi/v1.0/subscription/${id}`, {
      deliveryMode: { transportType: 'WebSocket' },
      eventFilters: ['/restapi/v1.0/account/~/telephony/sessions'],
    })
    expect(updated.status).toBe(200)
    expect(updatedBody!.eventFilters).toEqual(['/restapi/v1.0/account/37439510/telephony/sessions'])

    const [unknown, unknownBody] = await client.request('PUT', '/restapi/v1.0/subscription/not-a-subscription', { eventFilters: [telephonyFilter] })
    expect(unknown.status).toBe(404)
    expect(unknownBody).toMatchObject({ errorCode: 'SUB-406' })

    const [invalid] = await client.request('POST', '/restapi/v1.0/subscription', { deliveryMode: { transportType: 'WebSocket' }, eventFilters: [] })
    expect(invalid.status).toBe(400)

    const [deleted] = await client.request('DELETE', `/restapi/v1.0/subscription/${id}`)
    expect(deleted.status).toBe(204)
    const [gone] = await client.request('GET', `/restapi/v1.0/subscription/${id}`)
    expect(gone.status).toBe(404)
  })

  it('answers heartbeats', async () => {
    const { client } = await connect()
    const [reply] = await client.heartbeat()
    expect(reply).toMatchObject({ type: 'Heartbeat', status: 200 })
  })

  it("delivers a call only to the sockets of the extension it rings, with that extension's party", async () => {
    const issued = await jwtFor('102')
    expect(issued.status).toBe(200)
    expect(issued.body).toMatchObject({ extensionId: '62264425017', clientId: secrets.clientId })
    expect((await jwtFor('999')).status).toBe(404)

    const frontDesk = await connect()
    const other = await connect(issued.body.jwt)
    const subscribe = async (client: GatewayClient) =>
      (await client.request('POST', '/restapi/v1.0/subscription', { deliveryMode: { transportType: 'WebSocket' }, eventFilters: [telephonyFilter] }))[1]!
        .id as string
    const frontDeskSubscription = await subscribe(frontDesk.client)
    await subscribe(other.client)

    // The simulator's default inbound call rings extension 101 (the app's own, 62264425016).
    const { telephonySessionId } = await simulator.inboundCall({ from: '+14085550199', statuses: ['Proceeding'] })
    const [header, notification] = await frontDesk.client.next(([h]) => h.type === 'ServerNotification')
    expect(header).toMatchObject({ status: 200, wsc: { sequence: expect.any(Number) } })
    expect(notification).toMatchObject({
      subscriptionId: frontDeskSubscription,
      ownerId: '62264425016',
      event: '/restapi/v1.0/account/37439510/extension/62264425016/telephony/sessions',
      body: { telephonySessionId, parties: [{ extensionId: '62264425016', status: { code: 'Proceeding' } }] },
    })

    await other.client.heartbeat()
    expect(other.client.frames.filter(([h]) => h.type === 'ServerNotification')).toEqual([])
  })

  it('drops every socket on request, so clients must reconnect', async () => {
    const { client } = await connect()
    const closed = new Promise((resolve) => client.socket.once('close', resolve))
    const response = await fetch(`${simulator.url}/__sim/ringcentral/ws/drop`, { method: 'POST' })
    expect(await response.json()).toEqual({ dropped: 1 })
    await closed
    expect(simulator.webSocketGateway.connections()).toEqual([])
  })
})
