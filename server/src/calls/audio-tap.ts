/**
 * The audio tap: how call audio reaches the relay (providers §1.7). RingEX has no API that pushes
 * call audio; audio arrives only on a SIP device that RingCentral invites to listen to a call
 * (Call Supervision, `POST .../telephony/sessions/{id}/supervise` with `mode: Listen`). Both sources
 * below register such a device and ask RingCentral, through the SDK, to supervise calls:
 *
 * - `SandboxAudioTap`: the RingCentral simulator's stand-in for the SIP leg (a WebSocket device
 *   provisioned through `POST /restapi/v1.0/client-info/sip-provision`);
 * - `SoftphoneAudioTap` (`softphone-audio-tap.ts`): the real SIP leg with `ringcentral-softphone`.
 */
import type { SDK } from '@ringcentral/sdk'
import WebSocket from 'ws'

export type TapEncoding = 'mulaw' | 'linear16'
/** Who is speaking on a channel; `mixed` when the source cannot tell the parties apart. */
export type TapSpeaker = 'caller' | 'staff' | 'mixed'

export interface TappedCallStart {
  telephonySessionId: string
  encoding: TapEncoding
  sampleRate: number
  speakers: TapSpeaker[]
}

export interface CallAudioFrame {
  telephonySessionId: string
  encoding: TapEncoding
  sampleRate: number
  speaker: TapSpeaker
  payload: Buffer
}

export interface AudioTapListener {
  onCallStart(start: TappedCallStart): void
  onFrame(frame: CallAudioFrame): void
  onCallEnd(telephonySessionId: string): void
}

export interface CallAudioTap {
  /** Registers the listening device. */
  start(listener: AudioTapListener): Promise<void>
  /** Asks RingCentral to let the device listen to this call; audio then reaches the listener. */
  tap(telephonySessionId: string): Promise<void>
  stop(): Promise<void>
}

export class AudioTapError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AudioTapError'
  }
}

/** Asks RingCentral to add our device as a silent listener of the call. */
export async function superviseCall(sdk: SDK, telephonySessionId: string, deviceId: string): Promise<void> {
  try {
    await sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(telephonySessionId)}/supervise`, {
      mode: 'Listen',
      supervisorDeviceId: deviceId,
      autoAnswer: true,
    })
  } catch (error) {
    throw new AudioTapError(`RingCentral refused to let the listening device supervise the call: ${(error as Error).message.slice(0, 300)}`)
  }
}

interface SandboxDeviceMessage {
  type: 'registered' | 'invite' | 'media' | 'bye'
  deviceId?: string
  telephonySessionId?: string
  encoding?: TapEncoding
  sampleRate?: number
  speakers?: TapSpeaker[]
  speaker?: TapSpeaker
  payload?: string
}

/**
 * The sandbox source: provisions a device with the simulator, connects to its stand-in SIP
 * endpoint with the provisioned credentials, and turns its messages into tap events.
 */
export class SandboxAudioTap implements CallAudioTap {
  private socket: WebSocket | null = null
  private deviceId: string | null = null
  private readonly calls = new Map<string, TappedCallStart>()

  constructor(private readonly sdk: SDK) {}

  async start(listener: AudioTapListener): Promise<void> {
    const response = await this.sdk.platform().post('/restapi/v1.0/client-info/sip-provision', { sipInfo: [{ transport: 'WSS' }] })
    const provision = (await response.json()) as {
      device?: { id?: string }
      sipInfo?: { username?: string; password?: string; outboundProxy?: string }[]
    }
    const sip = provision.sipInfo?.[0]
    if (!provision.device?.id || !sip?.outboundProxy || !sip.username || !sip.password) {
      throw new AudioTapError('RingCentral did not provision a listening device (no device id or SIP credentials).')
    }
    const socket = new WebSocket(`ws://${sip.outboundProxy}`, {
      headers: { authorization: `Basic ${Buffer.from(`${sip.username}:${sip.password}`).toString('base64')}` },
    })
    this.socket = socket
    this.deviceId = await new Promise<string>((resolve, reject) => {
      socket.once('error', (error) => reject(new AudioTapError(`The listening device could not register: ${error.message}`)))
      socket.once('unexpected-response', (_request, res) => reject(new AudioTapError(`The listening device was refused (${res.statusCode}).`)))
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as SandboxDeviceMessage
        if (message.type === 'registered' && message.deviceId) resolve(message.deviceId)
        else this.receive(message, listener)
      })
    })
  }

  async tap(telephonySessionId: string): Promise<void> {
    if (!this.deviceId) throw new AudioTapError('The listening device is not registered.')
    await superviseCall(this.sdk, telephonySessionId, this.deviceId)
  }

  async stop(): Promise<void> {
    this.socket?.close(1000)
    this.socket = null
  }

  private receive(message: SandboxDeviceMessage, listener: AudioTapListener): void {
    const id = message.telephonySessionId
    if (!id) return
    if (message.type === 'invite' && message.encoding && message.sampleRate) {
      const start = { telephonySessionId: id, encoding: message.encoding, sampleRate: message.sampleRate, speakers: message.speakers ?? ['mixed'] }
      this.calls.set(id, start)
      listener.onCallStart(start)
    } else if (message.type === 'media' && message.payload) {
      const call = this.calls.get(id)
      if (!call) return
      listener.onFrame({ telephonySessionId: id, encoding: call.encoding, sampleRate: call.sampleRate, speaker: message.speaker ?? 'mixed', payload: Buffer.from(message.payload, 'base64') })
    } else if (message.type === 'bye' && this.calls.delete(id)) {
      listener.onCallEnd(id)
    }
  }
}
