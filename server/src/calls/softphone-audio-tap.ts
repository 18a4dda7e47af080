/**
 * The audio source: `ringcentral-softphone` registers as the account's "Existing Phone"
 * (`OtherPhone`) device over SIP/TLS with the credentials of `GET .../device/{id}/sip-info`, and
 * auto-answers the INVITEs supervise requests cause. Each INVITE's `p-rc-api-monitoring-ids` names
 * the monitored session, and the party for party-level supervise: that is how a leg is known to be
 * the mixed session or the agent's own voice. The library decodes RTP to 16 kHz PCM (OPUS/16000,
 * its default) or passes µ-law through (PCMU/8000).
 *
 * Runs the same against RingCentral and against the sandbox's SIP endpoint; the only difference is
 * that a loopback proxy's self-signed certificate may be accepted (`allowSelfSignedLoopbackProxy`,
 * which the relay sets only for its embedded sandbox and which is refused for any other host).
 */
import type { LazyRingCentralSdk } from '../providers/ringcentral/ringcentral-sdk'
import {
  AudioTapError,
  answeringAgent,
  superviseParty,
  superviseSession,
  type AudioTapListener,
  type CallAudioTap,
  type MonitoredAgent,
  type TapEncoding,
  type TapLeg,
} from './audio-tap'

export type SoftphoneCodec = 'OPUS/16000' | 'PCMU/8000'

export interface SoftphoneAudioTapOptions {
  /** RingCentral's SDK, built at first use (its sign-in is read from the relay's database). */
  client: LazyRingCentralSdk
  /** The `OtherPhone` device RingCentral invites when asked to supervise (a Call Monitoring Group must allow it). */
  deviceId: string
  codec?: SoftphoneCodec
  /** Prefer this outbound proxy region (default NA). */
  region?: string
  /** Accept a self-signed certificate, for a proxy on 127.0.0.1 / ::1 only (the sandbox). */
  allowSelfSignedLoopbackProxy?: boolean
  /** How the library is loaded (tests may count registrations); the real package by default. */
  loadSoftphone?: () => Promise<SoftphoneConstructor>
}

interface SipInfo {
  domain?: string
  outboundProxies?: { region?: string; proxy?: string; proxyTLS?: string }[]
  userName?: string
  password?: string
  authorizationId?: string
}

interface InviteMessage {
  getHeader(name: string): string | undefined
}

interface CallSession {
  on(event: 'audioPacket', listener: (packet: { payload: Buffer }) => void): void
  once(event: 'disposed', listener: () => void): void
}

interface Softphone {
  register(): Promise<void>
  on(event: 'invite', listener: (invite: InviteMessage) => void): void
  on(event: 'registrationError', listener: (error: Error) => void): void
  answer(invite: InviteMessage): Promise<CallSession>
  decline(invite: InviteMessage): Promise<void>
  revoke(): void
}

type SoftphoneConstructor = new (options: Record<string, unknown>) => Softphone

const formats: Record<SoftphoneCodec, { encoding: TapEncoding; sampleRate: number }> = {
  'OPUS/16000': { encoding: 'linear16', sampleRate: 16_000 },
  'PCMU/8000': { encoding: 'mulaw', sampleRate: 8_000 },
}

interface TappedSession {
  /** Session-level supervise asked for. */
  session: boolean
  /** The agent party whose own voice was asked for last. */
  agent: MonitoredAgent | null
}

export class SoftphoneAudioTap implements CallAudioTap {
  private softphone: Softphone | null = null
  private readonly sessions = new Map<string, TappedSession>()

  constructor(private readonly options: SoftphoneAudioTapOptions) {}

  async start(listener: AudioTapListener): Promise<void> {
    const { client, deviceId } = this.options
    const sip = (await (await (await client.platform()).get(`/restapi/v1.0/account/~/device/${encodeURIComponent(deviceId)}/sip-info`)).json()) as SipInfo
    const region = this.options.region ?? 'NA'
    const proxy = sip.outboundProxies?.find((p) => p.region === region)?.proxyTLS ?? sip.outboundProxies?.find((p) => p.proxyTLS)?.proxyTLS
    if (!proxy || !sip.domain || !sip.userName || !sip.password || !sip.authorizationId) {
      throw new AudioTapError('RingCentral returned no TLS outbound proxy or SIP credentials for the listening device.')
    }
    const host = proxy.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
    const loopback = host === '127.0.0.1' || host === '::1'
    if (this.options.allowSelfSignedLoopbackProxy && !loopback) {
      throw new AudioTapError(`A self-signed SIP certificate is accepted only from a loopback proxy, not ${host}.`)
    }
    const codec = this.options.codec ?? 'OPUS/16000'
    const format = formats[codec]
    const Softphone = await (this.options.loadSoftphone ?? (async () => (await import('ringcentral-softphone')).default))()
    const softphone = new Softphone({
      domain: sip.domain,
      outboundProxy: proxy,
      username: sip.userName,
      password: sip.password,
      authorizationId: sip.authorizationId,
      codec,
      ignoreTlsCertErrors: Boolean(this.options.allowSelfSignedLoopbackProxy && loopback),
    })
    this.softphone = softphone
    softphone.on('registrationError', () => {
      // Re-registration runs every 30 s; a missed one is retried by the library.
    })
    await softphone.register()
    softphone.on('invite', (invite) => {
      void this.answer(softphone, invite, listener, format)
    })
  }

  async tap(telephonySessionId: string): Promise<MonitoredAgent> {
    if (!this.softphone) throw new AudioTapError('The listening device is not registered.')
    const sdk = await this.options.client.sdk()
    const agent = await answeringAgent(sdk, telephonySessionId)
    const tapped = this.sessions.get(telephonySessionId) ?? { session: false, agent: null }
    this.sessions.set(telephonySessionId, tapped)
    if (!tapped.session) {
      await superviseSession(sdk, telephonySessionId, this.options.deviceId, agent)
      tapped.session = true
    }
    if (tapped.agent?.partyId !== agent.partyId) {
      tapped.agent = agent
      // Without the agent's own voice the speakers cannot be told apart, but the call is still heard.
      await superviseParty(sdk, telephonySessionId, this.options.deviceId, agent).catch(() => {
        tapped.agent = null
      })
    }
    return agent
  }

  async stop(): Promise<void> {
    this.softphone?.revoke()
    this.softphone = null
    this.sessions.clear()
  }

  /** Answers an INVITE this tap asked for (declines any other) and turns its audio into frames. */
  private async answer(softphone: Softphone, invite: InviteMessage, listener: AudioTapListener, format: { encoding: TapEncoding; sampleRate: number }): Promise<void> {
    const ids = invite.getHeader('p-rc-api-monitoring-ids') ?? ''
    const telephonySessionId = /(?:^|;)\s*session-id=([^;\s]+)/.exec(ids)?.[1]
    const partyId = /(?:^|;)\s*party-id=([^;\s]+)/.exec(ids)?.[1]
    const tapped = telephonySessionId ? this.sessions.get(telephonySessionId) : undefined
    const leg: TapLeg | null = !tapped ? null : partyId === undefined ? 'session' : partyId === tapped.agent?.partyId ? 'agent' : null
    if (!telephonySessionId || !leg) {
      await softphone.decline(invite).catch(() => {})
      return
    }
    const call = await softphone.answer(invite)
    listener.onLegStart({ telephonySessionId, leg, ...format })
    call.on('audioPacket', (packet) => listener.onFrame({ telephonySessionId, leg, ...format, payload: packet.payload }))
    call.once('disposed', () => {
      if (leg === 'session') this.sessions.delete(telephonySessionId)
      listener.onLegEnd(telephonySessionId, leg)
    })
  }
}
