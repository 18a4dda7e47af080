/**
 * Builds the relay's call loop from its configuration: RingCentral app credentials for call
 * control and the audio tap, DEEPGRAM_API_KEY (+ DEEPGRAM_URL) for transcription, the same agent
 * brain and SMS sender as texts. The audio source is `ringcentral-softphone` registered as the
 * listening device (RINGCENTRAL_TAP_DEVICE_ID, or the sandbox's device on its SIP endpoint).
 */
import { DeepgramClient } from '@deepgram/sdk'
import { LazyRingCentralSdk } from '../providers/ringcentral/ringcentral-sdk'
import type { RelayConfig } from '../config/config'
import type { SharedAgentParts } from '../conversations'
import { subsystemLogger, type Logger } from '../logging/logger'
import type { CallAudioTap } from './audio-tap'
import { CallService, type CallStorage } from './call-service'
import type { RelayStorage } from '../storage/relay-storage'
import { SoftphoneAudioTap } from './softphone-audio-tap'


export { CallService } from './call-service'

export interface CallServiceDependencies {
  /** Every store the call loop works through (either engine), and where its RingCentral sign-in is kept. */
  storage: CallStorage & Pick<RelayStorage, 'signIns'>
  config: RelayConfig
  logger: Logger
  now?: () => Date
  /**
   * Where call audio comes from: RingCentral's SIP leg through `ringcentral-softphone` with this
   * device id (`sandbox`: the embedded sandbox's device, whose loopback SIP proxy has a
   * self-signed certificate), or nowhere (no live transcription).
   */
  audioSource?: { kind: 'softphone'; deviceId: string; sandbox?: boolean } | { kind: 'none' }
  /** Overrides DEEPGRAM_* (the embedded sandbox passes its simulator here). */
  deepgram?: { apiKey: string; url?: string }
  reconnectAttempts?: number
  /** Shared with the relay's other services (relay-services.ts). */
  shared: SharedAgentParts
}

export function createCallService(dependencies: CallServiceDependencies): CallService {
  const { storage, config, now } = dependencies
  const logger = subsystemLogger(dependencies.logger, 'calls')
  const { serverUrl, clientId, jwt } = config.providers.ringCentral
  // The sign-in is kept sealed in the database like the other RingCentral clients', so a
  // restarted relay refreshes it instead of logging in with the JWT again.
  const client = serverUrl && clientId && jwt ? new LazyRingCentralSdk(config.providers.ringCentral, 'calls', storage.signIns) : null
  const { sender, loadBrain } = dependencies.shared
  const deepgramSettings = dependencies.deepgram ?? (config.providers.deepgram.apiKey ? { apiKey: config.providers.deepgram.apiKey, url: config.providers.deepgram.url } : null)
  const deepgram = deepgramSettings ? new DeepgramClient({ apiKey: deepgramSettings.apiKey, ...(deepgramSettings.url ? { baseUrl: deepgramSettings.url } : {}) }) : null
  const source = dependencies.audioSource ?? { kind: 'none' }
  let tap: CallAudioTap | null = null
  if (client && source.kind === 'softphone') tap = new SoftphoneAudioTap({ client, deviceId: source.deviceId, allowSelfSignedLoopbackProxy: source.sandbox === true })
  if (!deepgram) logger.info('No DEEPGRAM_API_KEY: calls are not transcribed')
  return new CallService({
    storage,
    logger,
    now,
    ringCentral: client && jwt ? { client, jwt } : null,
    tap,
    deepgram,
    sender,
    loadBrain,
    reconnectAttempts: dependencies.reconnectAttempts,
  })
}

