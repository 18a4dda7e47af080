/**
 * Builds the relay's SMS conversation loop from its configuration: the RingCentral sender when
 * app credentials are configured, and the agent brain chosen by OPENAI_API_KEY.
 */
import { agentBrainPerLocation } from '../agent/create-brain'
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import { createRelaySmsSender } from '../providers/ringcentral/relay-sms-sender'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import { ConversationService, type ConversationStorage } from './conversation-service'
import { isNumberOptedOut } from './customer-directory'
import type { RelayStorage } from '../storage/relay-storage'

export { ConversationService } from './conversation-service'

export interface ConversationServiceDependencies {
  storage: ConversationStorage
  config: RelayConfig
  logger: Logger
  now?: () => Date
  /** Shared with the relay's other services (relay-services.ts). */
  shared: SharedAgentParts
}

/** What the relay's services can share: one agent brain per base location, one text sender. */
export interface SharedAgentParts {
  loadBrain: ReturnType<typeof agentBrainPerLocation>
  sender: SmsSender | null
}

/** The agent brain and the RingCentral text sender (opt-out checked at every send), built once. */
export function createSharedAgentParts({ storage, config, logger }: { storage: Pick<RelayStorage, 'signIns' | 'optOuts' | 'queries'>; config: RelayConfig; logger: Logger }): SharedAgentParts {
  return {
    loadBrain: agentBrainPerLocation(config.providers.openai, logger),
    sender: createRelaySmsSender({ signIns: storage.signIns, config, isOptedOut: (phone) => isNumberOptedOut(storage, phone) }),
  }
}

export function createConversationService(dependencies: ConversationServiceDependencies): ConversationService {
  const { storage, logger, now } = dependencies
  const { sender, loadBrain } = dependencies.shared
  return new ConversationService({ storage, sender, loadBrain, logger: subsystemLogger(logger, 'conversations'), now })
}

