/**
 * RingCentral's SIP side for the sandbox: an outbound proxy and registrar over TLS, and the RTP
 * media of supervised calls, so a real `ringcentral-softphone` client (the relay's production audio
 * tap) registers and is invited exactly as by RingCentral (providers §1.7). Loopback only.
 *
 * - TLS on 127.0.0.1 with a certificate made at start (self-signed: the client must be told to
 *   accept it, which the relay allows only for a loopback proxy).
 * - `REGISTER` with SIP digest authentication (401 `WWW-Authenticate: Digest realm, nonce`, then
 *   MD5 over the device's authorization id, domain and password), answered 200.
 * - A supervise request makes an `INVITE` to the registered device with `p-rc-api-monitoring-ids`
 *   naming the monitored session (and the party, for party-level supervise) and an SDP offer of
 *   SRTP (`RTP/SAVP`, `AES_CM_128_HMAC_SHA1_80`) with OPUS/16000, OPUS/48000/2, PCMU/8000 and
 *   telephone-event, as RingCentral offers. The device's 200 OK answers with one codec and its own
 *   key; the endpoint ACKs, waits for the device's first UDP packet (symmetric RTP: the address the
 *   SDP gives is not where the client listens), then sends 20 ms SRTP packets in that codec.
 * - `BYE` when the monitored audio ends.
 *
 * SIP messages are written with `Content-Length` as the last header, one message per write.
 */
import { KeyObject, createHash, randomBytes, randomUUID, webcrypto } from 'node:crypto'
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram'
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls'
import type { Encoder } from '@evan/opus'
import { encodeSamples } from '../deepgram/sandbox-speech'

/** The media and certificate libraries are loaded when an endpoint starts, off the sandbox's start-up path. */
async function loadLibraries() {
  // @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first.
  await import('reflect-metadata')
  const [x509, rtp, opus] = await Promise.all([import('@peculiar/x509'), import('werift-rtp'), import('@evan/opus')])
  return { x509, RtpHeader: rtp.RtpHeader, SrtpSession: rtp.SrtpSession, Encoder: opus.Encoder }
}

export interface SipDevice {
  id: string
  userName: string
  authorizationId: string
  password: string
}

/** One supervise leg: where its audio comes from, and who is monitored. */
export interface MonitoringRequest {
  deviceId: string
  telephonySessionId: string
  /** Set for party-level supervise: only that party's audio. */
  partyId?: string
}

/** A leg's audio, 20 ms at a time as 16 kHz 16-bit samples; null once the monitored audio is over. */
export interface MediaLeg {
  readonly request: MonitoringRequest
  /** The codec the device chose, once it answered. */
  codec: string | null
  send(samples16k: Int16Array): void
  end(): void
  readonly ended: boolean
}

export interface SipEndpoint {
  domain: string
  /** `host:port` of the TLS proxy, as `outboundProxies[].proxyTLS` gives it. */
  proxyTls: string
  ready: Promise<void>
  isRegistered(deviceId: string): boolean
  /** Invites the device; resolves with the leg once the device answered (rejects if it declined). */
  invite(request: MonitoringRequest): Promise<MediaLeg>
  close(): Promise<void>
}

interface SipMessage {
  subject: string
  headers: Map<string, string>
  body: string
}

const codecs = {
  'OPUS/16000': { payloadType: 109, clockRate: 16_000, samplesPerPacket: 320 },
  'OPUS/48000/2': { payloadType: 111, clockRate: 48_000, samplesPerPacket: 960 },
  'PCMU/8000': { payloadType: 0, clockRate: 8_000, samplesPerPacket: 160 },
} as const
type CodecName = keyof typeof codecs

const md5 = (value: string) => createHash('md5').update(value).digest('hex')

export async function startSipEndpoint(options: { domain: string; devices: () => SipDevice[] }): Promise<SipEndpoint> {
  const { x509, RtpHeader, SrtpSession, Encoder } = await loadLibraries()
  const { key, cert } = await selfSignedCertificate(x509)
  const registrations = new Map<string, TLSSocket>() // device id → its connection
  const nonces = new Set<string>()
  const pendingInvites = new Map<string, { resolve: (message: SipMessage) => void }>() // Call-ID → waiting
  const openLegs = new Set<{ end(): void }>()

  const server: TlsServer = createTlsServer({ key, cert, minVersion: 'TLSv1.2' }, (socket) => {
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('error', () => socket.destroy())
    socket.on('data', (chunk: string) => {
      buffer += chunk
      for (;;) {
        const parsed = takeMessage(buffer)
        if (!parsed) break
        buffer = parsed.rest
        handle(socket, parsed.message)
      }
    })
    socket.on('close', () => {
      for (const [deviceId, registered] of registrations) if (registered === socket) registrations.delete(deviceId)
    })
  })
  const ready = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await ready
  const port = (server.address() as { port: number }).port

  function write(socket: TLSSocket, subject: string, headers: [string, string][], body = ''): void {
    const lines = [subject, ...headers.map(([name, value]) => `${name}: ${value}`), `Content-Length: ${Buffer.byteLength(body)}`, '', body]
    socket.write(lines.join('\r\n'))
  }

  function respond(socket: TLSSocket, request: SipMessage, status: string, extra: [string, string][] = []): void {
    const copied = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((name) => [name, request.headers.get(name.toLowerCase()) ?? ''] as [string, string])
    write(socket, `SIP/2.0 ${status}`, [...copied, ...extra])
  }

  function handle(socket: TLSSocket, message: SipMessage): void {
    if (message.subject.startsWith('REGISTER ')) return register(socket, message)
    if (message.subject.startsWith('SIP/2.0 ')) {
      const waiting = pendingInvites.get(message.headers.get('call-id') ?? '')
      if (waiting && !message.subject.startsWith('SIP/2.0 100 ')) waiting.resolve(message)
      return
    }
    // Anything else a client may send (OPTIONS, BYE of its own): acknowledged.
    if (!message.subject.startsWith('ACK ')) respond(socket, message, '200 OK')
  }

  function register(socket: TLSSocket, message: SipMessage): void {
    const user = /<sip:([^@>]+)@/.exec(message.headers.get('from') ?? '')?.[1]
    const device = options.devices().find((candidate) => candidate.userName === user)
    const authorization = message.headers.get('authorization')
    if (!device) return respond(socket, message, '403 Forbidden')
    if (!authorization) {
      const nonce = randomBytes(16).toString('hex')
      nonces.add(nonce)
      return respond(socket, message, '401 Unauthorized', [['WWW-Authenticate', `Digest realm="${options.domain}", nonce="${nonce}", algorithm=MD5`]])
    }
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(authorization)?.[1]
    const nonce = field('nonce') ?? ''
    const expected = md5(`${md5(`${device.authorizationId}:${options.domain}:${device.password}`)}:${nonce}:${md5(`REGISTER:sip:${options.domain}`)}`)
    if (!nonces.delete(nonce) || field('username') !== device.authorizationId || field('response') !== expected) {
      return respond(socket, message, '403 Forbidden')
    }
    registrations.set(device.id, socket)
    respond(socket, message, '200 OK', [
      ['Contact', `${message.headers.get('contact') ?? ''};expires=3600`],
      ['Expires', '3600'],
    ])
  }

  async function invite(request: MonitoringRequest): Promise<MediaLeg> {
    const socket = registrations.get(request.deviceId)
    const device = options.devices().find((candidate) => candidate.id === request.deviceId)
    if (!socket || !device) throw new Error('The supervisor device is not registered')
    const rtp = createSocket('udp4')
    await new Promise<void>((resolve) => rtp.bind(0, '127.0.0.1', resolve))
    const ourKey = randomBytes(30)
    const callId = randomUUID()
    const fromTag = randomUUID()
    const cseq = 1 + (randomBytes(2).readUInt16BE(0) % 5000)
    const offer = [
      'v=0',
      `o=- ${Date.now()} 0 IN IP4 127.0.0.1`,
      's=SmcSip',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${(rtp.address() as { port: number }).port} RTP/SAVP 109 111 0 101`,
      'a=rtpmap:109 OPUS/16000',
      'a=rtpmap:111 OPUS/48000/2',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-15',
      'a=sendonly',
      `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${ourKey.toString('base64')}`,
      '',
    ].join('\r\n')
    const contact = `sip:${device.userName}@127.0.0.1`
    const from = `<sip:supervise@${options.domain}>;tag=${fromTag}`
    const to = `<sip:${device.userName}@${options.domain}>`
    const monitoring = request.partyId ? `party-id=${request.partyId};session-id=${request.telephonySessionId}` : `session-id=${request.telephonySessionId}`
    /** A request of this dialog: a fresh branch, our From, their To (with its tag once they answered). */
    const sendInDialog = (method: string, sequence: number, dialogTo: string, extra: [string, string][] = [], body = '') =>
      write(
        socket,
        `${method} ${contact};transport=TLS SIP/2.0`,
        [
          ['Via', `SIP/2.0/TLS 127.0.0.1:${port};branch=z9hG4bK${randomUUID()}`],
          ['Max-Forwards', '70'],
          ['From', from],
          ['To', dialogTo],
          ['Call-ID', callId],
          ['CSeq', `${sequence} ${method}`],
          ...extra,
        ],
        body,
      )
    const answered = new Promise<SipMessage>((resolve) => pendingInvites.set(callId, { resolve }))
    sendInDialog(
      'INVITE',
      cseq,
      to,
      [
        ['Contact', `<sip:supervise@127.0.0.1:${port};transport=TLS>`],
        ['Call-Info', '<sip:127.0.0.1>;answer-after=0'],
        ['p-rc-api-monitoring-ids', monitoring],
        ['Content-Type', 'application/sdp'],
      ],
      offer,
    )
    const reply = await Promise.race([answered, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))])
    pendingInvites.delete(callId)
    if (!reply || !reply.subject.startsWith('SIP/2.0 200 ')) {
      rtp.close()
      throw new Error(`The device did not answer the INVITE (${reply?.subject ?? 'timeout'})`)
    }
    const codec = chosenCodec(reply.body)
    const theirKey = /AES_CM_128_HMAC_SHA1_80 inline:([\w+/]+)/.exec(reply.body)?.[1]
    const theirTo = reply.headers.get('to') ?? to
    sendInDialog('ACK', cseq, theirTo)
    if (!codec || !theirKey) {
      rtp.close()
      throw new Error('The device answered without a codec or SRTP key the endpoint offered')
    }
    const remoteKey = Buffer.from(theirKey, 'base64')
    const srtp = new SrtpSession({
      profile: 1, // AES_CM_128_HMAC_SHA1_80
      keys: { localMasterKey: ourKey.subarray(0, 16), localMasterSalt: ourKey.subarray(16, 30), remoteMasterKey: remoteKey.subarray(0, 16), remoteMasterSalt: remoteKey.subarray(16, 30) },
    })
    // Symmetric RTP: media goes where the device's first packet came from.
    let peer: RemoteInfo | null = null
    rtp.on('message', (_data, from) => {
      peer ??= from
    })
    const { payloadType, samplesPerPacket } = codecs[codec]
    const encoder = codec === 'PCMU/8000' ? null : new Encoder({ channels: codec === 'OPUS/16000' ? 1 : 2, sample_rate: codecs[codec].clockRate as 16000 | 48000 })
    let sequenceNumber = randomBytes(2).readUInt16BE(0)
    let timestamp = randomBytes(4).readUInt32BE(0)
    const ssrc = randomBytes(4).readUInt32BE(0)
    let first = true
    let ended = false
    const leg: MediaLeg & { end(): void } = {
      request,
      codec,
      get ended() {
        return ended
      },
      send(samples16k) {
        if (ended || !peer) return
        const payload = encodePayload(codec, samples16k, encoder)
        const header = new RtpHeader({ version: 2, marker: first, payloadType, sequenceNumber, timestamp, ssrc })
        first = false
        sequenceNumber = (sequenceNumber + 1) % 65_536
        timestamp = (timestamp + samplesPerPacket) % 2 ** 32
        rtp.send(srtp.encrypt(payload, header), peer.port, peer.address)
      },
      end() {
        if (ended) return
        ended = true
        openLegs.delete(leg)
        if (!socket.destroyed) sendInDialog('BYE', cseq + 1, theirTo)
        rtp.close()
      },
    }
    openLegs.add(leg)
    // The device's first packet usually arrives within milliseconds of the ACK.
    for (let waited = 0; !peer && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
    return leg
  }

  return {
    domain: options.domain,
    proxyTls: `127.0.0.1:${port}`,
    ready,
    isRegistered: (deviceId) => registrations.has(deviceId),
    invite,
    close: async () => {
      for (const leg of [...openLegs]) leg.end()
      for (const socket of registrations.values()) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The first codec of the answer's audio line that the endpoint offered. */
function chosenCodec(sdp: string): CodecName | null {
  const formats = /m=audio \d+ \S+ ([\d ]+)/.exec(sdp)?.[1]?.trim().split(/\s+/) ?? []
  for (const format of formats) {
    const name = new RegExp(`a=rtpmap:${format} ([^\\r\\n]+)`).exec(sdp)?.[1]?.trim()
    if (name && name in codecs) return name as CodecName
  }
  return null
}

function encodePayload(codec: CodecName, samples16k: Int16Array, encoder: Encoder | null): Buffer {
  if (codec === 'PCMU/8000') return encodeSamples(samples16k.filter((_, index) => index % 2 === 0), 'mulaw')
  if (codec === 'OPUS/16000') return Buffer.from(encoder!.encode(Buffer.from(samples16k.buffer, samples16k.byteOffset, samples16k.byteLength)))
  // 48 kHz stereo: each sample three times, on both channels (the tones stay far below 8 kHz).
  const stereo = new Int16Array(samples16k.length * 6)
  samples16k.forEach((sample, index) => stereo.fill(sample, index * 6, index * 6 + 6))
  return Buffer.from(encoder!.encode(Buffer.from(stereo.buffer)))
}

/** One complete SIP message off the front of the buffer, framed by Content-Length. */
function takeMessage(buffer: string): { message: SipMessage; rest: string } | null {
  const headEnd = buffer.indexOf('\r\n\r\n')
  if (headEnd === -1) return null
  const [subject = '', ...lines] = buffer.slice(0, headEnd).split('\r\n')
  const headers = new Map<string, string>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const length = Number(headers.get('content-length') ?? 0)
  const bodyStart = headEnd + 4
  if (Buffer.byteLength(buffer.slice(bodyStart)) < length) return null
  const body = Buffer.from(buffer.slice(bodyStart)).subarray(0, length).toString('utf8')
  return { message: { subject, headers, body }, rest: buffer.slice(bodyStart + body.length) }
}

/** A throwaway certificate for 127.0.0.1 (EC P-256), made once per endpoint. */
async function selfSignedCertificate(x509: typeof import('@peculiar/x509')): Promise<{ key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as never)
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=sip.sandbox.invalid',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 24 * 3600 * 1000),
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  })
  const key = KeyObject.from((keys as { privateKey: Parameters<typeof KeyObject.from>[0] }).privateKey).export({ type: 'pkcs8', format: 'pem' }) as string
  return { key, cert: certificate.toString('pem') }
}
