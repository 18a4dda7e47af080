/**
 * Call control and call audio for the RingCentral simulator (providers §1.2, §1.2.1, §1.7).
 *
 * REST, as `@ringcentral/sdk` calls it (bearer token required):
 * - `GET .../extension` — the account's user extensions (101, 102, 103, like the demo business)
 * - `GET .../telephony/sessions/{id}`, `DELETE .../telephony/sessions/{id}`
 * - `POST .../telephony/sessions/{id}/parties/{partyId}/transfer` (answered parties only) and
 *   `/forward` (ringing parties only): the outcome arrives as telephony-session events — the
 *   party `Disconnected` with `reason: BlindTransfer`, then the target's party `Proceeding` →
 *   `Answered` (or `VoiceMail` for a mailbox)
 * - `POST .../telephony/sessions/{id}/supervise` `{"mode":"Listen","supervisorDeviceId"}`: the
 *   registered device starts receiving the call's audio
 * - `POST /restapi/v1.0/client-info/sip-provision`: a device id and SIP credentials; the
 *   `outboundProxy` is the simulator's stand-in for the SIP registrar (below)
 * - `GET .../message-store/{id}/content/{attachmentId}`: voicemail recordings (WAV)
 *
 * The SIP leg: real call audio needs a SIP device (RTP after an INVITE). The simulator replaces
 * SIP with a WebSocket on its own port (the `outboundProxy` of sip-provision), authenticated with
 * the provisioned username and password (HTTP Basic), and JSON messages:
 *   → `{"type":"registered","deviceId"}` once connected
 *   → `{"type":"invite","telephonySessionId","encoding","sampleRate","speakers":["caller","staff"]}` when a supervise starts
 *   → `{"type":"media","telephonySessionId","speaker","payload":"<base64, 20 ms>"}` …
 *   → `{"type":"bye","telephonySessionId"}` when the call's audio ends
 *
 * Controls (never used by real RingCentral):
 * - `POST /__sim/ringcentral/scripted-call` `{from, fromName?, toExtension?, lines:[{speaker, text, pauseMs?}], speed?, hangUp?}`
 *   — rings and answers a call, and once supervised plays its lines as sandbox speech in real
 *   time (`speed` 10 = ten times faster); both speakers' channels carry audio (silence while the
 *   other talks), so times line up with the call
 * - `POST /__sim/ringcentral/voicemail` `{from, text, toExtension?}` — a voicemail whose recording says `text`
 * - `GET /__sim/ringcentral/transfers` — every transfer and forward the app asked for
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { WebSocketServer, type WebSocket } from 'ws'
import type { RingCentralNotification, TelephonySessionEventBody, TelephonyStatusCode } from '../../src/providers/ringcentral/notifications'
import { synthesizeSilence, synthesizeUtterance, toWav, type SandboxEncoding } from '../deepgram/sandbox-speech'
import {
  buildTelephonySessionNotification,
  buildVoicemailNotification,
  newTelephonySessionId,
  simulatedAccountId,
  simulatedExtensionId,
  simulatedExtensions,
  simulatedMainNumber,
  rcError,
} from './payloads'

export interface ScriptedLine {
  speaker: 'caller' | 'staff'
  text: string
  /** Silence after the line (default 700 ms), which ends the utterance. */
  pauseMs?: number
}

/** Body of `POST /__sim/ringcentral/scripted-call`. */
export interface ScriptedCallControl {
  from: string
  fromName?: string
  toExtension?: string
  lines: ScriptedLine[]
  /** Playback speed; 1 = real time. */
  speed?: number
  encoding?: SandboxEncoding
  /** Hang up after the last line (default true), once the caller has waited `hangUpAfterMs` (default 5000, real time). */
  hangUp?: boolean
  hangUpAfterMs?: number
}

export interface VoicemailControl {
  from: string
  text: string
  toExtension?: string
}

export interface RecordedTransfer {
  telephonySessionId: string
  partyId: string
  kind: 'transfer' | 'forward'
  target: { extensionNumber?: string; phoneNumber?: string; voicemail?: string; parkOrbit?: string }
  at: string
}

interface SimulatedParty {
  id: string
  extensionId: string
  extensionName: string
  status: TelephonyStatusCode
}

interface SimulatedCall {
  telephonySessionId: string
  customerNumber: string
  customerName: string
  sequence: number
  party: SimulatedParty
  partyCount: number
  lines: ScriptedLine[]
  speed: number
  encoding: SandboxEncoding
  sampleRate: number
  hangUp: boolean
  hangUpAfterMs: number
  supervisors: Set<string>
  playing: boolean
  ended: boolean
}

export interface CallControlDependencies {
  baseUrl: () => string
  now: () => Date
  authenticated: (request: FastifyRequest, reply: FastifyReply) => boolean
  /** The simulator's one place where notifications leave (webhooks and WebSockets alike). */
  publish: (notification: RingCentralNotification) => Promise<unknown>
}

export interface CallControl {
  /** Resolves once the device endpoint listens. */
  ready: Promise<void>
  transfers: RecordedTransfer[]
  scriptedCall(control: ScriptedCallControl): Promise<{ telephonySessionId: string; partyId: string }>
  voicemail(control: VoicemailControl): Promise<{ messageId: string }>
  /**
   * Sees every notification the simulator sends, so calls made by other controls
   * (`inbound-call`, `telephony-event`) can be looked up, transferred and supervised too (silently).
   */
  observe(notification: RingCentralNotification): void
  close(): Promise<void>
}

const frameMs = 20
const sessionsPath = '/restapi/v1.0/account/:accountId/telephony/sessions/:sessionId'

/** Registers the routes on `app` (call it while the simulator registers its routes). */
export function createCallControl(app: FastifyInstance, deps: CallControlDependencies): CallControl {
  const calls = new Map<string, SimulatedCall>()
  const transfers: RecordedTransfer[] = []
  const recordings = new Map<string, Buffer>() // `${messageId}/${attachmentId}` → WAV
  const devices = new Map<string, { username: string; password: string; socket: WebSocket | null }>()
  let nextMessageId = 82063400004

  // The stand-in for RingCentral's SIP registrar, on its own port like the real SIP proxy.
  const deviceServer: Server = createServer((_request, response) => response.writeHead(426).end())
  const deviceSockets = new WebSocketServer({ noServer: true })
  deviceServer.on('upgrade', (request: IncomingMessage, socket, head) => {
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')
    const [username, password] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : []
    const entry = [...devices.entries()].find(([, device]) => device.username === username && device.password === password)
    if (!entry) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    deviceSockets.handleUpgrade(request, socket, head, (ws) => {
      const [deviceId, device] = entry
      device.socket?.close(1000, 'registered elsewhere')
      device.socket = ws
      ws.send(JSON.stringify({ type: 'registered', deviceId }))
      ws.on('close', () => {
        if (device.socket === ws) device.socket = null
      })
    })
  })
  const ready = new Promise<void>((resolve) => deviceServer.listen(0, '127.0.0.1', resolve))
  const deviceProxy = () => `127.0.0.1:${(deviceServer.address() as { port: number }).port}`

  function sendToDevice(deviceId: string, message: Record<string, unknown>): boolean {
    const socket = devices.get(deviceId)?.socket
    if (!socket || socket.readyState !== socket.OPEN) return false
    socket.send(JSON.stringify(message))
    return true
  }

  async function emit(call: SimulatedCall, party: SimulatedParty, reason?: string): Promise<void> {
    call.sequence++
    await deps.publish(
      buildTelephonySessionNotification({
        telephonySessionId: call.telephonySessionId,
        sequence: call.sequence,
        statusCode: party.status,
        customerNumber: call.customerNumber,
        customerName: call.customerName,
        extensionId: party.extensionId,
        extensionName: party.extensionName,
        partyId: party.id,
        reason,
        eventTime: deps.now(),
      }),
    )
  }

  function newParty(call: SimulatedCall, extension: { id: string; name: string }, status: TelephonyStatusCode): SimulatedParty {
    call.partyCount++
    return { id: `p-${call.telephonySessionId.replace(/^s-/, '')}-${call.partyCount + 1}`, extensionId: extension.id, extensionName: extension.name, status }
  }

  function partyView(call: SimulatedCall, party: SimulatedParty) {
    return {
      id: party.id,
      status: { code: party.status },
      muted: false,
      standAlone: false,
      direction: 'Inbound',
      from: { phoneNumber: call.customerNumber, name: call.customerName },
      to: { phoneNumber: simulatedMainNumber, extensionId: party.extensionId },
      owner: { accountId: simulatedAccountId, extensionId: party.extensionId },
    }
  }

  /** Streams the call's lines to every supervising device, both speakers' channels in step. */
  async function play(call: SimulatedCall): Promise<void> {
    if (call.playing) return
    call.playing = true
    const frameBytes = ((call.sampleRate * frameMs) / 1000) * (call.encoding === 'mulaw' ? 1 : 2)
    const broadcast = (message: Record<string, unknown>) => {
      for (const deviceId of call.supervisors) sendToDevice(deviceId, { telephonySessionId: call.telephonySessionId, ...message })
    }
    for (const line of call.lines) {
      const spoken = synthesizeUtterance(line.text, { encoding: call.encoding, sampleRate: call.sampleRate, pauseMs: line.pauseMs ?? 700 })
      const quiet = synthesizeSilence((spoken.length / frameBytes) * frameMs, call.encoding, call.sampleRate)
      const other = line.speaker === 'caller' ? 'staff' : 'caller'
      for (let offset = 0; offset < spoken.length; ) {
        if (call.ended) return broadcast({ type: 'bye' })
        // One tick of real time carries `speed` frames per channel.
        for (let i = 0; i < call.speed && offset < spoken.length; i++, offset += frameBytes) {
          broadcast({ type: 'media', speaker: line.speaker, payload: spoken.subarray(offset, offset + frameBytes).toString('base64') })
          broadcast({ type: 'media', speaker: other, payload: quiet.subarray(offset, offset + frameBytes).toString('base64') })
        }
        await new Promise((resolve) => setTimeout(resolve, frameMs))
      }
    }
    broadcast({ type: 'bye' })
    // The caller waits on the line for an answer (or a transfer) before giving up.
    if (call.hangUp) await new Promise((resolve) => setTimeout(resolve, call.hangUpAfterMs))
    if (call.hangUp && !call.ended) {
      call.ended = true
      call.party.status = 'Disconnected'
      await emit(call, call.party, 'CallFinished')
    }
  }

  function findCall(request: FastifyRequest<{ Params: { sessionId: string } }>, reply: FastifyReply): SimulatedCall | null {
    const call = calls.get(request.params.sessionId)
    if (!call) {
      void rcError(reply, 404, 'TAS-102', 'Telephony session not found', 'telephonySessionId')
      return null
    }
    return call
  }

  function findParty(call: SimulatedCall, partyId: string, reply: FastifyReply): SimulatedParty | null {
    if (call.party.id !== partyId) {
      void rcError(reply, 404, 'TAS-103', 'Party not found', 'partyId')
      return null
    }
    return call.party
  }

  /** Exactly one target, and it must exist on the account. */
  function parseTarget(body: unknown, allowed: string[], reply: FastifyReply): RecordedTransfer['target'] | null {
    const target = (body ?? {}) as Record<string, unknown>
    const given = allowed.filter((key) => target[key] !== undefined)
    if (given.length !== 1 || typeof target[given[0]!] !== 'string') {
      void rcError(reply, 400, 'CMN-101', `Exactly one of ${allowed.join(', ')} is required`, given[1] ?? allowed[0])
      return null
    }
    const key = given[0]!
    const value = target[key] as string
    if (key === 'extensionNumber' && !simulatedExtensions.some((e) => e.extensionNumber === value)) {
      void rcError(reply, 404, 'CMN-102', 'Resource for parameter [extensionNumber] is not found', 'extensionNumber')
      return null
    }
    if (key === 'voicemail' && !simulatedExtensions.some((e) => e.id === value)) {
      void rcError(reply, 404, 'CMN-102', 'Resource for parameter [voicemail] is not found', 'voicemail')
      return null
    }
    if (key === 'phoneNumber' && !/^\+[1-9]\d{6,14}$/.test(value)) {
      void rcError(reply, 400, 'CMN-101', 'Parameter [phoneNumber] value is invalid', 'phoneNumber')
      return null
    }
    return { [key]: value }
  }

  /** What happens on the network after a transfer or forward was accepted. */
  async function redirect(call: SimulatedCall, target: RecordedTransfer['target'], reason: string): Promise<void> {
    const previous = call.party
    previous.status = 'Disconnected'
    await emit(call, previous, reason)
    const extension = target.extensionNumber
      ? simulatedExtensions.find((e) => e.extensionNumber === target.extensionNumber)
      : target.voicemail
        ? simulatedExtensions.find((e) => e.id === target.voicemail)
        : undefined
    if (!extension) {
      call.ended = true // to an outside number or a park orbit: our side of the call is over
      return
    }
    if (target.voicemail) {
      call.ended = true // the caller now talks to a mailbox, not to anyone we can tap
      call.party = newParty(call, extension, 'VoiceMail')
      await emit(call, call.party)
      return
    }
    call.party = newParty(call, extension, 'Proceeding')
    await emit(call, call.party)
    call.party.status = 'Answered'
    await emit(call, call.party)
  }

  app.get<{ Params: { accountId: string } }>('/restapi/v1.0/account/:accountId/extension', async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const query = request.query as { type?: string; status?: string }
    const records = simulatedExtensions
      .filter(() => (query.type === undefined || query.type === 'User') && (query.status === undefined || query.status === 'Enabled'))
      .map((extension) => ({
        uri: `${deps.baseUrl()}/restapi/v1.0/account/${simulatedAccountId}/extension/${extension.id}`,
        id: Number(extension.id),
        extensionNumber: extension.extensionNumber,
        name: extension.name,
        type: 'User',
        status: 'Enabled',
      }))
    return {
      uri: `${deps.baseUrl()}/restapi/v1.0/account/${simulatedAccountId}/extension`,
      records,
      paging: { page: 1, perPage: 100, pageStart: 0, pageEnd: Math.max(0, records.length - 1), totalPages: 1, totalElements: records.length },
    }
  })

  app.post('/restapi/v1.0/client-info/sip-provision', async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const deviceId = String(802636634016 + devices.size)
    const device = { username: `1${randomBytes(5).toString('hex')}`, password: randomBytes(12).toString('base64url'), socket: null }
    devices.set(deviceId, device)
    return {
      device: { id: deviceId, type: 'OtherPhone', status: 'Online', extension: { id: Number(simulatedExtensionId) } },
      sipInfo: [
        {
          transport: 'WSS',
          username: device.username,
          password: device.password,
          authorizationId: device.username,
          domain: 'sip.sandbox.invalid',
          outboundProxy: deviceProxy(),
        },
      ],
      sipFlags: { voipFeatureEnabled: true },
    }
  })

  app.get<{ Params: { sessionId: string } }>(sessionsPath, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    if (!call) return reply
    return {
      id: call.telephonySessionId,
      origin: { type: 'Call' },
      creationTime: deps.now().toISOString(),
      voiceCallToken: 'sandbox',
      parties: [partyView(call, call.party)],
    }
  })

  app.delete<{ Params: { sessionId: string } }>(sessionsPath, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    if (!call) return reply
    call.ended = true
    call.party.status = 'Disconnected'
    setImmediate(() => void emit(call, call.party))
    return reply.code(204).send()
  })

  app.post<{ Params: { sessionId: string; partyId: string } }>(`${sessionsPath}/parties/:partyId/transfer`, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    const party = call && findParty(call, request.params.partyId, reply)
    if (!call || !party) return reply
    if (party.status !== 'Answered') return rcError(reply, 409, 'TAS-105', `Transfer needs an answered party; this one is ${party.status}`)
    const target = parseTarget(request.body, ['extensionNumber', 'phoneNumber', 'voicemail', 'parkOrbit'], reply)
    if (!target) return reply
    transfers.push({ telephonySessionId: call.telephonySessionId, partyId: party.id, kind: 'transfer', target, at: deps.now().toISOString() })
    const view = partyView(call, party)
    setImmediate(() => void redirect(call, target, 'BlindTransfer'))
    return view
  })

  app.post<{ Params: { sessionId: string; partyId: string } }>(`${sessionsPath}/parties/:partyId/forward`, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    const party = call && findParty(call, request.params.partyId, reply)
    if (!call || !party) return reply
    if (party.status !== 'Setup' && party.status !== 'Proceeding') {
      return rcError(reply, 409, 'TAS-105', `Forward needs a ringing party; this one is ${party.status}`)
    }
    const target = parseTarget(request.body, ['extensionNumber', 'phoneNumber', 'voicemail'], reply)
    if (!target) return reply
    transfers.push({ telephonySessionId: call.telephonySessionId, partyId: party.id, kind: 'forward', target, at: deps.now().toISOString() })
    const view = partyView(call, party)
    setImmediate(() => void redirect(call, target, 'CallRedirected'))
    return view
  })

  app.post<{ Params: { sessionId: string } }>(`${sessionsPath}/supervise`, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    if (!call) return reply
    const body = (request.body ?? {}) as { mode?: unknown; supervisorDeviceId?: unknown }
    if (body.mode !== 'Listen') return rcError(reply, 400, 'CMN-101', 'Parameter [mode] value is invalid', 'mode')
    const deviceId = String(body.supervisorDeviceId ?? '')
    if (!devices.has(deviceId)) return rcError(reply, 404, 'CMN-102', 'Resource for parameter [supervisorDeviceId] is not found', 'supervisorDeviceId')
    if (call.ended || call.party.status !== 'Answered') return rcError(reply, 409, 'TAS-105', `Only an answered call can be supervised; this one is ${call.party.status}`)
    if (!sendToDevice(deviceId, { type: 'invite', telephonySessionId: call.telephonySessionId, encoding: call.encoding, sampleRate: call.sampleRate, speakers: ['caller', 'staff'] })) {
      return rcError(reply, 409, 'TAS-106', 'The supervisor device is not registered')
    }
    call.supervisors.add(deviceId)
    setImmediate(() => void play(call))
    return {
      id: `p-${call.telephonySessionId.replace(/^s-/, '')}-sup`,
      status: { code: 'Answered' },
      muted: true,
      standAlone: false,
      direction: 'Outbound',
      owner: { accountId: simulatedAccountId, extensionId: simulatedExtensionId },
    }
  })

  app.get<{ Params: { messageId: string; attachmentId: string } }>(
    '/restapi/v1.0/account/:accountId/extension/:extensionId/message-store/:messageId/content/:attachmentId',
    async (request, reply) => {
      if (!deps.authenticated(request, reply)) return reply
      const recording = recordings.get(`${request.params.messageId}/${request.params.attachmentId}`)
      if (!recording) return rcError(reply, 404, 'CMN-102', 'Resource for parameter [attachmentId] is not found', 'attachmentId')
      return reply.type('audio/x-wav').send(recording)
    },
  )

  const control: CallControl = {
    ready,
    transfers,
    async scriptedCall(input) {
      if (!Array.isArray(input.lines) || !input.lines.every((line) => (line.speaker === 'caller' || line.speaker === 'staff') && typeof line.text === 'string')) {
        throw new Error('lines must be [{speaker: "caller"|"staff", text}]')
      }
      const extension = simulatedExtensions.find((e) => e.extensionNumber === (input.toExtension ?? '101'))
      if (!extension) throw new Error(`No extension ${input.toExtension}`)
      const encoding = input.encoding ?? 'mulaw'
      const call: SimulatedCall = {
        telephonySessionId: newTelephonySessionId(),
        customerNumber: input.from,
        customerName: input.fromName ?? 'WIRELESS CALLER',
        sequence: 0,
        partyCount: 0,
        party: { id: '', extensionId: extension.id, extensionName: extension.name, status: 'Proceeding' },
        lines: input.lines,
        speed: Math.max(1, Math.floor(input.speed ?? 1)),
        encoding,
        sampleRate: encoding === 'mulaw' ? 8000 : 16000,
        hangUp: input.hangUp ?? true,
        hangUpAfterMs: Math.max(0, input.hangUpAfterMs ?? 5000),
        supervisors: new Set(),
        playing: false,
        ended: false,
      }
      call.party = newParty(call, extension, 'Proceeding')
      calls.set(call.telephonySessionId, call)
      await emit(call, call.party)
      call.party.status = 'Answered'
      await emit(call, call.party)
      return { telephonySessionId: call.telephonySessionId, partyId: call.party.id }
    },
    async voicemail(input) {
      const extension = simulatedExtensions.find((e) => e.extensionNumber === (input.toExtension ?? '101'))
      if (!extension) throw new Error(`No extension ${input.toExtension}`)
      const messageId = String(nextMessageId++)
      const attachmentId = messageId
      const audio = synthesizeUtterance(input.text, { encoding: 'mulaw', sampleRate: 8000, leadMs: 200 })
      recordings.set(`${messageId}/${attachmentId}`, toWav(audio, 'mulaw', 8000))
      await deps.publish(
        buildVoicemailNotification({
          from: input.from,
          messageId,
          attachmentId,
          extensionId: extension.id,
          durationSeconds: Math.ceil(audio.length / 8000),
          contentUri: `${deps.baseUrl()}/restapi/v1.0/account/${simulatedAccountId}/extension/${extension.id}/message-store/${messageId}/content/${attachmentId}`,
          at: deps.now(),
        }),
      )
      return { messageId }
    },
    observe(notification) {
      const body = notification.body as Partial<TelephonySessionEventBody> | undefined
      if (!body?.telephonySessionId || typeof body.sequence !== 'number' || !notification.event.endsWith('/telephony/sessions')) return
      const party = body.parties?.find((p) => p.extensionId)
      if (!party) return
      const known = calls.get(body.telephonySessionId)
      if (known) {
        if (body.sequence <= known.sequence) return // our own event, or an older one
        known.sequence = body.sequence
        if (party.id === known.party.id) known.party.status = party.status.code
        return
      }
      const extension = simulatedExtensions.find((e) => e.id === party.extensionId)
      calls.set(body.telephonySessionId, {
        telephonySessionId: body.telephonySessionId,
        customerNumber: party.from?.phoneNumber ?? '',
        customerName: party.from?.name ?? 'WIRELESS CALLER',
        sequence: body.sequence,
        party: { id: party.id, extensionId: party.extensionId!, extensionName: extension?.name ?? party.to?.name ?? '', status: party.status.code },
        partyCount: 1,
        lines: [],
        speed: 1,
        encoding: 'mulaw',
        sampleRate: 8000,
        hangUp: false,
        hangUpAfterMs: 0,
        supervisors: new Set(),
        playing: false,
        ended: false,
      })
    },
    async close() {
      for (const call of calls.values()) call.ended = true
      for (const client of deviceSockets.clients) client.terminate()
      deviceSockets.close()
      await new Promise<void>((resolve) => deviceServer.close(() => resolve()))
    },
  }

  app.post('/__sim/ringcentral/scripted-call', async (request, reply) => {
    try {
      return await control.scriptedCall(request.body as ScriptedCallControl)
    } catch (error) {
      return rcError(reply, 400, 'CMN-101', (error as Error).message)
    }
  })
  app.post('/__sim/ringcentral/voicemail', async (request, reply) => {
    try {
      return await control.voicemail(request.body as VoicemailControl)
    } catch (error) {
      return rcError(reply, 400, 'CMN-101', (error as Error).message)
    }
  })
  app.get('/__sim/ringcentral/transfers', async () => ({ records: transfers }))

  return control
}
