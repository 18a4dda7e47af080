/**
 * Call control and call audio for the RingCentral simulator (providers §1.2, §1.2.1, §1.7).
 *
 * REST, as `@ringcentral/sdk` calls it (bearer token required):
 * - `GET .../extension` — the account's user extensions (101, 102, 103, like the demo business)
 * - `GET .../telephony/sessions/{id}` (every party the account owns), `DELETE .../telephony/sessions/{id}`
 * - `POST .../telephony/sessions/{id}/parties/{partyId}/transfer` (answered parties only) and
 *   `/forward` (ringing parties only): the outcome arrives as telephony-session events — the
 *   party `Disconnected` with `reason: BlindTransfer`, then the target's party `Proceeding` →
 *   `Answered` (or `VoiceMail` for a mailbox)
 * - `POST .../telephony/sessions/{id}/supervise` (SuperviseCallSessionRequest: `mode: Listen`,
 *   `supervisorDeviceId`, the monitored agent's `agentExtensionId` or `agentExtensionNumber`):
 *   the device is invited over SIP and gets both parties mixed in one channel, as the reference
 *   says; `POST .../parties/{partyId}/supervise` (PartySuperviseRequest, `agentExtensionId`
 *   required) gets that one party's audio. The supervisor's party joins the session's events.
 * - `GET .../device/{deviceId}/sip-info`: the SIP credentials and outbound proxies of a device
 * - `GET .../message-store/{id}/content/{attachmentId}`: voicemail recordings (WAV)
 *
 * Every telephony event lists all the session's parties the account owns (the agent's, earlier
 * agents' after a transfer, a supervisor's), each with its own status. Party ids are opaque.
 *
 * The SIP leg is real: `sip-endpoint.ts` registers the account's "Existing Phone" device (id
 * `tapDeviceId`, type OtherPhone) over TLS and sends SRTP in the codec it answers with.
 *
 * Controls (never used by real RingCentral):
 * - `POST /__sim/ringcentral/scripted-call` `{from, fromName?, toExtension?, lines:[{speaker, text, pauseMs?}], speed?, hangUp?}`
 *   — rings and answers a call, and once supervised plays its lines as sandbox speech in real
 *   time (`speed` 10 = ten times faster): the caller in voice 0, staff in voice 1
 * - `POST /__sim/ringcentral/voicemail` `{from, text, toExtension?}` — a voicemail whose recording says `text`
 * - `GET /__sim/ringcentral/transfers` — every transfer and forward the app asked for
 * - `GET /__sim/ringcentral/supervisions` — every supervise request, with the body as received
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RingCentralNotification, TelephonySessionEventBody, TelephonyStatusCode } from '../../src/providers/ringcentral/notifications'
import { decodeSamples, synthesizeUtterance, toWav } from '../deepgram/sandbox-speech'
import {
  buildTelephonySessionNotification,
  buildVoicemailNotification,
  newPartyId,
  newTelephonySessionId,
  simulatedAccountId,
  simulatedExtensions,
  simulatedMainNumber,
  rcError,
} from './payloads'
import { startSipEndpoint, type MediaLeg, type SipDevice, type SipEndpoint } from './sip-endpoint'

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
  /** Hang up after the last line (default true), once the caller has waited `hangUpAfterMs` (default 5000, real time). */
  hangUp?: boolean
  hangUpAfterMs?: number
  /**
   * Refuse party-level supervise on this call, as RingCentral does where it does not support it
   * (the reference: calls with more than two participants, WebRTC and mobile devices).
   */
  refusePartySupervise?: boolean
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
  reason?: string
  /** A supervisor's party: its device, and whom it monitors. */
  supervisor?: { deviceId: string; agentExtensionId: string; agentName: string }
}

interface SimulatedCall {
  telephonySessionId: string
  customerNumber: string
  customerName: string
  sequence: number
  /** Every party the account owns in the session, in the order they joined. */
  parties: SimulatedParty[]
  /** The extension's party the caller talks to now. */
  party: SimulatedParty
  lines: ScriptedLine[]
  speed: number
  hangUp: boolean
  hangUpAfterMs: number
  refusePartySupervise: boolean
  /** Monitoring legs: session-level (both parties mixed) or one party's. */
  legs: Set<MediaLeg>
  playing: boolean
  ended: boolean
}

/** A supervise request as received, for tests that check what the app asked for. */
export interface RecordedSupervision {
  telephonySessionId: string
  partyId: string | null
  body: Record<string, unknown>
  at: string
}

export interface CallControlDependencies {
  baseUrl: () => string
  now: () => Date
  authenticated: (request: FastifyRequest, reply: FastifyReply) => boolean
  /** The simulator's one place where notifications leave (webhooks and WebSockets alike). */
  publish: (notification: RingCentralNotification) => Promise<unknown>
}

export interface CallControl {
  /** Starts the SIP endpoint (if it has not started) and resolves once it listens. */
  sipReady(): Promise<void>
  transfers: RecordedTransfer[]
  supervisions: RecordedSupervision[]
  /** The account's "Existing Phone" (OtherPhone) device the app may supervise calls with. */
  tapDeviceId: string
  sip: () => SipEndpoint
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
const samplesPerFrame = (16_000 * frameMs) / 1000
const sessionsPath = '/restapi/v1.0/account/:accountId/telephony/sessions/:sessionId'
const voices = { caller: 0, staff: 1 } as const
const sipDomain = 'sip.sandbox.invalid'

/** Registers the routes on `app` (call it while the simulator registers its routes). */
export function createCallControl(app: FastifyInstance, deps: CallControlDependencies): CallControl {
  const calls = new Map<string, SimulatedCall>()
  const transfers: RecordedTransfer[] = []
  const supervisions: RecordedSupervision[] = []
  const recordings = new Map<string, Buffer>() // `${messageId}/${attachmentId}` → WAV
  const appExtension = simulatedExtensions[0]
  const tapDevice: SipDevice = {
    id: '802636634016',
    userName: `1650${String(randomBytes(3).readUIntBE(0, 3)).padStart(7, '0')}`,
    authorizationId: String(802_512_000_000 + randomBytes(2).readUInt16BE(0)),
    password: randomBytes(12).toString('base64url'),
  }
  let nextMessageId = 82063400004
  // The SIP endpoint starts the first time a client needs it (sip-info, supervise): most
  // simulator runs never do, and a certificate and the media libraries are not free.
  let sip!: SipEndpoint
  let starting: Promise<void> | null = null
  const ensureSip = () =>
    (starting ??= startSipEndpoint({ domain: sipDomain, devices: () => [tapDevice] }).then((endpoint) => {
      sip = endpoint
    }))

  async function emit(call: SimulatedCall): Promise<void> {
    call.sequence++
    await deps.publish(
      buildTelephonySessionNotification({
        telephonySessionId: call.telephonySessionId,
        sequence: call.sequence,
        statusCode: call.party.status,
        customerNumber: call.customerNumber,
        customerName: call.customerName,
        eventTime: deps.now(),
        parties: call.parties.map((party) => ({ id: party.id, extensionId: party.extensionId, extensionName: party.extensionName, statusCode: party.status, reason: party.reason, supervisor: party.supervisor })),
      }),
    )
  }

  function newParty(call: SimulatedCall, extension: { id: string; name: string }, status: TelephonyStatusCode): SimulatedParty {
    const party: SimulatedParty = { id: newPartyId(), extensionId: extension.id, extensionName: extension.name, status }
    call.parties.push(party)
    return party
  }

  function partyView(call: SimulatedCall, party: SimulatedParty) {
    if (party.supervisor) {
      return {
        id: party.id,
        status: { code: party.status, ...(party.reason ? { reason: party.reason } : {}) },
        muted: true,
        standAlone: false,
        direction: 'Outbound',
        from: { extensionId: party.extensionId, name: party.extensionName, deviceId: party.supervisor.deviceId },
        to: { extensionId: party.supervisor.agentExtensionId, name: party.supervisor.agentName },
        owner: { accountId: simulatedAccountId, extensionId: party.extensionId },
      }
    }
    return {
      id: party.id,
      status: { code: party.status, ...(party.reason ? { reason: party.reason } : {}) },
      muted: false,
      standAlone: false,
      direction: 'Inbound',
      from: { phoneNumber: call.customerNumber, name: call.customerName },
      to: { phoneNumber: simulatedMainNumber, extensionId: party.extensionId },
      owner: { accountId: simulatedAccountId, extensionId: party.extensionId },
    }
  }

  function endLegs(call: SimulatedCall, which: (leg: MediaLeg) => boolean = () => true): void {
    for (const leg of [...call.legs]) {
      if (!which(leg)) continue
      leg.end()
      call.legs.delete(leg)
    }
  }

  /**
   * Plays the call's lines to its monitoring legs in real time (× `speed`): a session-level leg
   * hears both speakers mixed in one channel, a party-level leg only the staff member whose party
   * it monitors. When the script runs out the monitoring ends (BYE), then the caller hangs up.
   */
  async function play(call: SimulatedCall): Promise<void> {
    if (call.playing) return
    call.playing = true
    for (const line of call.lines) {
      const speech = decodeSamples(synthesizeUtterance(line.text, { encoding: 'linear16', sampleRate: 16_000, pauseMs: line.pauseMs ?? 700, voice: voices[line.speaker] }), 'linear16')
      const staffParty = call.party.id
      for (let offset = 0; offset < speech.length; ) {
        if (call.ended) return endLegs(call)
        for (let i = 0; i < call.speed && offset < speech.length; i++, offset += samplesPerFrame) {
          const frame = new Int16Array(samplesPerFrame)
          frame.set(speech.subarray(offset, offset + samplesPerFrame))
          const silence = new Int16Array(samplesPerFrame)
          for (const leg of call.legs) {
            const partyLeg = leg.request.partyId
            leg.send(partyLeg === undefined ? frame : line.speaker === 'staff' && partyLeg === staffParty ? frame : silence)
          }
        }
        await new Promise((resolve) => setTimeout(resolve, frameMs))
      }
    }
    endLegs(call)
    // The caller waits on the line for an answer (or a transfer) before giving up.
    if (call.hangUp) await new Promise((resolve) => setTimeout(resolve, call.hangUpAfterMs))
    if (call.hangUp && !call.ended) {
      call.ended = true
      call.party.status = 'Disconnected'
      call.party.reason = 'CallFinished'
      for (const party of call.parties) if (party.supervisor) party.status = 'Disconnected'
      await emit(call)
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
    const party = call.parties.find((candidate) => candidate.id === partyId && !candidate.supervisor)
    if (!party || party !== call.party) {
      void rcError(reply, 404, 'TAS-103', 'Party not found', 'partyId')
      return null
    }
    return party
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
    previous.reason = reason
    // Whoever monitored the party that left hears nothing more of it.
    endLegs(call, (leg) => leg.request.partyId === previous.id)
    const extension = target.extensionNumber
      ? simulatedExtensions.find((e) => e.extensionNumber === target.extensionNumber)
      : target.voicemail
        ? simulatedExtensions.find((e) => e.id === target.voicemail)
        : undefined
    if (!extension) {
      call.ended = true // to an outside number or a park orbit: our side of the call is over
      endLegs(call)
      await emit(call)
      return
    }
    if (target.voicemail) {
      call.ended = true // the caller now talks to a mailbox, not to anyone we can tap
      endLegs(call)
      call.party = newParty(call, extension, 'VoiceMail')
      await emit(call)
      return
    }
    // One event shows both: the old party leaving and the new one ringing.
    call.party = newParty(call, extension, 'Proceeding')
    await emit(call)
    call.party.status = 'Answered'
    await emit(call)
  }

  /** Validates a supervise body the way the reference defines it; an error reply, or the agent. */
  function superviseTarget(call: SimulatedCall, body: Record<string, unknown>, reply: FastifyReply, partyLevel: boolean): SimulatedParty | null {
    if (body.mode !== 'Listen') {
      void rcError(reply, 400, 'CMN-101', 'Parameter [mode] value is invalid', 'mode')
      return null
    }
    if (typeof body.supervisorDeviceId !== 'string' || body.supervisorDeviceId.length === 0) {
      void rcError(reply, 400, 'CMN-100', 'Parameter [supervisorDeviceId] is required', 'supervisorDeviceId')
      return null
    }
    if (body.supervisorDeviceId !== tapDevice.id) {
      void rcError(reply, 404, 'CMN-102', 'Resource for parameter [supervisorDeviceId] is not found', 'supervisorDeviceId')
      return null
    }
    if (body.autoAnswer !== undefined && typeof body.autoAnswer !== 'boolean') {
      void rcError(reply, 400, 'CMN-101', 'Parameter [autoAnswer] value is invalid', 'autoAnswer')
      return null
    }
    if (body.mediaSDP !== undefined && body.mediaSDP !== 'sendOnly' && body.mediaSDP !== 'sendRecv') {
      void rcError(reply, 400, 'CMN-101', 'Parameter [mediaSDP] value is invalid', 'mediaSDP')
      return null
    }
    // The monitored user: required by the reference (party-level takes the id only).
    const byId = typeof body.agentExtensionId === 'string' ? body.agentExtensionId : undefined
    const byNumber = !partyLevel && typeof body.agentExtensionNumber === 'string' ? body.agentExtensionNumber : undefined
    if (byId === undefined && byNumber === undefined) {
      const name = partyLevel ? 'agentExtensionId' : 'agentExtensionId] or [agentExtensionNumber'
      void rcError(reply, 400, 'CMN-100', `Parameter [${name}] is required`, 'agentExtensionId')
      return null
    }
    const agent = simulatedExtensions.find((e) => (byId !== undefined ? e.id === byId : e.extensionNumber === byNumber))
    if (!agent || agent.id !== call.party.extensionId) {
      void rcError(reply, 403, 'TAS-104', 'The monitored extension is not a party of this call', 'agentExtensionId')
      return null
    }
    if (call.ended || call.party.status !== 'Answered') {
      void rcError(reply, 409, 'TAS-105', `Only an answered call can be supervised; this one is ${call.party.status}`)
      return null
    }
    if (!sip.isRegistered(tapDevice.id)) {
      void rcError(reply, 409, 'TAS-106', 'The supervisor device is not registered')
      return null
    }
    return call.party
  }

  /** Adds the supervisor's party to the session (once) and invites its device. */
  async function supervise(call: SimulatedCall, agent: SimulatedParty, partyId: string | undefined): Promise<SimulatedParty> {
    let supervisor = call.parties.find((party) => party.supervisor && party.status === 'Answered')
    if (!supervisor) {
      supervisor = { id: newPartyId(), extensionId: appExtension.id, extensionName: appExtension.name, status: 'Answered', reason: 'Supervising', supervisor: { deviceId: tapDevice.id, agentExtensionId: agent.extensionId, agentName: agent.extensionName } }
      call.parties.push(supervisor)
      setImmediate(() => void emit(call))
    }
    setImmediate(() => {
      sip.invite({ deviceId: tapDevice.id, telephonySessionId: call.telephonySessionId, ...(partyId ? { partyId } : {}) }).then(
        (leg) => {
          if (call.ended || (partyId && call.party.id !== partyId)) return leg.end()
          call.legs.add(leg)
          void play(call)
        },
        () => {}, // declined or unreachable: the app sees no audio, as with RingCentral
      )
    })
    return supervisor
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
      navigation: {
        firstPage: { uri: `${deps.baseUrl()}/restapi/v1.0/account/${simulatedAccountId}/extension?page=1&perPage=100` },
        lastPage: { uri: `${deps.baseUrl()}/restapi/v1.0/account/${simulatedAccountId}/extension?page=1&perPage=100` },
      },
    }
  })

  // The device's SIP credentials (SipInfoResource), as a softphone reads them before registering.
  app.get<{ Params: { accountId: string; deviceId: string } }>('/restapi/v1.0/account/:accountId/device/:deviceId/sip-info', async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    await ensureSip()
    if (request.params.deviceId !== tapDevice.id || (request.params.accountId !== '~' && request.params.accountId !== simulatedAccountId)) {
      return rcError(reply, 404, 'CMN-102', 'Resource for parameter [deviceId] is not found', 'deviceId')
    }
    return {
      domain: sipDomain,
      outboundProxies: [
        { region: 'EMEA', proxy: sip.proxyTls, proxyTLS: sip.proxyTls },
        { region: 'NA', proxy: sip.proxyTls, proxyTLS: sip.proxyTls },
      ],
      userName: tapDevice.userName,
      password: tapDevice.password,
      authorizationId: tapDevice.authorizationId,
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
      parties: call.parties.map((party) => partyView(call, party)),
    }
  })

  app.delete<{ Params: { sessionId: string } }>(sessionsPath, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    if (!call) return reply
    call.ended = true
    endLegs(call)
    for (const party of call.parties) if (party.status !== 'Disconnected' && party.status !== 'Gone') party.status = 'Disconnected'
    setImmediate(() => void emit(call))
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
    const body = (request.body ?? {}) as Record<string, unknown>
    await ensureSip()
    supervisions.push({ telephonySessionId: call.telephonySessionId, partyId: null, body, at: deps.now().toISOString() })
    const agent = superviseTarget(call, body, reply, false)
    if (!agent) return reply
    return partyView(call, await supervise(call, agent, undefined))
  })

  app.post<{ Params: { sessionId: string; partyId: string } }>(`${sessionsPath}/parties/:partyId/supervise`, async (request, reply) => {
    if (!deps.authenticated(request, reply)) return reply
    const call = findCall(request, reply)
    const party = call && findParty(call, request.params.partyId, reply)
    if (!call || !party) return reply
    const body = (request.body ?? {}) as Record<string, unknown>
    await ensureSip()
    supervisions.push({ telephonySessionId: call.telephonySessionId, partyId: party.id, body, at: deps.now().toISOString() })
    const agent = superviseTarget(call, body, reply, true)
    if (!agent) return reply
    if (call.refusePartySupervise) return rcError(reply, 403, 'TAS-108', 'Party monitoring is not supported for this call')
    return partyView(call, await supervise(call, agent, party.id))
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
    sipReady: ensureSip,
    transfers,
    supervisions,
    tapDeviceId: tapDevice.id,
    sip: () => sip,
    async scriptedCall(input) {
      if (!Array.isArray(input.lines) || !input.lines.every((line) => (line.speaker === 'caller' || line.speaker === 'staff') && typeof line.text === 'string')) {
        throw new Error('lines must be [{speaker: "caller"|"staff", text}]')
      }
      const extension = simulatedExtensions.find((e) => e.extensionNumber === (input.toExtension ?? '101'))
      if (!extension) throw new Error(`No extension ${input.toExtension}`)
      const call: SimulatedCall = {
        telephonySessionId: newTelephonySessionId(),
        customerNumber: input.from,
        customerName: input.fromName ?? 'WIRELESS CALLER',
        sequence: 0,
        parties: [],
        party: { id: '', extensionId: extension.id, extensionName: extension.name, status: 'Proceeding' },
        lines: input.lines,
        speed: Math.max(1, Math.floor(input.speed ?? 1)),
        hangUp: input.hangUp ?? true,
        hangUpAfterMs: Math.max(0, input.hangUpAfterMs ?? 5000),
        refusePartySupervise: input.refusePartySupervise === true,
        legs: new Set(),
        playing: false,
        ended: false,
      }
      call.party = newParty(call, extension, 'Proceeding')
      calls.set(call.telephonySessionId, call)
      await emit(call)
      call.party.status = 'Answered'
      await emit(call)
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
      const known = calls.get(body.telephonySessionId)
      if (known && body.sequence <= known.sequence) return // our own event, or an older one
      const parties: SimulatedParty[] = (body.parties ?? [])
        .filter((p) => p.extensionId)
        .map((p) => ({
          id: p.id,
          extensionId: p.extensionId!,
          extensionName: simulatedExtensions.find((e) => e.id === p.extensionId)?.name ?? p.to?.name ?? '',
          status: p.status.code,
          reason: p.status.reason,
        }))
      const active = parties.filter((p) => p.status !== 'Disconnected' && p.status !== 'Gone').at(-1) ?? parties.at(-1)
      if (!active) return
      if (known) {
        known.sequence = body.sequence
        known.parties = parties
        known.party = active
        return
      }
      const first = body.parties!.find((p) => p.extensionId)!
      calls.set(body.telephonySessionId, {
        telephonySessionId: body.telephonySessionId,
        customerNumber: first.from?.phoneNumber ?? '',
        customerName: first.from?.name ?? 'WIRELESS CALLER',
        sequence: body.sequence,
        parties,
        party: active,
        lines: [],
        speed: 1,
        hangUp: false,
        hangUpAfterMs: 0,
        refusePartySupervise: false,
        legs: new Set(),
        playing: false,
        ended: false,
      })
    },
    async close() {
      for (const call of calls.values()) {
        call.ended = true
        endLegs(call)
      }
      if (starting) {
        await starting
        await sip.close()
      }
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
  app.get('/__sim/ringcentral/supervisions', async () => ({ records: supervisions }))

  return control
}
