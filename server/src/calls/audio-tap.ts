/**
 * The audio tap: how call audio reaches the relay (providers §1.7). RingEX has no API that pushes
 * call audio; audio arrives only on a SIP device that RingCentral invites to listen to a call
 * (Call Supervision). The one implementation is `SoftphoneAudioTap` (`ringcentral-softphone`),
 * against RingCentral or the sandbox's SIP endpoint alike.
 *
 * A tapped call has up to two legs, each its own SIP call to the device:
 * - `session`: session-level supervise. The reference says it carries both parties mixed in one
 *   channel, so its words are told apart by speaker (Deepgram diarization) and attributed with the
 *   help of the other leg.
 * - `agent`: party-level supervise of the answering staff member's party: that one voice alone.
 *   It is not transcribed; it tells which diarized speaker is the staff member.
 */
import type { SDK } from '@ringcentral/sdk'

export type TapEncoding = 'mulaw' | 'linear16'
export type TapLeg = 'session' | 'agent'

export interface TapLegStart {
  telephonySessionId: string
  leg: TapLeg
  encoding: TapEncoding
  sampleRate: number
}

export interface CallAudioFrame {
  telephonySessionId: string
  leg: TapLeg
  encoding: TapEncoding
  sampleRate: number
  payload: Buffer
}

export interface AudioTapListener {
  onLegStart(start: TapLegStart): void
  onFrame(frame: CallAudioFrame): void
  onLegEnd(telephonySessionId: string, leg: TapLeg): void
}

/** The party RingCentral's call is answered by: whom supervise monitors. */
export interface MonitoredAgent {
  partyId: string
  extensionId: string
}

export interface CallAudioTap {
  /** Registers the listening device. */
  start(listener: AudioTapListener): Promise<void>
  /**
   * Asks RingCentral to let the device listen to this call (once per session) and to the agent's
   * own party (again after a transfer brings a new one); returns the agent monitored.
   */
  tap(telephonySessionId: string): Promise<MonitoredAgent>
  stop(): Promise<void>
}

export class AudioTapError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AudioTapError'
  }
}

const sessionPath = (telephonySessionId: string) => `/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(telephonySessionId)}`

interface SessionParty {
  id?: string
  extensionId?: string | number
  direction?: string
  status?: { code?: string; reason?: string }
  owner?: { extensionId?: string | number }
  from?: { deviceId?: string }
}

/**
 * The staff member's party on the call, from the session as RingCentral reports it now: answered,
 * owned by an extension, and not a supervisor (a supervising party is outbound, from a device,
 * `reason: Supervising`). Party ids are opaque: nothing is read from them.
 */
export async function answeringAgent(sdk: SDK, telephonySessionId: string): Promise<MonitoredAgent> {
  const session = (await (await sdk.platform().get(sessionPath(telephonySessionId))).json()) as { parties?: SessionParty[] }
  const agent = (session.parties ?? []).find(
    (party) =>
      party.id &&
      party.status?.code === 'Answered' &&
      party.status.reason !== 'Supervising' &&
      !party.from?.deviceId &&
      (party.extensionId ?? party.owner?.extensionId) !== undefined,
  )
  if (!agent?.id) throw new AudioTapError('RingCentral reports no answered staff party on the call to monitor.')
  return { partyId: agent.id, extensionId: String(agent.extensionId ?? agent.owner!.extensionId) }
}

/** Session-level supervise: both parties mixed; the monitored agent's extension is required. */
export async function superviseSession(sdk: SDK, telephonySessionId: string, deviceId: string, agent: MonitoredAgent): Promise<void> {
  await supervise(sdk, `${sessionPath(telephonySessionId)}/supervise`, { mode: 'Listen', supervisorDeviceId: deviceId, agentExtensionId: agent.extensionId, autoAnswer: true, mediaSDP: 'sendOnly' })
}

/** Party-level supervise: the agent's own voice. */
export async function superviseParty(sdk: SDK, telephonySessionId: string, deviceId: string, agent: MonitoredAgent): Promise<void> {
  await supervise(sdk, `${sessionPath(telephonySessionId)}/parties/${encodeURIComponent(agent.partyId)}/supervise`, {
    mode: 'Listen',
    supervisorDeviceId: deviceId,
    agentExtensionId: agent.extensionId,
    autoAnswer: true,
    mediaSDP: 'sendOnly',
  })
}

async function supervise(sdk: SDK, path: string, body: Record<string, unknown>): Promise<void> {
  try {
    await sdk.platform().post(path, body)
  } catch (error) {
    throw new AudioTapError(`RingCentral refused to let the listening device supervise the call: ${(error as Error).message.slice(0, 300)}`)
  }
}
