/**
 * Builds the relay's SMS conversation loop from its configuration: the RingCentral sender when
 * app credentials are configured, and the agent brain chosen by OPENAI_API_KEY.
 */
import { agentBrainPerLocation } from '../agent/create-brain'
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import { createRelaySmsSender } from '../providers/ringcentral/relay-sms-sender'
import type { SmsSender } from '../providers/ringcentral/sms-sender'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { ConversationService } from './conversation-service'
import { CustomerDirectory } from './customer-directory'

export { ConversationService } from './conversation-service'

export interface ConversationServiceDependencies {
  db: RelayDatabase
  documents: DocumentStore
  config: RelayConfig
  logger: Logger
  now?: () => Date
  /** Shared with the relay's other services (see `cli/relay.ts`); built here when not given. */
  shared?: SharedAgentParts
}

/** What the relay's services can share: one agent brain per base location, one text sender. */
export interface SharedAgentParts {
  loadBrain: ReturnType<typeof agentBrainPerLocation>
  sender: SmsSender | null
}

/** The agent brain and the RingCentral text sender (opt-out checked at every send), built once. */
export function createSharedAgentParts({ db, documents, config, logger, now }: Omit<ConversationServiceDependencies, 'shared'>): SharedAgentParts {
  const customers = new CustomerDirectory(db, documents, now ?? (() => new Date()))
  return {
    loadBrain: agentBrainPerLocation(config.providers.openai, logger),
    sender: createRelaySmsSender({ db, config, logger, isOptedOut: (phone) => customers.isOptedOut(phone) }),
  }
}

export function createConversationService(dependencies: ConversationServiceDependencies): ConversationService {
  const { db, documents, logger, now } = dependencies
  const { sender, loadBrain } = dependencies.shared ?? createSharedAgentParts(dependencies)
  return new ConversationService({ db, documents, sender, loadBrain, logger: subsystemLogger(logger, 'conversations'), now })
}

