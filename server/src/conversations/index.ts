/**
 * Builds the relay's SMS conversation loop from its configuration: the RingCentral sender when
 * app credentials are configured, and the agent brain chosen by OPENAI_API_KEY.
 */
import type { AgentBrain } from '../../../src/domain/agent/agent-brain'
import type { Settings } from '../../../src/domain/schemas'
import { createAgentBrain } from '../agent/create-brain'
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
  return new ConversationService({ db, documents, sender, loadBrain: brainLoader(config, logger), logger: subsystemLogger(logger, 'conversations'), now })
}

/**
 * The agent brain for texts: the OpenAI brain (falling back to the rules brain) when
 * OPENAI_API_KEY is set, else the embedded rules brain. Built once per business base location,
 * because the ZIP directory behind distance estimates is large.
 */
function brainLoader(config: RelayConfig, logger: Logger) {
  const brains = new Map<string, Promise<AgentBrain>>()
  return (settings: Settings) => {
    const key = JSON.stringify(settings.baseLocation)
    let brain = brains.get(key)
    if (!brain) {
      brain = createAgentBrain({ openai: config.providers.openai, baseLocation: settings.baseLocation, logger })
      brains.set(key, brain)
    }
    return brain
  }
}
