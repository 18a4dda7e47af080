/**
 * Builds the relay's call loop from its configuration: RingCentral app credentials for call
 * control and the audio tap, DEEPGRAM_API_KEY (+ DEEPGRAM_URL) for transcription, the same agent
 * brain and SMS sender as texts. The audio source is the simulator's stand-in SIP device when
 * RingCentral is sandboxed, and `ringcentral-softphone` when a listening device id is configured.
 */
import { DeepgramClient } from '@deepgram/sdk'
import { SDK } from '@ringcentral/sdk'
import { agentBrainPerLocation } from '../agent/create-brain'
import type { RelayConfig } from '../config/config'
import { CustomerDirectory } from '../conversations/customer-directory'
import { subsystemLogger, type Logger } from '../logging/logger'
import { createRelaySmsSender } from '../providers/ringcentral/relay-sms-sender'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { SandboxAudioTap, type CallAudioTap } from './audio-tap'
import { CallService } from './call-service'
import { SoftphoneAudioTap } from './softphone-audio-tap'

export { CallService, type VoicemailMessage } from './call-service'

export interface CallServiceDependencies {
  db: RelayDatabase
  documents: DocumentStore
  config: RelayConfig
  logger: Logger
  now?: () => Date
  /**
   * Where call audio comes from: the sandbox's stand-in device, RingCentral's SIP leg through
   * `ringcentral-softphone` with this device id, or nowhere (no live transcription).
   */
  audioSource?: { kind: 'sandbox' } | { kind: 'softphone'; deviceId: string } | { kind: 'none' }
  /** Overrides DEEPGRAM_* (the embedded sandbox passes its simulator here). */
  deepgram?: { apiKey: string; url?: string }
  reconnectAttempts?: number
}

export function createCallService(dependencies: CallServiceDependencies): CallService {
  const { db, documents, config, now } = dependencies
  const logger = subsystemLogger(dependencies.logger, 'calls')
  const { serverUrl, clientId, clientSecret, jwt } = config.providers.ringCentral
  const sdk = serverUrl && clientId && jwt ? new SDK({ server: serverUrl, clientId, clientSecret }) : null
  const customers = new CustomerDirectory(db, documents, now ?? (() => new Date()))
  const sender = createRelaySmsSender({ db, config, logger, isOptedOut: (phone) => customers.isOptedOut(phone) })
  const deepgramSettings = dependencies.deepgram ?? (config.providers.deepgram.apiKey ? { apiKey: config.providers.deepgram.apiKey, url: config.providers.deepgram.url } : null)
  const deepgram = deepgramSettings ? new DeepgramClient({ apiKey: deepgramSettings.apiKey, ...(deepgramSettings.url ? { baseUrl: deepgramSettings.url } : {}) }) : null
  const source = dependencies.audioSource ?? { kind: 'none' }
  let tap: CallAudioTap | null = null
  if (sdk && source.kind === 'sandbox') tap = new SandboxAudioTap(sdk)
  if (sdk && source.kind === 'softphone') tap = new SoftphoneAudioTap({ sdk, deviceId: source.deviceId })
  if (!deepgram) logger.info('No DEEPGRAM_API_KEY: calls are not transcribed')
  return new CallService({
    db,
    documents,
    logger,
    now,
    ringCentral: sdk && jwt ? { sdk, jwt } : null,
    tap,
    deepgram,
    sender,
    loadBrain: agentBrainPerLocation(config.providers.openai, dependencies.logger),
    reconnectAttempts: dependencies.reconnectAttempts,
  })
}

