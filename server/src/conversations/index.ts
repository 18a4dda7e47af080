/**
 * Builds the relay's SMS conversation loop from its configuration: the RingCentral sender when
 * app credentials are configured, and the agent brain chosen by OPENAI_API_KEY.
 */
import { agentBrainPerLocation } from '../agent/create-brain'
import type { RelayConfig } from '../config/config'
import { subsystemLogger, type Logger } from '../logging/logger'
import { createRelaySmsSender } from '../providers/ringcentral/relay-sms-sender'
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
}

export function createConversationService({ db, documents, config, logger, now }: ConversationServiceDependencies): ConversationService {
  const customers = new CustomerDirectory(db, documents, now ?? (() => new Date()))
  const sender = createRelaySmsSender({ db, config, logger, isOptedOut: (phone) => customers.isOptedOut(phone) })
  return new ConversationService({ db, documents, sender, loadBrain: agentBrainPerLocation(config.providers.openai, logger), logger: subsystemLogger(logger, 'conversations'), now })
}

