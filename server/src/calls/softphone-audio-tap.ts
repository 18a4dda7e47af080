/**
 * The production audio source: `ringcentral-softphone` registers as the account's "Existing
 * Phone" (`OtherPhone`) device over SIP/TLS, auto-answers the INVITE that a supervise request
 * triggers, and emits each RTP packet decoded to 16-bit PCM at 16 kHz (codec OPUS/16000).
 * Untested here: it needs RingCentral's SIP servers (see README.md in this folder).
 */
import type { SDK } from '@ringcentral/sdk'
import { superviseCall, AudioTapError, type AudioTapListener, type CallAudioTap } from './audio-tap'

export interface SoftphoneAudioTapOptions {
  sdk: SDK
  /** The `OtherPhone` device RingCentral invites when asked to supervise (a Call Monitoring Group must allow it). */
  deviceId: string
}

interface SipInfo {
  domain: string
  outboundProxies?: { region: string; proxyTLS: string }[]
  userName: string
  password: string
  authorizationId: string
}

export class SoftphoneAudioTap implements CallAudioTap {
  private softphone: { revoke(): void } | null = null

  constructor(private readonly options: SoftphoneAudioTapOptions) {}

  async start(listener: AudioTapListener): Promise<void> {
    const response = await this.options.sdk.platform().get(`/restapi/v1.0/account/~/device/${encodeURIComponent(this.options.deviceId)}/sip-info`)
    const sip = (await response.json()) as SipInfo
    const proxy = sip.outboundProxies?.find((p) => p.region === 'NA')?.proxyTLS ?? sip.outboundProxies?.[0]?.proxyTLS
    if (!proxy) throw new AudioTapError('RingCentral returned no SIP outbound proxy for the listening device.')
    const { default: Softphone } = await import('ringcentral-softphone')
    const softphone = new Softphone({
      domain: sip.domain,
      outboundProxy: proxy,
      username: sip.userName,
      password: sip.password,
      authorizationId: sip.authorizationId,
      codec: 'OPUS/16000',
    })
    await softphone.register()
    this.softphone = softphone
    softphone.on('invite', async (invite: { getHeader(name: string): string | undefined }) => {
      // The supervise INVITE names the monitored session (`session-id=s-…`); the exact header
      // format is unconfirmed, so both documented headers are read.
      const ids = invite.getHeader('p-rc-api-monitoring-ids') ?? invite.getHeader('p-rc-api-ids') ?? ''
      const telephonySessionId = /session-id=([^;\s]+)/.exec(ids)?.[1]
      if (!telephonySessionId) return softphone.decline(invite as never)
      const session = await softphone.answer(invite as never)
      listener.onCallStart({ telephonySessionId, encoding: 'linear16', sampleRate: 16000, speakers: ['mixed'] })
      session.on('audioPacket', (packet: { payload: Buffer }) =>
        listener.onFrame({ telephonySessionId, encoding: 'linear16', sampleRate: 16000, speaker: 'mixed', payload: packet.payload }),
      )
      session.once('disposed', () => listener.onCallEnd(telephonySessionId))
    })
  }

  tap(telephonySessionId: string): Promise<void> {
    return superviseCall(this.options.sdk, telephonySessionId, this.options.deviceId)
  }

  async stop(): Promise<void> {
    this.softphone?.revoke()
    this.softphone = null
  }
}
